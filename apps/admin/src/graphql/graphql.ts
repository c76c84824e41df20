import { initGraphQLTada } from "gql.tada";
import type { introspection, introspection_types } from "./graphql-env.d.ts";

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

/** The values of an enum of the service's schema, e.g. `SchemaEnum<"RunStatus">`. */
export type SchemaEnum<Name extends keyof introspection_types> = introspection_types[Name] extends {
  enumValues: infer Values;
}
  ? Values
  : never;

/**
 * Every value of a schema enum, in the order a page shows them: the list stops compiling when the
 * schema gains or loses a value, so the app never lags behind the service.
 */
export function allEnumValues<Name extends keyof introspection_types>() {
  return <const List extends readonly SchemaEnum<Name>[]>(
    list: List & ([SchemaEnum<Name>] extends [List[number]] ? unknown : never),
  ): List => list;
}
