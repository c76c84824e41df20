import type { DirectoryEntry, DirectorySnapshot } from "@orgsync/core";
import { describe, expect, it } from "vitest";
import { DirectoryTree } from "./tree.ts";

const ROOT = "ou=feishuroot,dc=example,dc=com";

function group(name: string, parent = ROOT, members: string[] = []): DirectoryEntry {
  return {
    dn: `cn=${name},${parent}`,
    kind: "group",
    anchor: `feishu:${name}`,
    name,
    attributes: { cn: [name] },
    members,
  };
}

function user(uid: string, anchor: string | null = `feishu:${uid}`): DirectoryEntry {
  return {
    dn: `uid=${uid},ou=people,dc=example,dc=com`,
    kind: "user",
    anchor,
    name: uid,
    attributes: { uid: [uid], CN: [uid], mail: [`${uid}@example.com`] },
    disabled: false,
  };
}

// Mixed case: the order ignores it, as LDAP's name matching does.
const names = ["b", "A", "a", "C", "d", "E", "f"];
const users = names.map((name, index) => user(`${name.toLowerCase()}${index}`));
const snapshot: DirectorySnapshot = {
  groupRoot: { dn: ROOT, exists: true },
  entries: [
    ...names.map((name, index) =>
      group(
        `${name}${index}`,
        ROOT,
        users.map((u) => u.dn),
      ),
    ),
    group("child", `cn=b0,${ROOT}`),
    ...users,
    user("stranger", "other:1"),
  ],
};

describe("DirectoryTree", () => {
  const tree = new DirectoryTree(snapshot, "feishu");

  it.each([1, 2, 3, 6, 7, 100])("pages both lists completely with first=%i", (first) => {
    const groups: string[] = [];
    const members: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = tree.browse({ parentDn: `cn=b0,${ROOT}`, first, ...(after ? { after } : {}) });
      groups.push(...page.groups.items.map((g) => g.name));
      members.push(...page.users.items.map((u) => u.username));
      expect(page.groups.items.length).toBeLessThanOrEqual(first);
      after = page.endCursor;
      if (!after) break;
    }
    expect(after).toBeUndefined();
    expect(groups).toEqual(["child"]);
    expect(members).toEqual([...users.map((u) => u.name)].sort());

    const roots: string[] = [];
    after = undefined;
    do {
      const page = tree.browse({ first, ...(after ? { after } : {}) });
      roots.push(...page.groups.items.map((g) => g.name));
      after = page.endCursor;
    } while (after);
    expect(roots).toEqual(["A1", "a2", "b0", "C3", "d4", "E5", "f6"]);
  });

  it("reads attributes whatever their case, and keeps other providers' users out of search", () => {
    expect(tree.searchUsers({ query: "0", first: 10 }).items).toEqual([
      {
        dn: users[0]?.dn,
        username: "b0",
        displayName: "b0",
        mail: "b0@example.com",
        anchor: "feishu:b0",
        disabled: false,
      },
    ]);
    expect(tree.searchUsers({ query: "stranger", first: 10 }).totalCount).toBe(0);
  });
});
