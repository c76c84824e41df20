import type { SourceSnapshot } from "@orgsync/core";

/** Feishu's largest page for department and member listings. */
const PAGE = 50;

/**
 * The fewest contact API calls any complete read of `org` can make: one token, the department
 * tree listed once, and each department's direct members listed once (the root's included), at
 * 50 per page — an empty listing still costs one call. Benchmarks divide the calls a read made
 * by this.
 */
export function contactReadLowerBound(org: SourceSnapshot, rootId = "0"): number {
  const members = new Map<string, number>([[rootId, 0]]);
  for (const department of org.departments) members.set(department.id, 0);
  for (const user of org.users) {
    for (const id of new Set(user.departmentIds)) members.set(id, (members.get(id) ?? 0) + 1);
  }
  const pages = (items: number) => Math.max(1, Math.ceil(items / PAGE));
  let calls = 1 + pages(org.departments.length);
  for (const count of members.values()) calls += pages(count);
  return calls;
}
