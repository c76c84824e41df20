import type { SourceDepartment, SourceSnapshot, SourceUser } from "../model/source.ts";

/**
 * Which departments a provider syncs, with go-ldap-admin's `dept-list` semantics:
 * - empty: the whole org;
 * - `id`: that department and everything under it;
 * - `^id`: not that department, nor anything under it.
 */
export interface DepartmentScope {
  include: string[];
  exclude: string[];
}

export interface ScopedSource {
  source: SourceSnapshot;
  /** Listed ids the source does not know: probably a typo or the wrong id type. */
  unknownIds: string[];
}

/** Parses go-ldap-admin's `dept-list` (`["od-1", "^od-2"]`). */
export function parseDepartmentList(
  entries: readonly string[] | null | undefined,
): DepartmentScope {
  const scope: DepartmentScope = { include: [], exclude: [] };
  for (const raw of entries ?? []) {
    const entry = raw.trim();
    if (entry.startsWith("^")) {
      const id = entry.slice(1).trim();
      if (id) scope.exclude.push(id);
    } else if (entry) {
      scope.include.push(entry);
    }
  }
  return scope;
}

/**
 * Keeps the in-scope part of a source read. A department whose parent is out of scope is
 * re-rooted under the provider's root, as go-ldap-admin does, so that included subtrees keep
 * their shape. Users keep only their in-scope departments; users left with none are dropped
 * (members of the root department count as in scope only when the whole org is).
 */
export function applyDepartmentScope(
  source: SourceSnapshot,
  scope: DepartmentScope,
  rootDepartmentId: string,
): ScopedSource {
  if (scope.include.length === 0 && scope.exclude.length === 0) {
    return { source, unknownIds: [] };
  }
  const byId = new Map(source.departments.map((department) => [department.id, department]));
  const children = new Map<string, SourceDepartment[]>();
  for (const department of source.departments) {
    const siblings = children.get(department.parentId);
    if (siblings) siblings.push(department);
    else children.set(department.parentId, [department]);
  }
  const listed = [...scope.include, ...scope.exclude];
  const unknownIds = listed.filter((id) => id !== rootDepartmentId && !byId.has(id));

  const subtree = (startIds: readonly string[]): Set<string> => {
    const found = new Set<string>();
    const stack = [...startIds];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (found.has(id)) continue; // a cycle in source data must not loop forever
      found.add(id);
      for (const child of children.get(id) ?? []) stack.push(child.id);
    }
    return found;
  };

  const wholeOrg = scope.include.length === 0 || scope.include.includes(rootDepartmentId);
  const included = wholeOrg ? subtree([rootDepartmentId]) : subtree(scope.include);
  for (const id of subtree(scope.exclude)) included.delete(id);
  const rootInScope = wholeOrg && !scope.exclude.includes(rootDepartmentId);

  const departments: SourceDepartment[] = [];
  for (const department of source.departments) {
    if (!included.has(department.id)) continue;
    const parentInScope =
      included.has(department.parentId) && department.parentId !== rootDepartmentId;
    departments.push(parentInScope ? department : { ...department, parentId: rootDepartmentId });
  }

  const users: SourceUser[] = [];
  for (const user of source.users) {
    const departmentIds = user.departmentIds.filter((id) =>
      id === rootDepartmentId ? rootInScope : included.has(id),
    );
    if (departmentIds.length === 0) continue;
    const primary =
      user.primaryDepartmentId && departmentIds.includes(user.primaryDepartmentId)
        ? user.primaryDepartmentId
        : undefined;
    const scoped: SourceUser = { ...user, departmentIds };
    if (primary) scoped.primaryDepartmentId = primary;
    else delete scoped.primaryDepartmentId;
    users.push(scoped);
  }
  return { source: { departments, users }, unknownIds };
}
