import { createRequire } from "node:module";
import { defineProject } from "vitest/config";
import { sourceResolution } from "../../vitest.shared.ts";

/**
 * `graphql` 16 has no `exports` map: Node loads its CommonJS `main` for every importer, while
 * Vite would pick the `module` (.mjs) build for our inlined source. Two copies of graphql in one
 * process break `instanceof` ("Cannot use GraphQLObjectType from another module or realm"), so
 * the tests resolve it exactly as Node does at run time.
 */
const graphqlAsNodeLoadsIt = createRequire(import.meta.url).resolve("graphql");

export default defineProject({
  ...sourceResolution,
  resolve: {
    ...sourceResolution.resolve,
    alias: [{ find: /^graphql$/, replacement: graphqlAsNodeLoadsIt }],
  },
  test: {
    name: "api",
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "bench/**/*.test.ts"],
    // The fault suite is its own project (`vitest.faults.config.ts`).
    exclude: ["test/faults/**", "**/node_modules/**"],
  },
});
