import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DirectoryError, type DirectoryErrorCategory } from "../errors.ts";
import type { Attributes, DirectoryEntry, EntryKind } from "../model/directory.ts";
import { normalizeDn } from "../model/dn.ts";
import type {
  AttributeChange,
  CreateGroupOp,
  CreateUserOp,
  DeleteGroupOp,
  DeleteUserOp,
  MoveGroupOp,
  MoveUserOp,
  Operation,
  SetMembersOp,
  UpdateGroupOp,
  UpdateUserOp,
} from "../model/operations.ts";
import type { DirectoryTarget } from "../target/target.ts";

/**
 * The suite every `DirectoryTarget` runs: the in-memory one here, the LDAP one against a real
 * slapd. It uses only the contract, so what passes here can be swapped for what passes there.
 *
 * Tests share nothing: each uses its own flag (so its own group root) and usernames prefixed
 * with that flag (the people container is shared by all flags), so a persistent server can run
 * the suite again without cleaning up.
 */

/** An entry the harness writes without an anchor, as go-ldap-admin left them. */
export interface UnanchoredSeedEntry {
  kind: EntryKind;
  dn: string;
  /** The RDN value. */
  name: string;
  attributes: Attributes;
  members?: string[];
}

export interface TargetConformanceSetup {
  target: DirectoryTarget;
  /** Called after each test. */
  cleanup?: () => Promise<void>;
  /**
   * Writes entries without an anchor, parents listed before children, creating the group root
   * and user container when missing. Without it the adoption and unanchored-read tests skip.
   */
  seedUnanchored?: (entries: UnanchoredSeedEntry[]) => Promise<void>;
}

/** RDN values every target must store and read back exactly. */
export const TRICKY_NAMES: readonly string[] = [
  "a,b",
  "a+b",
  'say "hi"',
  "back\\slash",
  "<angle>",
  "semi;colon",
  "key=value",
  "#hash",
  " leading space",
  "trailing space ",
  "研发中心",
  "产品部 🚀",
  "Émilie Zoë",
  '=,+<>#;\\"',
];

