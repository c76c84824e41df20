import {
  applyDepartmentScope,
  concurrentEmit,
  type DepartmentScope,
  parseDepartmentList,
  type SourceDepartment,
  type SourceUser,
  throwIfCancelled,
} from "@orgsync/core";
import {
  FeishuApiError,
  type FeishuClient,
  type FeishuEndpoint,
  type FeishuEnvelope,
} from "./client.ts";
import { type FeishuRecord, ROOT_DEPARTMENT_ID, toSourceDepartment, toSourceUser } from "./map.ts";

/**
 * Full reads of the org chart. Every listing is paged by hand (never `*WithIterator`, which
 * swallows errors and ends a listing early without a word) and every page goes through
 * `client.call`, so a read is either complete or throws.
 */

/** Feishu's largest page for children and find_by_department. */
export const PAGE_SIZE = 50;

interface Page {
  has_more?: boolean;
  page_token?: string;
  items?: FeishuRecord[];
}

const CHILDREN = "GET /contact/v3/departments/:department_id/children";
const DEPARTMENT = "GET /contact/v3/departments/:department_id";
const FIND_BY_DEPARTMENT = "GET /contact/v3/users/find_by_department";

/** Pages through one listing, yielding each page's items. */
async function* pages(
  client: FeishuClient,
  endpoint: FeishuEndpoint,
  fetchPage: (pageToken: string | undefined) => Promise<FeishuEnvelope<Page>>,
  signal: AbortSignal | undefined,
): AsyncGenerator<FeishuRecord[]> {
  let pageToken: string | undefined;
  for (let page = 1; ; page++) {
    const data = await client.call(endpoint, () => fetchPage(pageToken), signal);
    yield Array.isArray(data.items) ? data.items : [];
    if (!data.has_more) return;
    if (
      typeof data.page_token !== "string" ||
      data.page_token === "" ||
      data.page_token === pageToken
    ) {
      // Looping on the same token would read forever; stopping would read short. Fail.
      throw new FeishuApiError(
        `${client.prefix}: ${endpoint.name}${endpoint.departmentId !== undefined ? ` for department ${endpoint.departmentId}` : ""} said has_more on page ${page} without a new page_token; the read cannot complete`,
        {
          endpoint: endpoint.name,
          ...(endpoint.departmentId !== undefined ? { departmentId: endpoint.departmentId } : {}),
        },
      );
    }
    pageToken = data.page_token;
  }
}

/** One page of every department under `parentId`, all levels (the SDK's plain method, never its iterator). */
export function childrenPage(
  client: FeishuClient,
  parentId: string,
  pageToken?: string,
): Promise<FeishuEnvelope<Page>> {
  return client.sdk.contact.v3.department.children({
    path: { department_id: parentId },
    params: {
      department_id_type: "open_department_id",
      user_id_type: client.config.userIdType,
      fetch_child: true,
      page_size: PAGE_SIZE,
      ...(pageToken !== undefined ? { page_token: pageToken } : {}),
    },
  }) as Promise<FeishuEnvelope<Page>>;
}

/** One page of a department's direct members. */
export function membersPage(
  client: FeishuClient,
  departmentId: string,
  pageToken?: string,
): Promise<FeishuEnvelope<Page>> {
  return client.sdk.contact.v3.user.findByDepartment({
    params: {
      department_id: departmentId,
      department_id_type: "open_department_id",
      user_id_type: client.config.userIdType,
      page_size: PAGE_SIZE,
      ...(pageToken !== undefined ? { page_token: pageToken } : {}),
    },
  }) as Promise<FeishuEnvelope<Page>>;
}

