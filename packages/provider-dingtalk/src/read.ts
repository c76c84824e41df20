import {
  applyDepartmentScope,
  concurrentEmit,
  type OrgListings,
  parseDepartmentList,
  readScopedDepartments,
  readScopedUsers,
  type SourceDepartment,
  type SourceUser,
  type TargetedReads,
  type TargetedResult,
  throwIfCancelled,
} from "@orgsync/core";
import { DingTalkApiError, type DingTalkClient } from "./client.ts";
import { DINGTALK_CODES } from "./codes.ts";
import {
  type DingTalkRecord,
  ROOT_DEPARTMENT_ID,
  toResignedUser,
  toSourceDepartment,
  toSourceUser,
} from "./map.ts";

/**
 * DingTalk's listings, for the kit's scoped reads, the targeted reads and the connection check:
 * listsub gives a department's direct children (not paged), so a subtree is read level by level;
 * members come per department with cursor paging; resignation records (v1.0) follow when
 * `userLeaveRangeDays` is set. Every call goes through `client.call`: complete or thrown.
 */

const USER_LIST = "POST /topapi/v2/user/list";
const LEAVE_RECORDS = "GET /v1.0/contact/empLeaveRecords";
/** Before DingTalk existed: "every resignation record" for `userLeaveRangeDays: 0`. */
const EPOCH = "2014-01-01T00:00:00Z";

type MembersPage = { has_more?: boolean; next_cursor?: number; list?: DingTalkRecord[] };

export function dingtalkListings(client: DingTalkClient) {
  const { config, prefix } = client;
  /** A topapi call about one department, answered in Chinese. */
  const topapi = async <T>(path: string, id: string, signal?: AbortSignal, more = {}) => {
    const body = { dept_id: Number(id), ...more, language: "zh_CN" };
    const answer = await client.call<{ result?: T }>(
      { method: "POST", path, departmentId: id, body },
      signal,
    );
    return answer.result;
  };
  const listings = {
    rootDepartmentId: ROOT_DEPARTMENT_ID,
    deptList: config.deptList,
    concurrency: config.concurrency,
    prefix,

    /** listsub: the direct children only, not paged; the kit walks them level by level. */
    async children(id: string, signal?: AbortSignal): Promise<SourceDepartment[]> {
      const records = await topapi<DingTalkRecord[]>("/topapi/v2/department/listsub", id, signal);
      return (Array.isArray(records) ? records : []).map((record, index) =>
        toSourceDepartment(record, index, prefix),
      );
    },

    async department(id: string, signal?: AbortSignal): Promise<SourceDepartment> {
      const record = await topapi<DingTalkRecord>("/topapi/v2/department/get", id, signal);
      return toSourceDepartment(record ?? {}, 0, prefix);
    },

    async user(userid: string, signal?: AbortSignal): Promise<SourceUser> {
      const body = { userid, language: "zh_CN" };
      const request = {
        method: "POST",
        path: "/topapi/v2/user/get",
        userId: userid,
        body,
      } as const;
      const { result } = await client.call<{ result?: DingTalkRecord }>(request, signal);
      return toSourceUser(result ?? {}, { inactiveAs: config.inactiveAs, prefix });
    },

    /** One page of a department's direct members; 100 is user/list's largest page. */
    membersPage(id: string, cursor: number, signal?: AbortSignal, size = 100) {
      const more = { cursor, size, order_field: "custom", contain_access_limit: false };
      return topapi<MembersPage>("/topapi/v2/user/list", id, signal, more);
    },

    /** The direct members of each department, once per department listed in. */
    users(departmentIds: readonly string[], signal: AbortSignal): AsyncGenerator<SourceUser> {
      const { inactiveAs } = config;
      return concurrentEmit<string, SourceUser>({
        inputs: departmentIds,
        concurrency: config.concurrency,
        what: `${prefix}: user read`,
        signal,
        work: async (listedIn, emit, inner) => {
          let cursor = 0;
          for (let page = 1; ; page++) {
            const result = await listings.membersPage(listedIn, cursor, inner);
            const list = Array.isArray(result?.list) ? result.list : [];
            emit(list.map((raw) => toSourceUser(raw, { inactiveAs, listedIn, prefix })));
            if (!result?.has_more) return;
            const next = result.next_cursor;
            if (typeof next !== "number" || next <= cursor) {
              // Looping on the same cursor would read forever; stopping would read short. Fail.
              throw new DingTalkApiError(
                `${prefix}: ${USER_LIST} for department ${listedIn} said has_more on page ${page} without a new next_cursor; the read cannot complete`,
                { endpoint: USER_LIST, departmentId: listedIn },
              );
            }
            cursor = next;
          }
        },
      });
    },

    /** Resignation records of the last `days` (0: all), 50 a page (the largest). */
    async *leaveRecords(days: number, signal?: AbortSignal, maxPages = Number.POSITIVE_INFINITY) {
      const now = Date.now();
      const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
      const startTime = days === 0 ? EPOCH : iso(now - days * 86_400_000);
      // Rounded up: a resignation in this very second must be inside the range.
      const endTime = iso(Math.ceil(now / 1000) * 1000);
      let nextToken = "";
      for (let page = 1; page <= maxPages; page++) {
        const query = { startTime, endTime, nextToken, maxResults: "50" };
        const body = await client.call<{ nextToken?: unknown; records?: DingTalkRecord[] }>(
          { method: "GET", path: "/v1.0/contact/empLeaveRecords", query },
          signal,
        );
        yield* Array.isArray(body.records) ? body.records : [];
        const next = body.nextToken;
        if (typeof next !== "string" || next === "") return;
        if (next === nextToken) {
          throw new DingTalkApiError(
            `${prefix}: ${LEAVE_RECORDS} answered the same nextToken twice on page ${page}; the read cannot complete`,
            { endpoint: LEAVE_RECORDS },
          );
        }
        nextToken = next;
      }
    },
  };
  return listings satisfies OrgListings;
}

