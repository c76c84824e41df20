import type { SourceSnapshot } from "@orgsync/core";
import { z } from "zod";
import { validateSnapshot } from "./org-model.ts";

/**
 * Checks orgs and records that arrive as JSON (the CLI's `--org` file, the control API), so a
 * typo fails with the record's index and id instead of a 500 or a silently broken tree.
 */

const raw = z.record(z.string(), z.unknown());

export const departmentSchema = z.object({
  id: z.string().min(1),
  parentId: z.string().min(1),
  name: z.string().min(1),
  order: z.number().finite(),
  raw: raw.default({}),
});

export const userSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  departmentIds: z.array(z.string().min(1)).min(1),
  primaryDepartmentId: z.string().min(1).optional(),
  status: z.enum(["active", "frozen", "resigned", "notJoined"]),
  raw: raw.default({}),
});

const snapshotShape = z.object({
  departments: z.array(z.unknown()),
  users: z.array(z.unknown()),
});

/** A readable account of the first issue: `name: expected string`. */
function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const path = issue.path.join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}

function label(kind: string, index: number, value: unknown): string {
  const id =
    typeof value === "object" && value !== null && "id" in value
      ? (value as { id: unknown }).id
      : undefined;
  return `${kind} #${index}${id === undefined ? "" : ` (${JSON.stringify(id)})`}`;
}

/** Parses one record, or throws `feishu sandbox: <what> is invalid: <field>: <problem>`. */
export function parseRecord<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new Error(`feishu sandbox: ${what} is invalid: ${describe(result.error)}`);
  return result.data;
}

/**
 * Parses and checks a whole org (a core `SourceSnapshot` as JSON).
 * @param source Where it came from, for the message (e.g. the file name).
 */
export function parseOrg(value: unknown, source = "org"): SourceSnapshot {
  const shape = snapshotShape.safeParse(value);
  if (!shape.success) {
    throw new Error(
      `feishu sandbox: ${source} must be {"departments": [...], "users": [...]}: ${describe(shape.error)}`,
    );
  }
  const departments = shape.data.departments.map((item, index) =>
    parseRecord(departmentSchema, item, `${source}: ${label("department", index, item)}`),
  );
  const users = shape.data.users.map((item, index) => {
    const user = parseRecord(userSchema, item, `${source}: ${label("user", index, item)}`);
    const { primaryDepartmentId, ...rest } = user;
    return primaryDepartmentId === undefined ? rest : { ...rest, primaryDepartmentId };
  });
  const snapshot: SourceSnapshot = { departments, users };
  try {
    validateSnapshot(snapshot);
  } catch (error) {
    throw new Error(
      `${(error as Error).message.replace("feishu sandbox: ", `feishu sandbox: ${source}: `)}`,
      {
        cause: error,
      },
    );
  }
  return snapshot;
}
