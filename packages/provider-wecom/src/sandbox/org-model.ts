import type { SourceDepartment, SourceSnapshot, SourceUser, SourceUserStatus } from "@orgsync/core";

/**
 * The sandbox's org in WeCom's own shapes (`department/get` and `user/get` records), converted
 * from and to the core's snapshot. Feishu-shaped `raw` records (what `generateOrg` makes) are
 * translated field by field; WeCom-shaped ones (a `userid`) are kept.
 */

export type Json = Record<string, unknown>;

export interface DepartmentRecord {
  id: number;
  name: string;
  name_en: string;
  parentid: number;
  order: number;
  department_leader: string[];
}

export const ROOT_ID = 1;

const STATUS_CODES: Record<SourceUserStatus, number> = {
  active: 1,
  frozen: 2,
  notJoined: 4,
  resigned: 5,
};

function numericId(id: string, what: string): number {
  if (!/^\d+$/.test(id) || Number(id) < 1) {
    throw new Error(
      `wecom sandbox: ${what} id ${JSON.stringify(id)} is not a WeCom department id (a positive integer); convert the org with numericDepartmentIds from @orgsync/core/fixtures`,
    );
  }
  return Number(id);
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" ? value : undefined;

export class OrgModel {
  readonly departments = new Map<number, DepartmentRecord>();
  readonly users = new Map<string, Json>();

  constructor(org: SourceSnapshot = { departments: [], users: [] }) {
    this.departments.set(ROOT_ID, {
      id: ROOT_ID,
      name: "Sandbox Corp",
      name_en: "",
      parentid: 0,
      order: 0,
      department_leader: [],
    });
    for (const department of org.departments) this.putDepartment(department);
    for (const department of this.departments.values()) {
      if (department.id !== ROOT_ID && !this.departments.has(department.parentid)) {
        throw new Error(
          `wecom sandbox: department ${department.id} names parent ${department.parentid}, which the org does not have`,
        );
      }
    }
    for (const user of org.users) this.putUser(user);
  }

  putDepartment(department: SourceDepartment): DepartmentRecord {
    const raw = department.raw ?? {};
    const record: DepartmentRecord = {
      id: numericId(department.id, "department"),
      name: department.name,
      name_en: text(raw.name_en) ?? text((raw.i18n_name as Json | undefined)?.en_us) ?? "",
      parentid: numericId(department.parentId, `parent of department ${department.id}:`),
      order: department.order,
      department_leader: Array.isArray(raw.department_leader)
        ? (raw.department_leader as string[])
        : typeof raw.leader_user_id === "string"
          ? [raw.leader_user_id]
          : [],
    };
    this.departments.set(record.id, record);
    return record;
  }

  putUser(user: SourceUser): Json {
    const raw = user.raw ?? {};
    const department = user.departmentIds.map((id) =>
      numericId(id, `department of user ${user.id}:`),
    );
    for (const id of department) {
      if (!this.departments.has(id)) {
        throw new Error(
          `wecom sandbox: user ${user.id} is in department ${id}, which the org does not have`,
        );
      }
    }
    const base: Json = typeof raw.userid === "string" ? { ...raw } : fromFeishu(raw);
    const record: Json = {
      ...base,
      userid: user.id,
      name: user.name,
      department,
      order: department.map(() => 0),
      is_leader_in_dept: department.map(() => 0),
      main_department: user.primaryDepartmentId
        ? numericId(user.primaryDepartmentId, `main department of ${user.id}:`)
        : (department[0] ?? ROOT_ID),
      status: STATUS_CODES[user.status],
    };
    this.users.set(user.id, record);
    return record;
  }

  /** `id` and everything under it, `id` first. */
  subtree(id: number): DepartmentRecord[] {
    const start = this.departments.get(id);
    if (!start) return [];
    const children = new Map<number, DepartmentRecord[]>();
    for (const department of this.departments.values()) {
      if (department.id === ROOT_ID) continue;
      const siblings = children.get(department.parentid) ?? [];
      siblings.push(department);
      children.set(department.parentid, siblings);
    }
    const found: DepartmentRecord[] = [];
    const queue = [start];
    for (let next = queue.shift(); next; next = queue.shift()) {
      found.push(next);
      queue.push(...(children.get(next.id) ?? []));
    }
    return found;
  }

  snapshot(): SourceSnapshot {
    const departments: SourceDepartment[] = [];
    for (const record of this.departments.values()) {
      if (record.id === ROOT_ID) continue;
      departments.push({
        id: String(record.id),
        parentId: String(record.parentid),
        name: record.name,
        order: record.order,
        raw: { ...record },
      });
    }
    const users: SourceUser[] = [];
    for (const record of this.users.values()) {
      const status = (Object.entries(STATUS_CODES).find(
        ([, code]) => code === record.status,
      )?.[0] ?? "active") as SourceUserStatus;
      users.push({
        id: record.userid as string,
        name: record.name as string,
        departmentIds: (record.department as number[]).map(String),
        primaryDepartmentId: String(record.main_department),
        status,
        raw: structuredClone(record),
      });
    }
    return { departments, users };
  }

  userSnapshot(id: string): SourceUser | undefined {
    return this.snapshot().users.find((user) => user.id === id);
  }
}

/** A `generateOrg` (Feishu-shaped) raw record → the fields WeCom's user/get has. */
function fromFeishu(raw: Json): Json {
  const gender = raw.gender;
  return {
    position: text(raw.job_title) ?? text(raw.position) ?? "",
    mobile: text(raw.mobile) ?? "",
    gender: typeof gender === "number" || typeof gender === "string" ? String(gender) : "0",
    email: text(raw.email) ?? "",
    biz_mail: text(raw.enterprise_email) ?? "",
    direct_leader: typeof raw.leader_user_id === "string" ? [raw.leader_user_id] : [],
    avatar: text((raw.avatar as Json | undefined)?.avatar_origin) ?? "",
    telephone: "",
    alias: text(raw.en_name) ?? text(raw.nickname) ?? "",
    address: text(raw.work_station) ?? "",
    open_userid: "",
    external_position: text(raw.job_title) ?? "",
    extattr: {
      attrs: raw.employee_no ? [{ type: 0, name: "工号", text: { value: raw.employee_no } }] : [],
    },
  };
}
