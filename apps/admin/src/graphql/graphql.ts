import { initGraphQLTada } from "gql.tada";
import type { introspection } from "./graphql-env.d.ts";

/**
 * `graphql(...)`: documents typed from the service's checked-in schema
 * (`packages/api/schema.graphql`). `graphql-env.d.ts` is generated from it by
 * `pnpm --filter @orgsync/admin graphql:generate`; a test fails when it is stale.
 *
 * Fragments are not masked: a document that spreads a shared fragment (`fragments.ts`, or one
 * beside the page that owns it) reads its fields directly, as if they were spelled out.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; JSON: unknown };
  disableMasking: true;
}>();

export type { FragmentOf, ResultOf, VariablesOf } from "gql.tada";
export { readFragment } from "gql.tada";
