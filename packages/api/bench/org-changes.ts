import type { SourceSnapshot, SourceUser } from "@orgsync/core";
import type { LdifEntry } from "@orgsync/ldap/testing";

export interface OrgChange {
  /** The org after the change. */
  org: SourceSnapshot;
  /** People touched: hired, renamed, moved or resigned (a quarter each). */
  people: number;
}

/**
 * A day in a company of `before.users.length` people: 1% of them change — a quarter hired
 * (`newcomers`, made by the same generator), a quarter renamed, a quarter moved to another
 * department, a quarter resigned. Deterministic: spread evenly over the active people.
 */
export function onePercentChange(
  before: SourceSnapshot,
  newcomers: readonly SourceUser[],
): OrgChange {
  const people = Math.max(4, Math.round(before.users.length / 100));
  const quarter = Math.floor(people / 4);
  const active = before.users.filter((user) => user.status === "active");
  const stride = Math.floor(active.length / (3 * quarter));
  const picked = Array.from({ length: 3 * quarter }, (_, i) => active[i * stride] as SourceUser);
  const renamed = new Set(picked.slice(0, quarter).map((user) => user.id));
  const moved = new Set(picked.slice(quarter, 2 * quarter).map((user) => user.id));
  const resigned = new Set(picked.slice(2 * quarter).map((user) => user.id));
  const departments = before.departments;

  const users = before.users.map((user, index): SourceUser => {
    if (renamed.has(user.id)) {
      const name = `${user.name}改`;
      return { ...user, name, raw: { ...user.raw, name } };
    }
    if (moved.has(user.id)) {
      const current = new Set(user.departmentIds);
      const target =
        departments.find(
          (department, i) => i >= index % departments.length && !current.has(department.id),
        ) ?? departments.find((department) => !current.has(department.id));
      if (!target) throw new Error("bench: no department to move to");
      const departmentIds = [target.id];
      return {
        ...user,
        departmentIds,
        primaryDepartmentId: target.id,
        raw: { ...user.raw, department_ids: [...departmentIds] },
      };
    }
    if (resigned.has(user.id)) {
      return {
        ...user,
        status: "resigned",
        raw: {
          ...user.raw,
          status: { is_activated: false, is_frozen: false, is_resigned: true, is_unjoin: false },
        },
      };
    }
    return user;
  });
  const hires = newcomers.slice(0, people - 3 * quarter);
  return { org: { departments, users: [...users, ...hires] }, people: 3 * quarter + hires.length };
}

/**
 * Entries that differ between two reads of a directory — added, removed or with any attribute
 * changed — keyed by anchor where there is one (a renamed DN is still one object), else by DN.
 * An observer independent of orgsync's own counts: it only compares LDAP with LDAP.
 */
export function changedEntries(before: readonly LdifEntry[], after: readonly LdifEntry[]): number {
  const key = (entry: LdifEntry) =>
    entry.attributes.orgsyncAnchor?.[0] ?? `dn:${entry.dn.toLowerCase()}`;
  const fingerprint = (entry: LdifEntry) =>
    JSON.stringify([
      entry.dn,
      Object.entries(entry.attributes)
        .map(([name, values]) => [name.toLowerCase(), [...values].sort()] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ]);
  const old = new Map(before.map((entry) => [key(entry), fingerprint(entry)]));
  let changed = 0;
  for (const entry of after) {
    if (old.get(key(entry)) !== fingerprint(entry)) changed++;
    old.delete(key(entry));
  }
  return changed + old.size;
}