/** Every department under `parentId` (not itself), all levels. */
export function listSubtree(
  client: FeishuClient,
  parentId: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<FeishuRecord[]> {
  return pages(
    client,
    { name: CHILDREN, departmentId: parentId },
    (pageToken) => childrenPage(client, parentId, pageToken),
    signal,
  );
}

/** The direct members of one department (`"0"`: the people directly under the company). */
export function listMembers(
  client: FeishuClient,
  departmentId: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<FeishuRecord[]> {
  return pages(
    client,
    { name: FIND_BY_DEPARTMENT, departmentId },
    (pageToken) => membersPage(client, departmentId, pageToken),
    signal,
  );
}

/** One department's record. */
export async function getDepartment(
  client: FeishuClient,
  departmentId: string,
  signal: AbortSignal | undefined,
): Promise<FeishuRecord> {
  const data = await client.call<{ department?: FeishuRecord }>(
    { name: DEPARTMENT, departmentId },
    () =>
      client.sdk.contact.v3.department.get({
        path: { department_id: departmentId },
        params: {
          department_id_type: "open_department_id",
          user_id_type: client.config.userIdType,
        },
      }) as Promise<FeishuEnvelope<{ department?: FeishuRecord }>>,
    signal,
  );
  if (!data.department) {
    throw new FeishuApiError(
      `${client.prefix}: ${DEPARTMENT} for department ${departmentId} answered without a department`,
      { endpoint: DEPARTMENT, departmentId },
    );
  }
  return data.department;
}

export function departmentScope(client: FeishuClient): DepartmentScope {
  return parseDepartmentList(client.config.deptList);
}

function isWholeOrg(scope: DepartmentScope): boolean {
  return scope.include.length === 0 && scope.exclude.length === 0;
}

/**
 * Every in-scope department. The whole org streams page by page (one recursive listing of the
 * root); a `deptList` reads each listed department and its subtree, then applies go-ldap-admin's
 * semantics with the core's `applyDepartmentScope` (excludes, re-rooting of included tops).
 */
export async function* readDepartments(
  client: FeishuClient,
  signal: AbortSignal | undefined,
): AsyncGenerator<SourceDepartment> {
  const what = `${client.prefix}: department read`;
  throwIfCancelled(signal, what);
  const scope = departmentScope(client);
  if (isWholeOrg(scope)) {
    for await (const items of listSubtree(client, ROOT_DEPARTMENT_ID, signal)) {
      for (const item of items) yield toSourceDepartment(item, client.prefix);
    }
    throwIfCancelled(signal, what);
    return;
  }
  for (const department of await scopedDepartments(client, scope, signal)) yield department;
  throwIfCancelled(signal, what);
}

/** The departments a `deptList` selects, re-rooted as go-ldap-admin does. */
export async function scopedDepartments(
  client: FeishuClient,
  scope: DepartmentScope,
  signal: AbortSignal | undefined,
): Promise<SourceDepartment[]> {
  const byId = new Map<string, SourceDepartment>();
  const add = (items: FeishuRecord[]) => {
    for (const item of items) {
      const department = toSourceDepartment(item, client.prefix);
      byId.set(department.id, department);
    }
  };
  const wholeOrg = scope.include.length === 0 || scope.include.includes(ROOT_DEPARTMENT_ID);
  const tops = wholeOrg ? [ROOT_DEPARTMENT_ID] : [...new Set(scope.include)];
  const batches = concurrentEmit<string, FeishuRecord>({
    inputs: tops,
    concurrency: client.config.concurrency,
    what: `${client.prefix}: department read`,
    ...(signal ? { signal } : {}),
    work: async (id, emit, innerSignal) => {
      // The listed department itself: children() returns only what is under it.
      if (id !== ROOT_DEPARTMENT_ID) emit([await getDepartment(client, id, innerSignal)]);
      for await (const items of listSubtree(client, id, innerSignal)) emit(items);
    },
  });
  const records: FeishuRecord[] = [];
  for await (const record of batches) records.push(record);
  add(records);
  return applyDepartmentScope(
    { departments: [...byId.values()], users: [] },
    scope,
    ROOT_DEPARTMENT_ID,
  ).source.departments;
}

/**
 * Every in-scope user, once per department they are listed in (the core merges them). Lists the
 * root's direct members too whenever the root is in scope: go-ldap-admin skipped them (#87).
 * Departments are listed in parallel, each one's pages in order, all under the rate limiter.
 */
export async function* readUsers(
  client: FeishuClient,
  signal: AbortSignal | undefined,
): AsyncGenerator<SourceUser> {
  const what = `${client.prefix}: user read`;
  throwIfCancelled(signal, what);
  const scope = departmentScope(client);
  const wholeOrg = isWholeOrg(scope);

  // Listed again rather than reused from fetchDepartments: a person moved into a department
  // created since then must still be found (a person not found looks like a departure).
  const departmentIds: string[] = [];
  let scoped: SourceDepartment[] = [];
  if (wholeOrg) {
    for await (const items of listSubtree(client, ROOT_DEPARTMENT_ID, signal)) {
      for (const item of items) departmentIds.push(toSourceDepartment(item, client.prefix).id);
    }
  } else {
    scoped = await scopedDepartments(client, scope, signal);
    for (const department of scoped) departmentIds.push(department.id);
  }
  const rootInScope = scope.include.length === 0 && !scope.exclude.includes(ROOT_DEPARTMENT_ID);
  const targets = rootInScope ? [ROOT_DEPARTMENT_ID, ...departmentIds] : departmentIds;

  const users = concurrentEmit<string, SourceUser>({
    inputs: targets,
    concurrency: client.config.concurrency,
    what,
    ...(signal ? { signal } : {}),
    work: async (departmentId, emit, innerSignal) => {
      for await (const items of listMembers(client, departmentId, innerSignal)) {
        emit(
          items.map((item) =>
            toSourceUser(item, {
              userIdType: client.config.userIdType,
              listedIn: departmentId,
              prefix: client.prefix,
            }),
          ),
        );
      }
    },
  });

  if (wholeOrg) {
    yield* users;
    throwIfCancelled(signal, what);
    return;
  }
  // A deptList drops departments outside it from each person; that needs the whole list of
  // in-scope departments, which we have, and is done by the core so the semantics are one.
  const listed: SourceUser[] = [];
  for await (const user of users) listed.push(user);
  const inScope = applyDepartmentScope(
    { departments: scoped, users: listed },
    scope,
    ROOT_DEPARTMENT_ID,
  );
  for (const user of inScope.source.users) yield user;
  throwIfCancelled(signal, what);
}
