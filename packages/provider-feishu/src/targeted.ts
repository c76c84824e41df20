import {
  applyDepartmentScope,
  concurrentEmit,
  type FetchOptions,
  type SourceDepartment,
  type SourceUser,
  type TargetedReads,
  type TargetedResult,
  throwIfCancelled,
} from "@orgsync/core";
import { FeishuApiError, type FeishuClient, type FeishuEnvelope } from "./client.ts";
import { FEISHU_CODES } from "./codes.ts";
import { type FeishuRecord, ROOT_DEPARTMENT_ID, toSourceDepartment, toSourceUser } from "./map.ts";
import { departmentScope, getDepartment, scopedDepartments } from "./read.ts";

/**
 * Re-reads of chosen departments and users, for event-driven runs. Ids Feishu no longer knows
 * come back in `missing`; any other failure throws, as a full read does.
 *
 * With a `deptList`, the in-scope departments are listed first (one recursive listing per listed
 * department) so that a targeted run applies exactly the scope a full run applies.
 */

const USER = "GET /contact/v3/users/:user_id";

/** Answers meaning "no such department" for department.get. */
const DEPARTMENT_GONE: ReadonlySet<number> = new Set([FEISHU_CODES.departmentNotFound]);

/**
 * Answers meaning "no such user (for this app)" for user.get: Feishu says 41050 both for an
 * unknown id and for a person outside the contact scope; either way a full read would not list
 * them. 41012 is the documented "user id invalid".
 */
const USER_GONE: ReadonlySet<number> = new Set([
  FEISHU_CODES.noUserAuthority,
  FEISHU_CODES.userNotFound,
]);

export function targetedReads(client: FeishuClient): TargetedReads {
  return {
    departments: (ids, options) => targetedDepartments(client, ids, options),
    users: (ids, options) => targetedUsers(client, ids, options),
  };
}

async function targetedDepartments(
  client: FeishuClient,
  ids: readonly string[],
  options: FetchOptions | undefined,
): Promise<TargetedResult<SourceDepartment>> {
  const signal = options?.signal;
  throwIfCancelled(signal, `${client.prefix}: targeted department read`);
  const unique = [...new Set(ids)].filter((id) => id !== ROOT_DEPARTMENT_ID);
  const scope = departmentScope(client);
  const byId = new Map<string, SourceDepartment>();
  if (scope.include.length > 0 || scope.exclude.length > 0) {
    for (const department of await scopedDepartments(client, scope, signal)) {
      byId.set(department.id, department);
    }
  } else {
    const records = concurrentEmit<string, FeishuRecord>({
      inputs: unique,
      concurrency: client.config.concurrency,
      what: `${client.prefix}: targeted department read`,
      ...(signal ? { signal } : {}),
      work: async (id, emit, innerSignal) => {
        try {
          emit([await getDepartment(client, id, innerSignal)]);
        } catch (error) {
          if (isCode(error, DEPARTMENT_GONE)) return;
          throw error;
        }
      },
    });
    for await (const record of records) {
      if (isDeleted(record)) continue;
      const department = toSourceDepartment(record, client.prefix);
      byId.set(department.id, department);
    }
  }
  return split(unique, byId);
}

async function targetedUsers(
  client: FeishuClient,
  ids: readonly string[],
  options: FetchOptions | undefined,
): Promise<TargetedResult<SourceUser>> {
  const signal = options?.signal;
  throwIfCancelled(signal, `${client.prefix}: targeted user read`);
  const unique = [...new Set(ids)];
  const records = concurrentEmit<string, FeishuRecord>({
    inputs: unique,
    concurrency: client.config.concurrency,
    what: `${client.prefix}: targeted user read`,
    ...(signal ? { signal } : {}),
    work: async (id, emit, innerSignal) => {
      try {
        const data = await client.call<{ user?: FeishuRecord }>(
          { name: USER, userId: id },
          () =>
            client.sdk.contact.v3.user.get({
              path: { user_id: id },
              params: {
                user_id_type: client.config.userIdType,
                department_id_type: "open_department_id",
              },
            }) as Promise<FeishuEnvelope<{ user?: FeishuRecord }>>,
          innerSignal,
        );
        if (data.user) emit([data.user]);
      } catch (error) {
        if (isCode(error, USER_GONE)) return;
        throw error;
      }
    },
  });
  let users: SourceUser[] = [];
  for await (const record of records) {
    users.push(
      toSourceUser(record, { userIdType: client.config.userIdType, prefix: client.prefix }),
    );
  }
  const scope = departmentScope(client);
  if (scope.include.length > 0 || scope.exclude.length > 0) {
    const departments = await scopedDepartments(client, scope, signal);
    users = applyDepartmentScope({ departments, users }, scope, ROOT_DEPARTMENT_ID).source.users;
  }
  return split(unique, new Map(users.map((user) => [user.id, user])));
}

function split<T>(ids: readonly string[], byId: Map<string, T>): TargetedResult<T> {
  const found: T[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const item = byId.get(id);
    if (item) found.push(item);
    else missing.push(id);
  }
  return { found, missing };
}

function isCode(error: unknown, codes: ReadonlySet<number>): boolean {
  const code = error instanceof FeishuApiError ? error.details.code : undefined;
  return code !== undefined && codes.has(code);
}

function isDeleted(record: FeishuRecord): boolean {
  const status = record.status;
  return (
    typeof status === "object" && status !== null && (status as FeishuRecord).is_deleted === true
  );
}
