import {
  type SourceDepartment,
  SourceReadError,
  type SourceUser,
  type SourceUserStatus,
} from "@orgsync/core";

/**
 * DingTalk wire records → the core's source model. Numeric ids become strings; the record is kept
 * whole as `raw`, which go-ldap-admin's relations address (`name`, `email`, `job_number`, …).
 */

export type DingTalkRecord = Record<string, unknown>;

export const ROOT_DEPARTMENT_ID = "1";

/** `position`: the department's place in its parent's listsub answer, which has no `order`. */
export function toSourceDepartment(
  raw: DingTalkRecord,
  position: number,
  prefix: string,
): SourceDepartment {
  const id = idOf(raw.dept_id) ?? malformed(prefix, "a department without dept_id", raw);
  const parentId = idOf(raw.parent_id) ?? ROOT_DEPARTMENT_ID;
  const order = typeof raw.order === "number" ? raw.order : position;
  return { id, parentId, name: nameOf(raw), order, raw };
}

/**
 * A member as listed under `listedIn`: that department is always one of theirs, even if
 * `dept_id_list` were left out.
 */
export function toSourceUser(
  raw: DingTalkRecord,
  options: { inactiveAs: "notJoined" | "active"; listedIn?: string; prefix: string },
): SourceUser {
  const id = textOf(raw.userid) || malformed(options.prefix, "a user without userid", raw);
  const departmentIds = Array.isArray(raw.dept_id_list)
    ? [...new Set(raw.dept_id_list.map(idOf).filter((value) => value !== undefined))]
    : [];
  if (options.listedIn !== undefined && !departmentIds.includes(options.listedIn)) {
    departmentIds.push(options.listedIn);
  }
  return { id, name: nameOf(raw), departmentIds, status: statusOf(raw, options.inactiveAs), raw };
}

/**
 * DingTalk has no suspended or resigned flag on a member: people who left are no longer listed
 * (see `toResignedUser`). `active: false` means the person never signed in to DingTalk.
 */
export function statusOf(
  raw: DingTalkRecord,
  inactiveAs: "notJoined" | "active" = "notJoined",
): SourceUserStatus {
  return raw.active === false ? inactiveAs : "active";
}

/** A resignation record (`empLeaveRecords`): DingTalk does not say which departments they left. */
export function toResignedUser(raw: DingTalkRecord, prefix: string): SourceUser {
  const id = textOf(raw.userId) || malformed(prefix, "a resignation record without userId", raw);
  return { id, name: nameOf(raw), departmentIds: [], status: "resigned", raw };
}

const textOf = (value: unknown): string => (typeof value === "string" ? value : "");
const nameOf = (raw: DingTalkRecord): string => textOf(raw.name);

function malformed(prefix: string, what: string, raw: DingTalkRecord): never {
  const record = JSON.stringify(raw).slice(0, 200);
  throw new SourceReadError(`${prefix}: DingTalk returned ${what}: ${record}`);
}

function idOf(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return String(value);
  if (typeof value === "string" && /^\d+$/.test(value)) return value;
  return undefined;
}
