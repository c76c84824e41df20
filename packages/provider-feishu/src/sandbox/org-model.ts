import { createHash } from "node:crypto";
import type { SourceDepartment, SourceSnapshot, SourceUser } from "@orgsync/core";
import type { FeishuScope } from "./types.ts";

/**
 * The org as the sandbox holds it (the core's shape) plus the Feishu views of it: the three user
 * id types, custom department ids, child and member indexes, and the rendering of REST objects
 * (§3.2, §4.2) for a given `department_id_type`, `user_id_type` and set of granted scopes.
 */

export type DepartmentIdType = "open_department_id" | "department_id";
export type UserIdType = "open_id" | "union_id" | "user_id";

export interface RenderContext {
  departmentIdType: DepartmentIdType;
  userIdType: UserIdType;
  scopes: ReadonlySet<FeishuScope>;
}

export const ROOT_ID = "0";

interface UserIds {
  openId: string;
  unionId: string;
  userId: string;
}

/** A stable derived id: the same core id always gives the same Feishu id. */
function derive(prefix: string, seed: string, length: number): string {
  return prefix + createHash("sha256").update(seed).digest("hex").slice(0, length);
}

function stringField(raw: Record<string, unknown>, key: string): string | undefined {
  const value = raw[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

export class OrgModel {
  private departments = new Map<string, SourceDepartment>();
  private users = new Map<string, SourceUser>();
  // Derived indexes, rebuilt lazily after a change: orgs are read far more often than changed.
  private dirty = true;
  private customToOpen = new Map<string, string>();
  private openToCustom = new Map<string, string>();
  private userIds = new Map<string, UserIds>();
  private anyUserIdToUnion = new Map<string, string>();
  private childrenIndex = new Map<string, SourceDepartment[]>();
  private membersIndex = new Map<string, SourceUser[]>();
  private memberCounts = new Map<string, { all: number; primary: number }>();

  constructor(snapshot: SourceSnapshot = { departments: [], users: [] }) {
    this.replace(snapshot);
  }

  /** Replaces the whole org after checking it hangs together. */
  replace(snapshot: SourceSnapshot): void {
    validateSnapshot(snapshot);
    const copy = structuredClone(snapshot);
    this.departments = new Map(copy.departments.map((d) => [d.id, d]));
    this.users = new Map(copy.users.map((u) => [u.id, u]));
    this.dirty = true;
  }

  snapshot(): SourceSnapshot {
    return structuredClone({
      departments: [...this.departments.values()],
      users: [...this.users.values()],
    });
  }

  department(id: string): SourceDepartment | undefined {
    return this.departments.get(id);
  }

  user(id: string): SourceUser | undefined {
    return this.users.get(id);
  }

  putDepartment(department: SourceDepartment): void {
    this.departments.set(department.id, department);
    this.dirty = true;
  }

  putUser(user: SourceUser): void {
    this.users.set(user.id, user);
    this.dirty = true;
  }

  removeDepartment(id: string): void {
    this.departments.delete(id);
    this.dirty = true;
  }

  // ---- ids ------------------------------------------------------------------------------------

  /** The open_department_id for a department id of the given type, or undefined if unknown. */
  resolveDepartment(id: string, type: DepartmentIdType): string | undefined {
    this.index();
    if (id === ROOT_ID) return ROOT_ID;
    if (type === "department_id") return this.customToOpen.get(id);
    return this.departments.has(id) ? id : undefined;
  }

  renderDepartmentId(openId: string, type: DepartmentIdType): string {
    this.index();
    if (openId === ROOT_ID || type === "open_department_id") return openId;
    return this.openToCustom.get(openId) ?? openId;
  }

  idsOf(userId: string): UserIds {
    this.index();
    return this.userIds.get(userId) ?? { openId: userId, unionId: userId, userId };
  }

  /** The core id (union_id) of a user named by any of its ids, or undefined. */
  resolveUser(id: string): string | undefined {
    this.index();
    return this.anyUserIdToUnion.get(id);
  }

  renderUserId(coreId: string, type: UserIdType): string {
    const ids = this.idsOf(coreId);
    return type === "union_id" ? ids.unionId : type === "user_id" ? ids.userId : ids.openId;
  }

  // ---- tree -----------------------------------------------------------------------------------

  /** Direct children, or every descendant in depth-first order, sorted by `order` then id. */
  children(id: string, recursive: boolean): SourceDepartment[] {
    this.index();
    const direct = this.childrenIndex.get(id) ?? [];
    if (!recursive) return direct;
    const out: SourceDepartment[] = [];
    const walk = (parent: string) => {
      for (const child of this.childrenIndex.get(parent) ?? []) {
        out.push(child);
        walk(child.id);
      }
    };
    walk(id);
    return out;
  }

  /** Direct members of a department (the root's are the root-level users), sorted by id. */
  members(id: string): SourceUser[] {
    this.index();
    return this.membersIndex.get(id) ?? [];
  }

  /** The department and its ancestors up to (not including) the root. */
  ancestors(id: string): string[] {
    const out: string[] = [];
    let current = this.departments.get(id);
    while (current && !out.includes(current.id)) {
      out.push(current.id);
      current = this.departments.get(current.parentId);
    }
    return out;
  }

  // ---- rendering ------------------------------------------------------------------------------

  renderDepartment(department: SourceDepartment, context: RenderContext): Record<string, unknown> {
    this.index();
    const raw = department.raw;
    const counts = this.memberCounts.get(department.id) ?? { all: 0, primary: 0 };
    const out: Record<string, unknown> = {
      ...raw,
      name: department.name,
      parent_department_id: this.renderDepartmentId(department.parentId, context.departmentIdType),
      department_id: this.openToCustom.get(department.id),
      open_department_id: department.id,
      order: String(department.order),
      member_count: counts.all,
      primary_member_count: counts.primary,
      status: { is_deleted: false },
    };
    const leader = stringField(raw, "leader_user_id");
    const leaderId = leader === undefined ? undefined : this.resolveUser(leader);
    if (leaderId !== undefined) {
      out.leader_user_id = this.renderUserId(leaderId, context.userIdType);
    } else {
      delete out.leader_user_id;
    }
    if (Array.isArray(raw.leaders)) {
      out.leaders = raw.leaders.map((leader: unknown) => {
        if (typeof leader !== "object" || leader === null) return leader;
        const entry = leader as Record<string, unknown>;
        const id =
          typeof entry.leaderID === "string" ? this.resolveUser(entry.leaderID) : undefined;
        return id === undefined
          ? entry
          : { ...entry, leaderID: this.renderUserId(id, context.userIdType) };
      });
    }
    return out;
  }

  /** A user as REST returns it; fields the app lacks permission for are left out silently. */
  renderUser(user: SourceUser, context: RenderContext): Record<string, unknown> {
    const ids = this.idsOf(user.id);
    const primary = user.primaryDepartmentId ?? user.departmentIds[0];
    const departmentIds = user.departmentIds.map((id) =>
      this.renderDepartmentId(id, context.departmentIdType),
    );
    const out: Record<string, unknown> = {
      ...user.raw,
      union_id: ids.unionId,
      open_id: ids.openId,
      user_id: ids.userId,
      name: user.name,
      department_ids: departmentIds,
      orders: user.departmentIds.map((id, index) => ({
        department_id: departmentIds[index],
        user_order: 0,
        // Feishu: the primary department carries the largest department_order.
        department_order: id === primary ? user.departmentIds.length + 1 : 0,
        is_primary_dept: id === primary,
      })),
      status: {
        is_frozen: user.status === "frozen",
        is_resigned: user.status === "resigned",
        is_activated: user.status === "active" || user.status === "frozen",
        is_exited: false,
        is_unjoin: user.status === "notJoined",
      },
    };
    const leader = stringField(user.raw, "leader_user_id");
    const leaderId = leader === undefined ? undefined : this.resolveUser(leader);
    if (leaderId !== undefined)
      out.leader_user_id = this.renderUserId(leaderId, context.userIdType);
    hideFields(out, context.scopes);
    return out;
  }

  // ---- indexes --------------------------------------------------------------------------------

  private index(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.customToOpen.clear();
    this.openToCustom.clear();
    for (const department of this.departments.values()) {
      const custom = stringField(department.raw, "department_id") ?? derive("D", department.id, 10);
      this.customToOpen.set(custom, department.id);
      this.openToCustom.set(department.id, custom);
    }

    this.userIds.clear();
    this.anyUserIdToUnion.clear();
    for (const user of this.users.values()) {
      const rawOpen = stringField(user.raw, "open_id");
      // The core id is the union_id; an open_id equal to it (as generateOrg makes) would let a
      // provider mix the two id types up unnoticed, so derive a distinct one then.
      const openId =
        rawOpen !== undefined && rawOpen !== user.id
          ? rawOpen
          : derive("ou_", `open:${user.id}`, 32);
      const userId = stringField(user.raw, "user_id") ?? derive("", `user:${user.id}`, 8);
      this.userIds.set(user.id, { openId, unionId: user.id, userId });
      // Raw references (leader_user_id) may use any id the record had, including raw union_id.
      for (const alias of [stringField(user.raw, "union_id"), rawOpen, openId, userId]) {
        if (alias !== undefined && !this.anyUserIdToUnion.has(alias)) {
          this.anyUserIdToUnion.set(alias, user.id);
        }
      }
    }
    for (const user of this.users.values()) this.anyUserIdToUnion.set(user.id, user.id);

    const byOrder = (a: SourceDepartment, b: SourceDepartment) =>
      a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    this.childrenIndex.clear();
    for (const department of this.departments.values()) {
      const list = this.childrenIndex.get(department.parentId) ?? [];
      list.push(department);
      this.childrenIndex.set(department.parentId, list);
    }
    for (const list of this.childrenIndex.values()) list.sort(byOrder);

    this.membersIndex.clear();
    this.memberCounts.clear();
    const sortedUsers = [...this.users.values()].sort((a, b) =>
      a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    for (const user of sortedUsers) {
      const primary = user.primaryDepartmentId ?? user.departmentIds[0];
      const counted = new Set<string>();
      for (const departmentId of new Set(user.departmentIds)) {
        const list = this.membersIndex.get(departmentId) ?? [];
        list.push(user);
        this.membersIndex.set(departmentId, list);
        // member_count covers the subtree: count the person once in each ancestor.
        for (const ancestor of this.ancestors(departmentId)) {
          if (counted.has(ancestor)) continue;
          counted.add(ancestor);
          const counts = this.memberCounts.get(ancestor) ?? { all: 0, primary: 0 };
          counts.all++;
          this.memberCounts.set(ancestor, counts);
        }
      }
      if (primary !== undefined) {
        for (const ancestor of this.ancestors(primary)) {
          const counts = this.memberCounts.get(ancestor) ?? { all: 0, primary: 0 };
          counts.primary++;
          this.memberCounts.set(ancestor, counts);
        }
      }
    }
  }
}

/** Feishu drops fields the app has no field permission for, silently (§4.2). */
export function hideFields(user: Record<string, unknown>, scopes: ReadonlySet<FeishuScope>): void {
  if (!scopes.has("contact:user.email:readonly")) {
    delete user.email;
    delete user.enterprise_email;
  }
  if (!scopes.has("contact:user.phone:readonly")) {
    delete user.mobile;
    delete user.mobile_visible;
  }
  if (!scopes.has("contact:user.employee_id:readonly")) delete user.user_id;
  if (!scopes.has("contact:user.employee:readonly")) {
    delete user.employee_no;
    delete user.job_title;
    delete user.employee_type;
  }
}

/** Throws a `feishu sandbox: …` error naming the first record that does not fit the tree. */
export function validateSnapshot(snapshot: SourceSnapshot): void {
  const ids = new Set<string>();
  for (const [index, department] of snapshot.departments.entries()) {
    const where = `department #${index} (${JSON.stringify(department.id)})`;
    if (department.id === ROOT_ID) {
      throw new Error(`feishu sandbox: ${where} uses the root id "0", which is implicit`);
    }
    if (ids.has(department.id)) throw new Error(`feishu sandbox: ${where} is listed twice`);
    ids.add(department.id);
  }
  for (const [index, department] of snapshot.departments.entries()) {
    if (department.parentId !== ROOT_ID && !ids.has(department.parentId)) {
      throw new Error(
        `feishu sandbox: department #${index} (${JSON.stringify(department.id)}) has an unknown parent ${JSON.stringify(department.parentId)}`,
      );
    }
  }
  const userIds = new Set<string>();
  for (const [index, user] of snapshot.users.entries()) {
    const where = `user #${index} (${JSON.stringify(user.id)})`;
    if (userIds.has(user.id)) throw new Error(`feishu sandbox: ${where} is listed twice`);
    userIds.add(user.id);
    if (user.departmentIds.length === 0) {
      throw new Error(`feishu sandbox: ${where} belongs to no department (use "0" for the root)`);
    }
    for (const departmentId of user.departmentIds) {
      if (departmentId !== ROOT_ID && !ids.has(departmentId)) {
        throw new Error(
          `feishu sandbox: ${where} is in an unknown department ${JSON.stringify(departmentId)}`,
        );
      }
    }
    if (
      user.primaryDepartmentId !== undefined &&
      !user.departmentIds.includes(user.primaryDepartmentId)
    ) {
      throw new Error(`feishu sandbox: ${where} has a primary department it is not in`);
    }
  }
  // A parent cycle would hang every recursive listing.
  const parents = new Map(snapshot.departments.map((d) => [d.id, d.parentId]));
  for (const department of snapshot.departments) {
    const seen = new Set<string>();
    let current: string | undefined = department.id;
    while (current !== undefined && current !== ROOT_ID) {
      if (seen.has(current)) {
        throw new Error(
          `feishu sandbox: department ${JSON.stringify(department.id)} is in a parent cycle`,
        );
      }
      seen.add(current);
      current = parents.get(current);
    }
  }
}
