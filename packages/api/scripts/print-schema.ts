/**
 * Writes the GraphQL schema to `packages/api/schema.graphql`, the contract the admin app's
 * typed client is generated from. A test fails when the file and the code disagree.
 *
 *   pnpm --filter @orgsync/api schema:print
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { printedSchema } from "../src/graphql/schema.ts";

const target = fileURLToPath(new URL("../schema.graphql", import.meta.url));
await writeFile(target, printedSchema());
console.log(`wrote ${target}`);
