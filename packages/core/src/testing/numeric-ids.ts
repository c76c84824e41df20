import type { SourceSnapshot } from "../model/source.ts";

/**
 * The same org with numeric department ids, as DingTalk and WeCom spell them (integers on the
 * wire, `1` the root): the generator and the conformance kit make Feishu-style `od-…` ids.
 * Departments are numbered in list order from `firstId`; explicit `ids` win. Parents, users'
 * departments and primary departments follow; the root id and user ids stay as they are.
 */
export function numericDepartmentIds(
  org: SourceSnapshot,
  options: { firstId?: number; ids?: Record<string, string> } = {},
): SourceSnapshot {
  const renamed = new Map<string, string>(Object.entries(options.ids ?? {}));
  let next = options.firstId ?? 2;
  const taken = new Set(renamed.values());
  for (const department of org.departments) {
    if (renamed.has(department.id)) continue;
    while (taken.has(String(next))) next++;
    renamed.set(department.id, String(next));
    taken.add(String(next++));
  }
  const rename = (id: string) => renamed.get(id) ?? id;
  return {
    departments: org.departments.map((department) => ({
      ...department,
      id: rename(department.id),
      parentId: rename(department.parentId),
    })),
    users: org.users.map((user) => {
      const renamedUser = { ...user, departmentIds: user.departmentIds.map(rename) };
      if (user.primaryDepartmentId !== undefined) {
        renamedUser.primaryDepartmentId = rename(user.primaryDepartmentId);
      }
      return renamedUser;
    }),
  };
}