/** Every in-scope member (see `readScopedUsers`); then, with `userLeaveRangeDays`, the resigned. */
export async function* readUsers(
  client: DingTalkClient,
  signal: AbortSignal | undefined,
): AsyncGenerator<SourceUser> {
  const listings = dingtalkListings(client);
  const listed = new Set<string>();
  for await (const user of readScopedUsers(listings, signal)) {
    listed.add(user.id);
    yield user;
  }
  const days = client.config.userLeaveRangeDays;
  if (days === undefined) return;
  // Yielded whatever the deptList: DingTalk does not say where they worked, and the departed
  // policy only touches accounts orgsync made. A person listed as a member was rehired.
  for await (const record of listings.leaveRecords(days, signal)) {
    const user = toResignedUser(record, client.prefix);
    if (listed.has(user.id)) continue;
    listed.add(user.id);
    yield user;
  }
  throwIfCancelled(signal, `${client.prefix}: user read`);
}

/**
 * Re-reads of chosen departments and users for event-driven runs, with department/get and
 * user/get. Ids DingTalk no longer knows (60003, 60121) come back in `missing`; anything else
 * throws as a full read does. With a `deptList` the scope is applied exactly as a full run does.
 */

export function targetedReads(client: DingTalkClient): TargetedReads {
  const { prefix, config } = client;
  const listings = dingtalkListings(client);
  /** The departments a full run would read; undefined for the whole org. */
  const inScope = async (signal: AbortSignal | undefined) => {
    if (config.deptList.length === 0) return undefined;
    const departments: SourceDepartment[] = [];
    for await (const department of readScopedDepartments(listings, signal)) {
      departments.push(department);
    }
    return departments;
  };
  return {
    async departments(ids, options) {
      const signal = options?.signal;
      throwIfCancelled(signal, `${prefix}: targeted department read`);
      const unique = [...new Set(ids)].filter((id) => id !== ROOT_DEPARTMENT_ID);
      const gone = DINGTALK_CODES.departmentNotFound;
      const found =
        (await inScope(signal)) ?? (await each(client, unique, gone, signal, listings.department));
      return split(unique, found);
    },
    async users(ids, options) {
      const signal = options?.signal;
      throwIfCancelled(signal, `${prefix}: targeted user read`);
      const unique = [...new Set(ids)];
      const gone = DINGTALK_CODES.userNotFound;
      let found = await each(client, unique, gone, signal, listings.user);
      const departments = await inScope(signal);
      if (departments) {
        const scope = parseDepartmentList(config.deptList);
        found = applyDepartmentScope({ departments, users: found }, scope, ROOT_DEPARTMENT_ID)
          .source.users;
      }
      return split(unique, found);
    },
  };
}

/** Reads each id concurrently; `goneCode` means "no such object", anything else fails. */
async function each<T>(
  client: DingTalkClient,
  ids: string[],
  goneCode: number,
  signal: AbortSignal | undefined,
  read: (id: string, signal: AbortSignal) => Promise<T>,
): Promise<T[]> {
  const found: T[] = [];
  const results = concurrentEmit<string, T>({
    inputs: ids,
    concurrency: client.config.concurrency,
    what: `${client.prefix}: targeted read`,
    ...(signal ? { signal } : {}),
    work: async (id, emit, inner) => {
      try {
        emit([await read(id, inner)]);
      } catch (error) {
        if (error instanceof DingTalkApiError && error.details.errcode === goneCode) return;
        throw error;
      }
    },
  });
  for await (const item of results) found.push(item);
  return found;
}

function split<T extends { id: string }>(ids: readonly string[], items: T[]): TargetedResult<T> {
  const byId = new Map(items.map((item) => [item.id, item]));
  return {
    found: ids.flatMap((id) => byId.get(id) ?? []),
    missing: ids.filter((id) => !byId.has(id)),
  };
}
