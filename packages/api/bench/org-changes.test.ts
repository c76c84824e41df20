import { generateOrg } from "@orgsync/core/testing";
import type { LdifEntry } from "@orgsync/ldap/testing";
import { describe, expect, it } from "vitest";
import { changedEntries, onePercentChange } from "./org-changes.ts";

describe("onePercentChange", () => {
  const generated = generateOrg({ users: 1010, departments: 100, seed: 3 });
  const before = { departments: generated.departments, users: generated.users.slice(0, 1000) };
  const { org, people } = onePercentChange(before, generated.users.slice(1000));

  it("hires, renames, moves and resigns a quarter of 1% each", () => {
    expect(people).toBe(10);
    const old = new Map(before.users.map((user) => [user.id, user]));
    const hired = org.users.filter((user) => !old.has(user.id));
    const renamed = org.users.filter(
      (user) => old.has(user.id) && old.get(user.id)?.name !== user.name,
    );
    const moved = org.users.filter(
      (user) =>
        old.has(user.id) && `${old.get(user.id)?.departmentIds}` !== `${user.departmentIds}`,
    );
    const resigned = org.users.filter(
      (user) => old.get(user.id)?.status === "active" && user.status === "resigned",
    );
    expect([hired, renamed, moved, resigned].map((group) => group.length)).toEqual([4, 2, 2, 2]);
    expect(new Set([...renamed, ...moved, ...resigned].map((user) => user.id)).size).toBe(6);
  });

  it("leaves the input org as it was", () => {
    expect(before.users.every((user, i) => user === generated.users[i])).toBe(true);
  });
});

describe("changedEntries", () => {
  const entry = (dn: string, attributes: Record<string, string[]>): LdifEntry => ({
    dn,
    attributes,
  });
  const alice = entry("uid=alice,ou=people,dc=x", { orgsyncAnchor: ["f:1"], cn: ["alice"] });
  const group = entry("cn=sales,ou=f,dc=x", { uniqueMember: ["a", "b"] });

  it("counts added, removed and modified entries once each, ignoring value order", () => {
    const reordered = entry(group.dn, { uniqueMember: ["b", "a"] });
    expect(changedEntries([alice, group], [alice, reordered])).toBe(0);
    const renamed = entry("uid=alice2,ou=people,dc=x", { orgsyncAnchor: ["f:1"], cn: ["alice"] });
    const added = entry("uid=bob,ou=people,dc=x", { orgsyncAnchor: ["f:2"] });
    // alice renamed (one object, by anchor), the group gone, bob new.
    expect(changedEntries([alice, group], [renamed, added])).toBe(3);
  });
});
