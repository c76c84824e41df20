import type { SourceSnapshot } from "@orgsync/core";
import type { Slapd } from "@orgsync/ldap/testing";

/**
 * The directory reduced to what a sync of an org must produce, in a form `toEqual` can diff:
 * users and groups by anchor, each group's members by anchor. Two suites compare it: the
 * directory a faulty run left (`directoryView`) and the one the org calls for (`viewOfOrg`).
 */
export interface DirectoryView {
  /** The anchors of the entries in `ou=people`, sorted; an entry without one shows its DN. */
  users: string[];
  /** The anchors of users marked `orgsyncDisabled: TRUE`, sorted. */
  disabled: string[];
  /** Group anchor → its members' anchors, sorted (a member that is no user shows its DN). */
  groups: Record<string, string[]>;
}

/**
 * What a clean full sync of `org` (everyone active) leaves: each person exactly once, a group
 * per department holding exactly its direct members (the root is a container, not a group).
 */
export function viewOfOrg(org: SourceSnapshot, flag = "feishu"): DirectoryView {
  const groups: Record<string, string[]> = {};
  for (const department of org.departments) groups[`${flag}:${department.id}`] = [];
  for (const user of org.users) {
    for (const id of user.departmentIds) groups[`${flag}:${id}`]?.push(`${flag}:${user.id}`);
  }
  for (const members of Object.values(groups)) members.sort();
  return { users: org.users.map((user) => `${flag}:${user.id}`).sort(), disabled: [], groups };
}

/**
 * Reads the directory with slapd's own `ldapsearch` (not orgsync's client): every entry in
 * `ou=people` and every group under the provider's root, members mapped to anchors. The
 * placeholder member a `groupOfUniqueNames` needs (the bind DN) is left out.
 */
export async function directoryView(
  slapd: Pick<Slapd, "ldapsearch" | "baseDn" | "adminDn">,
  flag = "feishu",
): Promise<DirectoryView> {
  const [people, groupEntries] = await Promise.all([
    slapd.ldapsearch(
      `ou=people,${slapd.baseDn}`,
      "(objectClass=*)",
      ["orgsyncAnchor", "orgsyncDisabled"],
      { scope: "one" },
    ),
    slapd.ldapsearch(`ou=${flag}root,${slapd.baseDn}`, "(objectClass=groupOfUniqueNames)", [
      "orgsyncAnchor",
      "uniqueMember",
    ]),
  ]);
  const key = (dn: string) => dn.toLowerCase().replace(/,\s+/g, ",");
  const anchorOf = new Map(
    people.map((entry) => [key(entry.dn), entry.attributes.orgsyncAnchor?.[0] ?? entry.dn]),
  );
  const placeholder = key(slapd.adminDn);
  const groups: Record<string, string[]> = {};
  for (const entry of groupEntries) {
    const anchor = entry.attributes.orgsyncAnchor?.[0] ?? entry.dn;
    groups[anchor] = (entry.attributes.uniqueMember ?? [])
      .filter((member) => key(member) !== placeholder)
      .map((member) => anchorOf.get(key(member)) ?? member)
      .sort();
  }
  return {
    users: [...anchorOf.values()].sort(),
    disabled: people
      .filter((entry) => entry.attributes.orgsyncDisabled?.[0] === "TRUE")
      .map((entry) => entry.attributes.orgsyncAnchor?.[0] ?? entry.dn)
      .sort(),
    groups,
  };
}
