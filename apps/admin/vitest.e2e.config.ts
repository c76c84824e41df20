import { createRequire } from "node:module";
import { defineProject } from "vitest/config";

/**
 * The admin app end to end: the built app in Debian's Chromium (playwright-core) against the
 * real service, slapd and Feishu sandbox. graphql is resolved as Node loads it, as in the api
 * project (one copy of graphql per process).
 */
const graphqlAsNodeLoadsIt = createRequire(import.meta.url).resolve("graphql");

/** As in vitest.shared.ts: workspace packages resolve to their TypeScript source. */
const conditions = ["@orgsync/source", "module", "node", "development|production"];

export default defineProject({
  ssr: { resolve: { conditions } },
  resolve: {
    conditions,
    alias: [{ find: /^graphql$/, replacement: graphqlAsNodeLoadsIt }],
  },
  test: {
    name: "admin-e2e",
    environment: "node",
    include: ["e2e/**/*.e2e.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
