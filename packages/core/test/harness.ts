import { executePlan } from "../src/executor/index.ts";
import type { FieldRelations } from "../src/field-relations/types.ts";
import type { DirectoryEntry } from "../src/model/directory.ts";
import type {
  SourceDepartment,
  SourceSnapshot,
  SourceUser,
  SourceUserStatus,
} from "../src/model/source.ts";
import type { Plan } from "../src/planner/plan.ts";
import { type PlanSyncInput, planSync } from "../src/planner/plan-sync.ts";
import type { MemoryTarget } from "../src/testing/memory-target.ts";

/** Relations that keep tests readable: group names as given, usernames from pinyin. */
export const relations: FieldRelations = {
  group: { name: "{{ name }}", attributes: { description: "name" } },
  user: {
    username: ['{{ name | pinyin: "name" }}'],
    attributes: { cn: "{{ username }}", sn: "name", displayName: "name", mail: "email" },
  },
};

export const FLAG = "feishu";
export const ROOT = "0";

export function dept(id: string, parentId: string, name = id, order = 0): SourceDepartment {
  return { id, parentId, name, order, raw: { name } };
}

export function person(
  id: string,
  name: string,
  departmentIds: string[],
  extra: { status?: SourceUserStatus; email?: string } = {},
): SourceUser {
  return {
    id,
    name,
    departmentIds,
    status: extra.status ?? "active",
    raw: { name, ...(extra.email ? { email: extra.email } : {}) },
  };
}

export type PlanOptions = Partial<Omit<PlanSyncInput, "source" | "directory" | "target">>;

export async function plan(
  target: MemoryTarget,
  source: SourceSnapshot,
  options: PlanOptions = {},
): Promise<Plan> {
  return planSync({
    flag: FLAG,
    rootDepartmentId: ROOT,
    scope: "ALL",
    relations,
    ...options,
    source,
    directory: await target.read(options.flag ?? FLAG),
    target,
  });
}

/** Plans and applies; fails the test if any operation does not succeed. */
export async function sync(
  target: MemoryTarget,
  source: SourceSnapshot,
  options: PlanOptions = {},
): Promise<Plan> {
  const result = await plan(target, source, options);
  const report = await executePlan(result.operations, target, { parallelism: 4 });
  const failed = report.results.filter((r) => r.outcome !== "succeeded");
  if (failed.length > 0) {
    throw new Error(`sync failed: ${JSON.stringify(failed.slice(0, 5), null, 2)}`);
  }
  return result;
}

export function users(target: MemoryTarget): DirectoryEntry[] {
  return target.entries().filter((entry) => entry.kind === "user");
}

export function groups(target: MemoryTarget): DirectoryEntry[] {
  return target.entries().filter((entry) => entry.kind === "group");
}

export function byAnchor(target: MemoryTarget, id: string): DirectoryEntry | undefined {
  return target.entries().find((entry) => entry.anchor === `${FLAG}:${id}`);
}

/** Operation types of a plan, in order. */
export function types(result: Plan): string[] {
  return result.operations.map((operation) => operation.type);
}
