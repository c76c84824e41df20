import {
  concurrentEmit,
  type OrgListings,
  parseDepartmentList,
  readScopedDepartments,
  readScopedUsers,
  type SourceDepartment,
  type SourceUser,
  type TargetedReads,
  type TargetedResult,
} from "@orgsync/core";
import { WeComApiError, type WeComClient } from "./client.ts";
import {
  idOf,
  ROOT_DEPARTMENT_ID,
  toSourceDepartment,
  toSourceUser,
  type WeComRecord,
} from "./map.ts";

/**
 * Full and targeted reads. Since 2022-08-15 a contact-sync secret used from a newly trusted IP
 * may not call `department/list`, `user/list` or `user/simplelist` (48009), so orgsync uses only
 * what stays open: `department/simplelist` (ids) + `department/get` (one per department) and
 * `user/list_id` (ids, by cursor) + `user/get` (one per person). That is why a read costs one
 * call per person; concurrency and the limiter keep it within WeCom's 10,000 per API per minute.
 * The core's scoped reads apply the deptList.
 */

export const PATHS = {
  simplelist: "/cgi-bin/department/simplelist",
  department: "/cgi-bin/department/get",
  listId: "/cgi-bin/user/list_id",
  user: "/cgi-bin/user/get",
} as const;

/** No such department (60003, 60123) or user (60111, 46004): the id is gone, not missed. */
const GONE = new Set([60003, 60123, 60111, 46004]);

/**
 * The org as the core's scoped reads see it. With `records`, departments come with their
 * `department/get` record (the department read); without, as ids and parents from
 * `department/simplelist` alone, which is all that scoping people needs — and with no deptList,
 * where nobody is scoped out, not even that: `users` then keeps everyone `user/list_id` names.
 */
export function orgListings(client: WeComClient, records: boolean): OrgListings {
  const { deptList, concurrency } = client.config;
  const everyone = deptList.length === 0;
  const scope = parseDepartmentList(deptList);
  // One simplelist per top and read: `department(top)` and `subtree(top)` share it.
  const lists = new Map<string, Promise<SourceDepartment[]>>();
  const list = (top: string, signal: AbortSignal) => {
    const listed = lists.get(top) ?? simplelist(client, top, signal);
    lists.set(top, listed);
    return listed;
  };
  return {
    rootDepartmentId: ROOT_DEPARTMENT_ID,
    deptList,
    concurrency,
    prefix: client.prefix,
    async department(id, signal) {
      if (records) return getDepartment(client, id, signal);
      const found = (await list(id, signal)).find((department) => department.id === id);
      return found ?? { id, parentId: ROOT_DEPARTMENT_ID, name: "", order: 0, raw: {} };
    },
    async *subtree(top, signal) {
      if (!records && everyone) return;
      const below = (await list(top, signal)).filter((department) => department.id !== top);
      if (!records) return yield* below;
      // Only what stays in scope costs a department/get: a department whose nearest listed
      // ancestor is excluded is passed on as listed (the core drops it, and needs its parent
      // to drop a listed top under it); one under another listed top is left to that top.
      const parentOf = new Map(below.map((department) => [department.id, department.parentId]));
      const wanted: string[] = [];
      for (const department of below) {
        let cut: "excluded" | "listed" | undefined;
        for (let id = department.id, hops = 0; !cut && id !== top && hops <= below.length; hops++) {
          if (scope.exclude.includes(id)) cut = "excluded";
          else if (scope.include.includes(id)) cut = "listed";
          id = parentOf.get(id) ?? top;
        }
        if (cut === "excluded") yield department;
        else if (cut === undefined) wanted.push(department.id);
      }
      yield* getAll(getDepartment, client, wanted, signal, `${client.prefix}: department read`);
    },
    users: (departmentIds, signal) =>
      listedUsers(client, everyone ? undefined : departmentIds, signal),
  };
}

const departmentCall = (client: WeComClient, path: string, id: string, signal?: AbortSignal) =>
  client.call({ method: "GET", path, query: { id }, departmentId: id }, signal);

/** `department/simplelist?id=`: `id`'s whole subtree, itself included, as ids and parents. */
export async function simplelist(client: WeComClient, id: string, signal?: AbortSignal) {
  const body = await departmentCall(client, PATHS.simplelist, id, signal);
  const entries = Array.isArray(body.department_id) ? (body.department_id as WeComRecord[]) : [];
  // The root lists itself; it is never a department of ours.
  return entries
    .filter((entry) => ![undefined, ROOT_DEPARTMENT_ID].includes(idOf(entry.id)))
    .map((entry) => toSourceDepartment(entry, client.prefix));
}

