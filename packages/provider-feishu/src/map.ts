import type { SourceDepartment, SourceUser, SourceUserStatus } from "@orgsync/core";
import { SourceReadError } from "@orgsync/core";

/**
 * Feishu REST records → the core's source model. The raw record is kept whole: field relations
 * address it by path (`email`, `status.is_frozen`).
 */

export type FeishuRecord = Record<string, unknown>;

export const ROOT_DEPARTMENT_ID = "0";

export function toSourceDepartment(raw: FeishuRecord, prefix: string): SourceDepartment {
  const id = raw.open_department_id;
  if (typeof id !== "string" || id === "") {
    throw new SourceReadError(
      `${prefix}: Feishu returned a department without open_department_id: ${JSON.stringify(raw).slice(0, 200)}`,
    );
  }
  const parent = raw.parent_department_id;
  // REST gives `order` as a string ("100"), events as a number; a missing one sorts first.
  const order = Number(raw.order ?? 0);
  return {
    id,
    parentId: typeof parent === "string" && parent !== "" ? parent : ROOT_DEPARTMENT_ID,
    name: typeof raw.name === "string" ? raw.name : "",
    order: Number.isFinite(order) ? order : 0,
    raw,
  };
}

/**
 * A person as listed under `listedIn`. `department_ids` needs its own field permission in some
 * tenants; the department the person was listed under is always one of theirs.
 */
export function toSourceUser(
  raw: FeishuRecord,
  options: { userIdType: "union_id" | "open_id"; listedIn?: string; prefix: string },
): SourceUser {
  const id = raw[options.userIdType];
  if (typeof id !== "string" || id === "") {
    throw new SourceReadError(
      `${options.prefix}: Feishu returned a user without ${options.userIdType} (open_id ${String(raw.open_id ?? "?")}); ` +
        (options.userIdType === "union_id"
          ? 'set userIdType to "open_id" if your tenant hides union_id'
          : "check the app's contact permissions"),
    );
  }
  const departmentIds = stringArray(raw.department_ids);
  if (options.listedIn !== undefined && !departmentIds.includes(options.listedIn)) {
    departmentIds.push(options.listedIn);
  }
  const user: SourceUser = {
    id,
    name: typeof raw.name === "string" ? raw.name : "",
    departmentIds,
    status: statusOf(raw.status),
    raw,
  };
  const primary = primaryDepartmentOf(raw);
  if (primary !== undefined) user.primaryDepartmentId = primary;
  return user;
}

/**
 * Feishu's status flags → one status. Resigned wins over frozen (a frozen person who left has
 * left); `is_exited` (left the tenant on their own) counts as resigned; a person who never
 * activated their account has not joined yet.
 */
export function statusOf(status: unknown): SourceUserStatus {
  if (typeof status !== "object" || status === null) return "active";
  const flags = status as Record<string, unknown>;
  if (flags.is_resigned === true || flags.is_exited === true) return "resigned";
  if (flags.is_frozen === true) return "frozen";
  if (flags.is_unjoin === true || flags.is_activated === false) return "notJoined";
  return "active";
}

function primaryDepartmentOf(raw: FeishuRecord): string | undefined {
  if (!Array.isArray(raw.orders)) return undefined;
  for (const order of raw.orders) {
    if (typeof order !== "object" || order === null) continue;
    const entry = order as Record<string, unknown>;
    if (entry.is_primary_dept === true && typeof entry.department_id === "string") {
      return entry.department_id;
    }
  }
  return undefined;
}

function stringArray(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return [
    ...new Set(value.filter((item): item is string => typeof item === "string" && item !== "")),
  ];
}
