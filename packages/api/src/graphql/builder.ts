import SchemaBuilder from "@pothos/core";
import ErrorsPlugin from "@pothos/plugin-errors";
import type { GraphQLContext } from "./context.ts";

/**
 * The one Pothos builder of the schema. Types are written by hand (no ORM plugin): the
 * GraphQL types are the API's contract, the tables are an implementation detail.
 *
 * Nullability is explicit per field; every field is non-null unless it says otherwise.
 */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [ErrorsPlugin],
  defaultFieldNullability: false,
  errors: { directResult: true },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
