import { type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { builder } from "./builder.ts";
// Each module adds its types and root fields to the builder when imported.
import "./types/scalars.ts";
import "./types/errors.ts";
import "./types/connection-report.ts";
import "./types/auth.ts";

let schema: GraphQLSchema | undefined;

/** The executable schema, built once per process. */
export function graphqlSchema(): GraphQLSchema {
  schema ??= builder.toSchema({ sortSchema: false });
  return schema;
}

/** The schema as checked in at `packages/api/schema.graphql`, sorted so diffs stay small. */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(graphqlSchema()))}\n`;
}

import "./types/providers.ts";
import "./types/field-relations.ts";
import "./types/runs.ts";
import "./types/events.ts";
import "./types/schedules.ts";
import "./types/directory.ts";
import "./types/audit.ts";
import "./types/import.ts";
