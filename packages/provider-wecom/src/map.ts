import {
  type SourceDepartment,
  SourceReadError,
  type SourceUser,
  type SourceUserStatus,
} from "@orgsync/core";

/**
 * WeCom records → the core's source model. Ids are integers on the wire and strings here; the
 * record is kept whole as `raw` (minus the envelope), since the field relations address it
 * (`email`, `mobile`, `external_position`).
 */

export type WeComRecord = Record<string, unknown>;

export const ROOT_DEPARTMENT_ID = "1";

export function idOf(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return String(value);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A `department/get` record (or a `department/simplelist` entry: no name). */
export function toSourceDepartment(raw: WeComRecord, prefix: string): SourceDepartment {
  const order = Number(raw.order ?? 0);
  return {
    id: idOf(raw.id) ?? refuse(prefix, "a department without id", raw),
    parentId: idOf(raw.parentid) ?? ROOT_DEPARTMENT_ID,
    name: typeof raw.name === "string" ? raw.name : "",
    order: Number.isFinite(order) ? order : 0,
    raw,
  };
}

/** A `user/get` answer, envelope removed. */
export function toSourceUser(answer: WeComRecord, prefix: string): SourceUser {
  const { errcode: _errcode, errmsg: _errmsg, ...raw } = answer;
  const departmentIds = Array.isArray(raw.department)
    ? [...new Set(raw.department.map(idOf).filter((value) => value !== undefined))]
    : [];
  const user: SourceUser = {
    id:
      typeof raw.userid === "string" && raw.userid !== ""
        ? raw.userid
        : refuse(prefix, "a user without userid", raw),
    name: typeof raw.name === "string" ? raw.name : "",
    departmentIds,
    status: statusOf(raw.status),
    raw,
  };
  const primary = idOf(raw.main_department);
  if (primary !== undefined && departmentIds.includes(primary)) user.primaryDepartmentId = primary;
  return user;
}

function refuse(prefix: string, what: string, raw: WeComRecord): never {
  throw new SourceReadError(
    `${prefix}: WeCom returned ${what}: ${JSON.stringify(raw).slice(0, 200)}`,
  );
}

/**
 * WeCom's `status`: 1 activated, 2 disabled (已禁用), 4 not activated (未激活), 5 left the
 * corp (退出企业). This is WeCom's documented mapping, marked unverified in our reference (no
 * real corp was read to confirm 5); an unknown value counts as active rather than dropping a
 * person, since a wrongly resigned person loses their account.
 */
const STATUSES: Record<number, SourceUserStatus> = { 2: "frozen", 4: "notJoined", 5: "resigned" };

export function statusOf(status: unknown): SourceUserStatus {
  return STATUSES[Number(status)] ?? "active";
}