export function describeTargetConformance(
  name: string,
  setup: () => Promise<TargetConformanceSetup>,
): void {
  describe(`DirectoryTarget conformance: ${name}`, () => {
    let ctx: TargetConformanceSetup;
    let target: DirectoryTarget;
    let flag: string;

    beforeEach(async () => {
      ctx = await setup();
      target = ctx.target;
      flag = uniqueFlag();
    });

    afterEach(async () => {
      await ctx.cleanup?.();
    });

    // Small builders: operations as a planner would emit them.
    const anchor = (id: string) => `${flag}:${id}`;
    const root = () => target.layout.groupRootDn(flag);
    const groupDn = (groupName: string, parent = root()) =>
      target.layout.groupDn(groupName, parent);
    const username = (base: string) => `${flag}-${base}`;
    const userDn = (base: string) => target.layout.userDn(username(base));

    function createGroup(id: string, groupName: string, parent = root()): CreateGroupOp {
      return {
        type: "createGroup",
        id: `createGroup:${anchor(id)}`,
        dependsOn: [],
        anchor: anchor(id),
        dn: groupDn(groupName, parent),
        name: groupName,
        attributes: { description: [`${groupName} (${id})`] },
      };
    }

    function createUser(id: string, base: string, extra: Attributes = {}): CreateUserOp {
      return {
        type: "createUser",
        id: `createUser:${anchor(id)}`,
        dependsOn: [],
        anchor: anchor(id),
        dn: userDn(base),
        name: username(base),
        attributes: {
          cn: [username(base)],
          sn: ["张"],
          displayName: ["张伟"],
          // mail is an IA5 (ASCII) string in real directories, whatever the username holds.
          mail: [`${id}@example.com`],
          ...extra,
        },
      };
    }

    function update(
      type: "updateUser" | "updateGroup",
      id: string,
      dn: string,
      changes: AttributeChange[],
      adopt?: boolean,
    ): UpdateUserOp | UpdateGroupOp {
      const op = {
        type,
        id: `${type}:${anchor(id)}`,
        dependsOn: [],
        anchor: anchor(id),
        dn,
        changes,
      };
      return adopt ? { ...op, adopt } : op;
    }

    function setMembers(id: string, dn: string, add: string[], remove: string[]): SetMembersOp {
      return {
        type: "setMembers",
        id: `setMembers:${anchor(id)}`,
        dependsOn: [],
        anchor: anchor(id),
        dn,
        add,
        remove,
      };
    }

    function moveGroup(id: string, dn: string, newDn: string, newName: string): MoveGroupOp {
      return {
        type: "moveGroup",
        id: `moveGroup:${anchor(id)}`,
        dependsOn: [],
        anchor: anchor(id),
        dn,
        newDn,
        newName,
      };
    }

    function moveUser(id: string, dn: string, newDn: string, newName: string): MoveUserOp {
      return {
        type: "moveUser",
        id: `moveUser:${anchor(id)}`,
        dependsOn: [],
        anchor: anchor(id),
        dn,
        newDn,
        newName,
      };
    }

    function deleteGroup(id: string, dn: string): DeleteGroupOp {
      return {
        type: "deleteGroup",
        id: `deleteGroup:${anchor(id)}`,
        dependsOn: [],
        anchor: anchor(id),
        dn,
      };
    }

    function deleteUser(id: string, dn: string): DeleteUserOp {
      return {
        type: "deleteUser",
        id: `deleteUser:${anchor(id)}`,
        dependsOn: [],
        anchor: anchor(id),
        dn,
        reason: "removed",
      };
    }

    async function applyAll(...ops: Operation[]): Promise<void> {
      for (const op of ops) await target.apply(op);
    }

    /** This test's entries only: its groups and its users (the people container is shared). */
    async function readOwn(): Promise<{
      exists: boolean;
      rootDn: string;
      entries: DirectoryEntry[];
    }> {
      const snapshot = await target.read(flag);
      const prefix = normalizeDn(target.layout.userDn(`${flag}-`)).split(",")[0] ?? "";
      const entries = snapshot.entries.filter(
        (entry) =>
          entry.kind === "group" ||
          entry.anchor?.startsWith(`${flag}:`) ||
          normalizeDn(entry.dn).startsWith(prefix),
      );
      return { exists: snapshot.groupRoot.exists, rootDn: snapshot.groupRoot.dn, entries };
    }

    async function entryAt(dn: string): Promise<DirectoryEntry | undefined> {
      const { entries } = await readOwn();
      return entries.find((entry) => sameDn(entry.dn, dn));
    }

    async function expectCategory(promise: Promise<unknown>, category: DirectoryErrorCategory) {
      const error = await promise.then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error, `expected a DirectoryError "${category}"`).toBeInstanceOf(DirectoryError);
      expect((error as DirectoryError).category).toBe(category);
    }

    it("advertises a layout that nests groups under the flag's root and users in one container", () => {
      expect(sameDn(target.layout.groupDn("x", root()).split(",").slice(1).join(","), root())).toBe(
        true,
      );
      expect(target.capabilities.maxParallelism).toBeGreaterThanOrEqual(1);
      expect(normalizeDn(target.layout.userDn("a"))).not.toBe(
        normalizeDn(target.layout.userDn("b")),
      );
    });

    it("creates the group root on the first group create", async () => {
      const before = await readOwn();
      expect(before.exists).toBe(false);
      expect(sameDn(before.rootDn, root())).toBe(true);
      expect(before.entries).toEqual([]);

      await target.apply(createGroup("d1", "研发中心"));
      const after = await readOwn();
      expect(after.exists).toBe(true);
      expect(after.entries).toHaveLength(1);
      const [group] = after.entries;
      expect(group).toMatchObject({ kind: "group", anchor: anchor("d1"), name: "研发中心" });
      expect(sameDn(group?.dn ?? "", groupDn("研发中心"))).toBe(true);
      expect(group?.attributes.description).toEqual(["研发中心 (d1)"]);
      expect(group?.members ?? []).toEqual([]);
    });

    it("nests groups", async () => {
      const a = createGroup("a", "A");
      const b = createGroup("b", "B", a.dn);
      const c = createGroup("c", "C", b.dn);
      await applyAll(a, b, c);
      const { entries } = await readOwn();
      expect(entries.map((entry) => entry.anchor).sort()).toEqual([
        anchor("a"),
        anchor("b"),
        anchor("c"),
      ]);
      expect(
        sameDn((await entryAt(groupDn("C", groupDn("B", groupDn("A")))))?.dn ?? "", c.dn),
      ).toBe(true);
    });

    it("creates a user and reads back its anchor, name and attributes", async () => {
      const op = createUser("u1", "zhangwei", { employeeNumber: ["E001"], title: ["工程师"] });
      await target.apply(op);
      const user = await entryAt(op.dn);
      expect(user).toMatchObject({
        kind: "user",
        anchor: anchor("u1"),
        name: username("zhangwei"),
      });
      expect(user?.disabled ?? false).toBe(false);
      for (const [attribute, values] of Object.entries(op.attributes)) {
        expect(user?.attributes[attribute], attribute).toEqual(values);
      }
    });

    it("refuses a duplicate create with alreadyExists", async () => {
      await applyAll(createGroup("g", "Sales"), createUser("u", "dup"));
      await expectCategory(target.apply(createGroup("g2", "Sales")), "alreadyExists");
      await expectCategory(target.apply(createUser("u2", "dup")), "alreadyExists");
    });

    it("refuses a create under a missing parent with noSuchObject", async () => {
      await target.apply(createGroup("g", "Exists"));
      await expectCategory(
        target.apply(createGroup("orphan", "Orphan", groupDn("Missing"))),
        "noSuchObject",
      );
    });

    it("refuses a user without a required attribute with schemaViolation", async (test) => {
      const required = target.layout.requiredAttributes?.user ?? [];
      if (required.length === 0) test.skip();
      for (const attribute of required) {
        const op = createUser(`no-${attribute}`, `no-${attribute}`);
        delete op.attributes[attribute];
        await expectCategory(target.apply(op), "schemaViolation");
      }
    });

    it("updates only the attributes it changes, and removes those set to []", async () => {
      const op = createUser("u", "upd", { title: ["工程师"] });
      await target.apply(op);
      await target.apply(
        update("updateUser", "u", op.dn, [
          { attribute: "mail", old: op.attributes.mail ?? [], new: ["new@example.com"] },
          { attribute: "title", old: ["工程师"], new: [] },
        ]),
      );
      const user = await entryAt(op.dn);
      expect(user?.attributes.mail).toEqual(["new@example.com"]);
      expect(user?.attributes.title).toBeUndefined();
      expect(user?.attributes.sn).toEqual(op.attributes.sn);
      expect(user?.attributes.displayName).toEqual(op.attributes.displayName);
      expect(user?.anchor).toBe(anchor("u"));

      const group = createGroup("g", "G");
      await target.apply(group);
      await target.apply(
        update("updateGroup", "g", group.dn, [
          { attribute: "description", old: group.attributes.description ?? [], new: ["新描述"] },
        ]),
      );
      expect((await entryAt(group.dn))?.attributes.description).toEqual(["新描述"]);
    });

    it("adopt writes the anchor", async () => {
      const op = createUser("old", "adoptee");
      await target.apply(op);
      await target.apply(update("updateUser", "new", op.dn, [], true));
      expect((await entryAt(op.dn))?.anchor).toBe(anchor("new"));
    });

    it("adopts an unanchored entry and reads unanchored entries with anchor null", async (test) => {
      if (!ctx.seedUnanchored) test.skip();
      const legacyGroup = groupDn("Legacy");
      const legacyUser = userDn("legacy");
      await ctx.seedUnanchored?.([
        { kind: "group", dn: legacyGroup, name: "Legacy", attributes: { description: ["old"] } },
        {
          kind: "user",
          dn: legacyUser,
          name: username("legacy"),
          attributes: { cn: [username("legacy")], sn: ["李"] },
        },
      ]);
      const before = await readOwn();
      expect(before.exists).toBe(true);
      expect((await entryAt(legacyGroup))?.anchor).toBeNull();
      expect(await entryAt(legacyUser)).toMatchObject({ anchor: null, name: username("legacy") });

      await target.apply(update("updateGroup", "g", legacyGroup, [], true));
      await target.apply(
        update(
          "updateUser",
          "u",
          legacyUser,
          [{ attribute: "mail", old: [], new: ["l@example.com"] }],
          true,
        ),
      );
      expect((await entryAt(legacyGroup))?.anchor).toBe(anchor("g"));
      const user = await entryAt(legacyUser);
      expect(user?.anchor).toBe(anchor("u"));
      expect(user?.attributes.mail).toEqual(["l@example.com"]);
    });

    it("adds and removes members idempotently", async () => {
      const group = createGroup("g", "Team");
      const u1 = createUser("u1", "m1");
      const u2 = createUser("u2", "m2");
      await applyAll(group, u1, u2);
      const members = async () =>
        ((await entryAt(group.dn))?.members ?? []).map((member) => normalizeDn(member)).sort();

      await target.apply(setMembers("g", group.dn, [u1.dn, u2.dn], []));
      expect(await members()).toEqual([normalizeDn(u1.dn), normalizeDn(u2.dn)].sort());
      // Adding a present value and removing an absent one both succeed (LDAP would say 20/16).
      await target.apply(setMembers("g", group.dn, [u1.dn], []));
      await target.apply(setMembers("g", group.dn, [], [u2.dn]));
      await target.apply(setMembers("g", group.dn, [], [u2.dn]));
      expect(await members()).toEqual([normalizeDn(u1.dn)]);
      await target.apply(setMembers("g", group.dn, [u2.dn], [u1.dn]));
      expect(await members()).toEqual([normalizeDn(u2.dn)]);
      await target.apply(setMembers("g", group.dn, [], [u2.dn]));
      expect(await members()).toEqual([]);
    });

    it("refuses member changes on a missing group with noSuchObject", async () => {
      await target.apply(createGroup("g", "Exists"));
      await expectCategory(
        target.apply(setMembers("x", groupDn("Missing"), [userDn("nobody")], [])),
        "noSuchObject",
      );
    });

    it("moves a group with its subtree, keeping anchors and memberships", async (test) => {
      if (!target.capabilities.move) test.skip();
      const a = createGroup("a", "A");
      const b = createGroup("b", "B");
      const c = createGroup("c", "C", a.dn);
      const d = createGroup("d", "D", c.dn);
      const user = createUser("u", "mover");
      await applyAll(
        a,
        b,
        c,
        d,
        user,
        setMembers("d", d.dn, [user.dn], []),
        setMembers("c", c.dn, [user.dn], []),
      );

      const newC = groupDn("C2", b.dn);
      await target.apply(moveGroup("c", c.dn, newC, "C2"));

      const moved = await entryAt(newC);
      expect(moved).toMatchObject({ anchor: anchor("c"), name: "C2" });
      expect((moved?.members ?? []).map((m) => normalizeDn(m))).toEqual([normalizeDn(user.dn)]);
      const child = await entryAt(groupDn("D", newC));
      expect(child).toMatchObject({ anchor: anchor("d"), name: "D" });
      expect((child?.members ?? []).map((m) => normalizeDn(m))).toEqual([normalizeDn(user.dn)]);
      expect(await entryAt(c.dn)).toBeUndefined();
      expect(await entryAt(d.dn)).toBeUndefined();
      // The moved subtree stays addressable at its new DNs.
      await target.apply(
        update("updateGroup", "d", groupDn("D", newC), [
          { attribute: "description", old: [], new: ["moved"] },
        ]),
      );
      expect((await entryAt(groupDn("D", newC)))?.attributes.description).toEqual(["moved"]);
    });

    it("renames a user in place", async (test) => {
      if (!target.capabilities.move) test.skip();
      const user = createUser("u", "before");
      await target.apply(user);
      await target.apply(moveUser("u", user.dn, userDn("after"), username("after")));
      expect(await entryAt(userDn("after"))).toMatchObject({
        anchor: anchor("u"),
        name: username("after"),
      });
      expect(await entryAt(user.dn)).toBeUndefined();
    });

    it("refuses moves onto an existing DN, under a missing parent or into its own subtree", async (test) => {
      if (!target.capabilities.move) test.skip();
      const a = createGroup("a", "A");
      const b = createGroup("b", "B");
      const c = createGroup("c", "C", a.dn);
      await applyAll(a, b, c);
      await expectCategory(target.apply(moveGroup("a", a.dn, b.dn, "B")), "alreadyExists");
      await expectCategory(
        target.apply(moveGroup("a", a.dn, groupDn("A", groupDn("Missing")), "A")),
        "noSuchObject",
      );
      await expect(
        target.apply(moveGroup("a", a.dn, groupDn("A", c.dn), "A")),
      ).rejects.toBeInstanceOf(DirectoryError);
      await expectCategory(
        target.apply(moveGroup("x", groupDn("Missing"), groupDn("Y"), "Y")),
        "noSuchObject",
      );
      // Nothing moved.
      expect((await readOwn()).entries.map((entry) => normalizeDn(entry.dn)).sort()).toEqual(
        [a.dn, b.dn, c.dn].map((dn) => normalizeDn(dn)).sort(),
      );
    });

    it("refuses to delete a group with children, deletes leaves", async () => {
      const a = createGroup("a", "A");
      const c = createGroup("c", "C", a.dn);
      const user = createUser("u", "leaver");
      await applyAll(a, c, user);
      await expectCategory(target.apply(deleteGroup("a", a.dn)), "notAllowedOnNonLeaf");
      await applyAll(deleteGroup("c", c.dn), deleteGroup("a", a.dn), deleteUser("u", user.dn));
      expect((await readOwn()).entries).toEqual([]);
      await expectCategory(target.apply(deleteUser("u", user.dn)), "noSuchObject");
      await expectCategory(target.apply(deleteGroup("a", a.dn)), "noSuchObject");
    });

    it("refuses changes to a missing entry with noSuchObject", async () => {
      await expectCategory(
        target.apply(
          update("updateUser", "x", userDn("ghost"), [
            { attribute: "mail", old: [], new: ["g@example.com"] },
          ]),
        ),
        "noSuchObject",
      );
      await expectCategory(
        target.apply({
          type: "disableUser",
          id: "d",
          dependsOn: [],
          anchor: anchor("x"),
          dn: userDn("ghost"),
          reason: "resigned",
        }),
        "noSuchObject",
      );
    });

    it("disables and enables users, visibly in read", async (test) => {
      if (!target.capabilities.disable) test.skip();
      const user = createUser("u", "toggle");
      await target.apply(user);
      const base = { dependsOn: [], anchor: anchor("u"), dn: user.dn };
      await target.apply({ ...base, type: "disableUser", id: "disable", reason: "resigned" });
      expect((await entryAt(user.dn))?.disabled).toBe(true);
      await target.apply({ ...base, type: "disableUser", id: "disable-again", reason: "resigned" });
      expect((await entryAt(user.dn))?.disabled).toBe(true);
      await target.apply({ ...base, type: "enableUser", id: "enable" });
      expect((await entryAt(user.dn))?.disabled).toBe(false);
    });

    it("addresses entries case-insensitively", async () => {
      const group = createGroup("g", "Sales");
      const user = createUser("u", "CaseUser");
      await applyAll(group, user);
      await target.apply(
        update("updateGroup", "g", group.dn.toUpperCase(), [
          { attribute: "description", old: [], new: ["upper"] },
        ]),
      );
      expect((await entryAt(group.dn))?.attributes.description).toEqual(["upper"]);
      await target.apply(setMembers("g", group.dn.toLowerCase(), [user.dn.toUpperCase()], []));
      await target.apply(setMembers("g", group.dn, [user.dn.toLowerCase()], []));
      expect((await entryAt(group.dn))?.members).toHaveLength(1);
      await expectCategory(target.apply(createGroup("g2", "SALES")), "alreadyExists");
      await expectCategory(target.apply({ ...createUser("u2", "caseuser") }), "alreadyExists");
    });

    it("stores and reads back RDN values with every special character", async () => {
      for (const [index, groupName] of TRICKY_NAMES.entries()) {
        await target.apply(createGroup(`t${index}`, groupName));
      }
      const child = createGroup("child", "子部门, 二", groupDn(TRICKY_NAMES[0] ?? ""));
      await target.apply(child);
      const users = ["o'brien, jr.", "#user", "用户 🚀", " x+y "].map((base, index) =>
        createUser(`tu${index}`, base),
      );
      await applyAll(...users);

      const { entries } = await readOwn();
      for (const [index, groupName] of TRICKY_NAMES.entries()) {
        const entry = entries.find((candidate) => candidate.anchor === anchor(`t${index}`));
        expect(entry?.name, JSON.stringify(groupName)).toBe(groupName);
        expect(sameDn(entry?.dn ?? "", groupDn(groupName)), JSON.stringify(groupName)).toBe(true);
      }
      expect((await entryAt(child.dn))?.name).toBe("子部门, 二");
      for (const op of users) {
        const entry = entries.find((candidate) => candidate.anchor === op.anchor);
        expect(entry?.name).toBe(op.name);
        expect(sameDn(entry?.dn ?? "", op.dn)).toBe(true);
      }
    });

    it("reads only its own flag's groups, and every user", async () => {
      const otherFlag = uniqueFlag();
      const other: CreateGroupOp = {
        ...createGroup("o", "Other", target.layout.groupRootDn(otherFlag)),
        anchor: `${otherFlag}:o`,
      };
      const otherUser: CreateUserOp = { ...createUser("ou", "foreign"), anchor: `${otherFlag}:ou` };
      await applyAll(createGroup("g", "Mine"), other, otherUser);
      const snapshot = await target.read(flag);
      const groups = snapshot.entries.filter((entry) => entry.kind === "group");
      expect(groups.map((entry) => entry.anchor)).toEqual([anchor("g")]);
      // Users of every flag: the planner must see names already taken.
      expect(snapshot.entries.some((entry) => entry.anchor === `${otherFlag}:ou`)).toBe(true);
    });

    it("returns copies that callers cannot use to change the directory", async () => {
      const group = createGroup("g", "Copy");
      await target.apply(group);
      const first = await target.read(flag);
      const entry = first.entries.find((candidate) => candidate.anchor === anchor("g"));
      entry?.attributes.description?.push("mutated");
      if (entry) entry.name = "mutated";
      const again = await entryAt(group.dn);
      expect(again?.attributes.description).toEqual(group.attributes.description);
      expect(again?.name).toBe("Copy");
    });
  });
}

let flagCounter = 0;

/** A fresh flag per test: valid (`^[a-z][a-z0-9_-]{0,31}$`) and unique across runs. */
function uniqueFlag(): string {
  flagCounter++;
  return `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}${flagCounter}`;
}

function sameDn(a: string, b: string): boolean {
  return normalizeDn(a) === normalizeDn(b);
}