export async function getDepartment(client: WeComClient, id: string, signal?: AbortSignal) {
  const body = await departmentCall(client, PATHS.department, id, signal);
  if (typeof body.department !== "object" || body.department === null) {
    throw new WeComApiError(
      `${client.prefix}: GET ${PATHS.department} for department ${id} answered without a department`,
      { endpoint: `GET ${PATHS.department}`, departmentId: id },
    );
  }
  return toSourceDepartment(body.department as WeComRecord, client.prefix);
}

export async function getUser(client: WeComClient, userId: string, signal?: AbortSignal) {
  const endpoint = { method: "GET", path: PATHS.user, query: { userid: userId }, userId } as const;
  return toSourceUser(await client.call(endpoint, signal), client.prefix);
}

/** `get` for each id, concurrently; ids WeCom no longer knows are left out. */
export function getAll<T>(
  get: (client: WeComClient, id: string, signal: AbortSignal) => Promise<T>,
  client: WeComClient,
  ids: readonly string[],
  signal: AbortSignal | undefined,
  what: string,
): AsyncGenerator<T> {
  return concurrentEmit<string, T>({
    inputs: ids,
    concurrency: client.config.concurrency,
    what,
    ...(signal ? { signal } : {}),
    work: async (id, emit, inner) => {
      try {
        emit([await get(client, id, inner)]);
      } catch (error) {
        if (!(error instanceof WeComApiError && GONE.has(error.details.code ?? 0))) throw error;
      }
    },
  });
}

/**
 * The people `user/list_id` lists (every page) in `departmentIds`, all of them when undefined,
 * each read with `user/get`: only they cost a call. A person deleted between the listing and
 * their `get` (60111) is left out: they are gone, not missed.
 */
async function* listedUsers(
  client: WeComClient,
  departmentIds: readonly string[] | undefined,
  signal: AbortSignal,
): AsyncGenerator<SourceUser> {
  const wanted = departmentIds && new Set(departmentIds);
  const ids = new Set<string>();
  let cursor = "";
  for (let page = 1; ; page++) {
    const body = { cursor, limit: 10_000 }; // list_id's largest page
    const answer = await client.call({ method: "POST", path: PATHS.listId, body }, signal);
    const entries = Array.isArray(answer.dept_user) ? (answer.dept_user as WeComRecord[]) : [];
    for (const { userid, department } of entries) {
      if (typeof userid !== "string" || userid === "") continue;
      if (!wanted || wanted.has(idOf(department) ?? "")) ids.add(userid);
    }
    const next = typeof answer.next_cursor === "string" ? answer.next_cursor : "";
    if (next === "") break;
    if (next === cursor) {
      // Looping on one cursor would read forever; stopping would read short. Fail.
      throw new WeComApiError(
        `${client.prefix}: POST ${PATHS.listId} answered page ${page} with the cursor it was asked for; the read cannot complete`,
        { endpoint: `POST ${PATHS.listId}` },
      );
    }
    cursor = next;
  }
  yield* getAll(getUser, client, [...ids], signal, `${client.prefix}: user read`);
}

/**
 * Re-reads of chosen departments and users (`department/get`, `user/get`) for event-driven
 * runs. 60003/60123 and 60111/46004 put an id in `missing`; any other failure throws. With a
 * deptList the tree is listed first, so a targeted run applies exactly a full run's scope.
 */
export function targetedReads(client: WeComClient): TargetedReads {
  return {
    async departments(ids, options) {
      const signal = options?.signal;
      const unique = [...new Set(ids)].filter((id) => id !== ROOT_DEPARTMENT_ID);
      const scoped = client.config.deptList.length > 0;
      const parents = new Map<string, string>();
      const tree = scoped ? readScopedDepartments(orgListings(client, false), signal) : [];
      for await (const { id, parentId } of tree) parents.set(id, parentId);
      const wanted = scoped ? unique.filter((id) => parents.has(id)) : unique;
      const what = `${client.prefix}: targeted department read`;
      const found = new Map<string, SourceDepartment>();
      for await (const department of getAll(getDepartment, client, wanted, signal, what)) {
        // The tree's parent wins over the record's: a deptList re-roots included tops.
        const parentId = parents.get(department.id) ?? department.parentId;
        found.set(department.id, { ...department, parentId });
      }
      return split(unique, found);
    },
    async users(ids, options) {
      const unique = [...new Set(ids)];
      const what = `${client.prefix}: targeted user read`;
      const users = (_: unknown, signal: AbortSignal) =>
        getAll(getUser, client, unique, signal, what);
      const found = new Map<string, SourceUser>();
      const read = readScopedUsers({ ...orgListings(client, false), users }, options?.signal);
      for await (const user of read) found.set(user.id, user);
      return split(unique, found);
    },
  };
}

function split<T>(ids: readonly string[], byId: Map<string, T>): TargetedResult<T> {
  return {
    found: ids.flatMap((id) => byId.get(id) ?? []),
    missing: ids.filter((id) => !byId.has(id)),
  };
}
