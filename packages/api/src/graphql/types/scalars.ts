import { GraphQLError, Kind, type ValueNode } from "graphql";
import { builder } from "../builder.ts";

builder.scalarType("DateTime", {
  description: "An instant as an ISO 8601 string in UTC, e.g. `2026-11-24T08:00:00.000Z`.",
  serialize: (value) => (value instanceof Date ? value : new Date(String(value))).toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (typeof value !== "string" || Number.isNaN(date.getTime())) {
      throw new GraphQLError(`DateTime: "${String(value)}" is not an ISO 8601 instant`);
    }
    return date;
  },
});

function literal(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map(literal);
    case Kind.OBJECT:
      return Object.fromEntries(
        node.fields.map((field) => [field.name.value, literal(field.value)]),
      );
    default:
      throw new GraphQLError(
        "JSON: variables are not allowed inside a JSON literal; pass the whole value as a variable",
      );
  }
}

builder.scalarType("JSON", {
  description: "Any JSON value: provider configuration, JSON Schemas, attribute maps.",
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literal,
});
