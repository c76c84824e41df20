import { throwIfCancelled } from "../../cancellation.ts";
import type { SourceDepartment, SourceUser } from "../../model/source.ts";
import {
  applyDepartmentScope,
  type DepartmentScope,
  parseDepartmentList,
} from "../../scope/department-scope.ts";
import { concurrentEmit } from "./concurrent-emit.ts";

/**
 * A provider's full reads from three IM-specific listings: the kit does go-ldap-admin's
 * `dept-list` (whole org, included subtrees re-rooted, excluded subtrees dropped, people kept in
 * their in-scope departments only) the same way for every IM.
 */
export interface OrgListings {
  rootDepartmentId: string;
  /** go-ldap-admin's `dept-list`: `id` includes that subtree, `^id` excludes one. */
  deptList: readonly string[];
  /** Departments' subtrees read at once. */
  concurrency: number;
  /** `"dingtalk (hq)"`: names the read in messages. */
  prefix: string;
  /**
   * Every department under `top`, all levels, `top` itself not included — for an IM that lists a
   * whole subtree at once (WeCom's `simplelist`). Give this or `children`.
   */
  subtree?(top: string, signal: AbortSignal): AsyncIterable<SourceDepartment>;
  /**
   * A department's direct children — for an IM that lists one level at a time (DingTalk's
   * `listsub`): the kit walks every listed top level by level, `concurrency` calls at once.
   */
  children?(id: string, signal: AbortSignal): Promise<SourceDepartment[]>;
  /** One department's own record (a listed top; `subtree` lists only what is under it). */
  department(id: string, signal: AbortSignal): Promise<SourceDepartment>;
  /**
   * The people in these departments (the root among them when its direct members are in scope),
   * each with every department they are in; once per department is fine, the core merges them.
   */
  users(departmentIds: readonly string[], signal: AbortSignal): AsyncIterable<SourceUser>;
}

/** Every in-scope department. */
export async function* readScopedDepartments(
  listings: OrgListings,
  signal?: AbortSignal,
): AsyncGenerator<SourceDepartment> {
  const what = `${listings.prefix}: department read`;
  throwIfCancelled(signal, what);
  const scope = parseDepartmentList(listings.deptList);
  if (isWholeOrg(scope)) yield* subtrees(listings, [listings.rootDepartmentId], what, signal);
  else yield* await scopedDepartments(listings, scope, signal);
  throwIfCancelled(signal, what);
}

/**
 * Every in-scope person. Departments are listed again rather than taken from the department read:
 * someone moved into a department created since must still be found (a person not found looks
 * like a departure).
 */
export async function* readScopedUsers(
  listings: OrgListings,
  signal?: AbortSignal,
): AsyncGenerator<SourceUser> {
  const what = `${listings.prefix}: user read`;
  throwIfCancelled(signal, what);
  const root = listings.rootDepartmentId;
  const scope = parseDepartmentList(listings.deptList);
  const wholeOrg = isWholeOrg(scope);
  const departments: SourceDepartment[] = [];
  if (wholeOrg) {
    for await (const department of subtrees(listings, [root], what, signal)) {
      departments.push(department);
    }
  } else {
    departments.push(...(await scopedDepartments(listings, scope, signal)));
  }
  // The root's direct members count only when the whole org is in scope, as applyDepartmentScope
  // has it (go-ldap-admin missed them even then, its #87).
  const rootInScope =
    (scope.include.length === 0 || scope.include.includes(root)) && !scope.exclude.includes(root);
  const targets = [...(rootInScope ? [root] : []), ...departments.map((d) => d.id)];
  const inner = signal ?? new AbortController().signal;
  if (wholeOrg) {
    yield* listings.users(targets, inner);
  } else {
    const listed: SourceUser[] = [];
    for await (const user of listings.users(targets, inner)) listed.push(user);
    yield* applyDepartmentScope({ departments, users: listed }, scope, root).source.users;
  }
  throwIfCancelled(signal, what);
}

function isWholeOrg(scope: DepartmentScope): boolean {
  return scope.include.length === 0 && scope.exclude.length === 0;
}

/** The subtrees under `tops`, read concurrently, each department once. */
async function* subtrees(
  listings: OrgListings,
  tops: readonly string[],
  what: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<SourceDepartment> {
  // Nested listed tops overlap; a cycle in the IM's data must not repeat either.
  const seen = new Set(tops);
  const { children, subtree } = listings;
  if (children) {
    for (let level = [...tops]; level.length > 0; ) {
      const next: string[] = [];
      const found = concurrentEmit<string, SourceDepartment>({
        inputs: level,
        concurrency: listings.concurrency,
        what,
        ...(signal ? { signal } : {}),
        work: async (id, emit, inner) => emit(await children(id, inner)),
      });
      for await (const department of found) {
        if (seen.has(department.id)) continue;
        seen.add(department.id);
        next.push(department.id);
        yield department;
      }
      level = next;
    }
    return;
  }
  if (!subtree) {
    throw new TypeError(`${listings.prefix}: OrgListings needs subtree() or children()`);
  }
  const found = concurrentEmit<string, SourceDepartment>({
    inputs: tops,
    concurrency: listings.concurrency,
    what,
    ...(signal ? { signal } : {}),
    work: async (top, emit, inner) => {
      for await (const department of subtree(top, inner)) emit([department]);
    },
  });
  for await (const department of found) {
    if (seen.has(department.id)) continue;
    seen.add(department.id);
    yield department;
  }
}

/** The departments a `dept-list` selects, re-rooted as go-ldap-admin does. */
async function scopedDepartments(
  listings: OrgListings,
  scope: DepartmentScope,
  signal: AbortSignal | undefined,
): Promise<SourceDepartment[]> {
  const root = listings.rootDepartmentId;
  const what = `${listings.prefix}: department read`;
  const wholeOrg = scope.include.length === 0 || scope.include.includes(root);
  const tops = wholeOrg ? [root] : [...new Set(scope.include)];
  const departments: SourceDepartment[] = [];
  if (!wholeOrg) {
    const listed = concurrentEmit<string, SourceDepartment>({
      inputs: tops,
      concurrency: listings.concurrency,
      what,
      ...(signal ? { signal } : {}),
      work: async (id, emit, inner) => emit([await listings.department(id, inner)]),
    });
    for await (const department of listed) departments.push(department);
  }
  for await (const department of subtrees(listings, tops, what, signal)) {
    departments.push(department);
  }
  const unique = [...new Map(departments.map((d) => [d.id, d])).values()];
  return applyDepartmentScope({ departments: unique, users: [] }, scope, root).source.departments;
}
