import { describe, expect, it } from "vitest";
import { ConfigError, SafetyError } from "../src/errors.ts";
import type { DirectoryEntry } from "../src/model/directory.ts";
import type { SourceSnapshot } from "../src/model/source.ts";
import { memoryTarget } from "../src/testing/memory-target.ts";
import { byAnchor, dept, groups, person, plan, sync, types, users } from "./harness.ts";

const base = (): SourceSnapshot => ({
  departments: [dept("rd", "0", "研发"), dept("be", "rd", "后端"), dept("sales", "0", "销售")],
  users: [
    person("u1", "张伟", ["be"], { email: "zw@example.com" }),
    person("u2", "李娜", ["rd", "sales"]),
    person("u3", "王芳", ["0"]),
  ],
});

describe("planSync: a first sync", () => {
  it("creates the tree, the users and their memberships, then plans nothing", async () => {
    const target = memoryTarget();
    const first = await sync(target, base());
    expect(first.summary.createGroup).toBe(3);
    expect(first.summary.createUser).toBe(3);
    expect(first.approval.required).toBe(false);

    expect(byAnchor(target, "be")?.dn).toBe("cn=后端,cn=研发,ou=feishuroot,dc=example,dc=com");
    const zhang = byAnchor(target, "u1");
    expect(zhang?.dn).toBe("uid=zhangwei,ou=people,dc=example,dc=com");
    expect(zhang?.attributes.mail).toEqual(["zw@example.com"]);
    expect(byAnchor(target, "rd")?.members).toEqual(["uid=lina,ou=people,dc=example,dc=com"]);
    expect(byAnchor(target, "sales")?.members).toEqual(["uid=lina,ou=people,dc=example,dc=com"]);
    // A member of the root department only: an account, but no group (the root is a container).
    expect(byAnchor(target, "u3")?.name).toBe("wangfang");

    expect((await plan(target, base())).operations).toEqual([]);
  });

  it("orders every operation after its dependencies", async () => {
    const result = await plan(memoryTarget(), base());
    const seen = new Set<string>();
    for (const operation of result.operations) {
      for (const dependency of operation.dependsOn) expect(seen.has(dependency)).toBe(true);
      seen.add(operation.id);
    }
    const createUser = result.operations.find(
      (op) => op.type === "createUser" && op.anchor === "feishu:u1",
    );
    expect(createUser?.dependsOn).toContain("createGroup:feishu:be");
  });
});

describe("planSync: identity follows the anchor, not the name", () => {
  it("renames a department with one move; memberships stay", async () => {
    const target = memoryTarget();
    await sync(target, base());
    const renamed = base();
    renamed.departments[0] = dept("rd", "0", "研发中心");
    const result = await sync(target, renamed);
    expect(types(result)).toEqual(["moveGroup", "updateGroup"]);
    expect(byAnchor(target, "be")?.dn).toBe("cn=后端,cn=研发中心,ou=feishuroot,dc=example,dc=com");
    expect(byAnchor(target, "rd")?.members).toEqual(["uid=lina,ou=people,dc=example,dc=com"]);
    expect((await plan(target, renamed)).operations).toEqual([]);
  });

  it("inverts two departments (A under B becomes B under A)", async () => {
    const target = memoryTarget();
    const start: SourceSnapshot = { departments: [dept("a", "0"), dept("b", "a")], users: [] };
    await sync(target, { ...start, users: [person("u", "甲", ["b"])] });
    const inverted: SourceSnapshot = {
      departments: [dept("b", "0"), dept("a", "b")],
      users: [person("u", "甲", ["b"])],
    };
    await sync(target, inverted);
    expect(byAnchor(target, "a")?.dn).toBe("cn=a,cn=b,ou=feishuroot,dc=example,dc=com");
    expect(byAnchor(target, "b")?.members).toHaveLength(1);
    expect((await plan(target, inverted)).operations).toEqual([]);
  });

  it("swaps the names of two siblings through a parking name", async () => {
    const target = memoryTarget();
    await sync(target, {
      departments: [dept("a", "0", "x"), dept("b", "0", "y")],
      users: [person("u", "甲", ["a"])],
    });
    const swapped = {
      departments: [dept("a", "0", "y"), dept("b", "0", "x")],
      users: [person("u", "甲", ["a"])],
    };
    const result = await sync(target, swapped);
    expect(result.operations.filter((op) => op.type === "moveGroup")).toHaveLength(3);
    expect(byAnchor(target, "a")?.dn).toBe("cn=y,ou=feishuroot,dc=example,dc=com");
    expect(byAnchor(target, "b")?.dn).toBe("cn=x,ou=feishuroot,dc=example,dc=com");
    expect((await plan(target, swapped)).operations).toEqual([]);
  });

  it("updates a renamed person's attributes and keeps the username", async () => {
    const target = memoryTarget();
    await sync(target, base());
    const renamed = base();
    renamed.users[0] = person("u1", "张卫", ["be"], { email: "zw@example.com" });
    const result = await sync(target, renamed);
    expect(types(result)).toEqual(["updateUser"]);
    expect(byAnchor(target, "u1")?.name).toBe("zhangwei");
    expect(byAnchor(target, "u1")?.attributes.sn).toEqual(["张卫"]);
  });

  it("numbers people with the same name and keeps each one's username", async () => {
    const target = memoryTarget();
    const fiveZhangWei = (ids: string[]): SourceSnapshot => ({
      departments: [dept("d", "0")],
      users: ids.map((id) => person(id, "张伟", ["d"])),
    });
    await sync(target, fiveZhangWei(["p1", "p2", "p3", "p4", "p5"]));
    expect(
      users(target)
        .map((u) => u.name)
        .sort(),
    ).toEqual(["zhangwei", "zhangwei2", "zhangwei3", "zhangwei4", "zhangwei5"]);
    const before = new Map(users(target).map((u) => [u.anchor, u.name]));
    // p1 leaves, p0 joins: p0 must not inherit p1's account name.
    await sync(target, fiveZhangWei(["p0", "p2", "p3", "p4", "p5"]));
    for (const [anchor, name] of before)
      expect(target.entries().find((e) => e.anchor === anchor)?.name).toBe(name);
    expect(byAnchor(target, "p0")?.name).toBe("zhangwei6");
  });

  it("never takes a name another provider or a person already uses", async () => {
    const target = memoryTarget();
    target.seed([
      {
        dn: "uid=zhangwei,ou=people,dc=example,dc=com",
        kind: "user",
        anchor: "dingtalk:9",
        name: "zhangwei",
        attributes: { sn: ["张伟"] },
      },
    ]);
    await sync(target, { departments: [], users: [person("u1", "张伟", ["0"])] });
    expect(byAnchor(target, "u1")?.name).toBe("zhangwei2");
    expect(target.get("uid=zhangwei,ou=people,dc=example,dc=com")?.anchor).toBe("dingtalk:9");
  });
});

describe("planSync: departures", () => {
  const leave = (source: SourceSnapshot, id: string): SourceSnapshot => ({
    ...source,
    users: source.users.filter((user) => user.id !== id),
  });

  it("disables by default: cannot bind, out of its groups, kept", async () => {
    const target = memoryTarget();
    await sync(target, base());
    const result = await sync(target, leave(base(), "u2"), {
      safety: { maxDestructivePercent: null },
    });
    expect(types(result)).toEqual(["setMembers", "setMembers", "disableUser"]);
    expect(byAnchor(target, "u2")?.disabled).toBe(true);
    expect(byAnchor(target, "rd")?.members).toEqual([]);
    expect((await plan(target, leave(base(), "u2"))).operations).toEqual([]);
  });

  it("recognises a rehire by its anchor: enabled, back in its groups, same username", async () => {
    const target = memoryTarget();
    await sync(target, base());
    await sync(target, leave(base(), "u2"), { safety: { maxDestructivePercent: null } });
    const result = await sync(target, base());
    expect(types(result)).toEqual(["enableUser", "setMembers", "setMembers"]);
    expect(byAnchor(target, "u2")).toMatchObject({ name: "lina", disabled: false });
    expect(byAnchor(target, "sales")?.members).toEqual(["uid=lina,ou=people,dc=example,dc=com"]);
  });

  it("deletes with the delete policy, after removing the memberships", async () => {
    const target = memoryTarget();
    await sync(target, base());
    const options = { departedUsers: "delete" as const, safety: { maxDestructivePercent: null } };
    const result = await sync(target, leave(base(), "u2"), options);
    const deletion = result.operations.find((op) => op.type === "deleteUser");
    expect(deletion?.dependsOn.sort()).toEqual(["setMembers:feishu:rd", "setMembers:feishu:sales"]);
    expect(byAnchor(target, "u2")).toBeUndefined();
  });

  it("keeps the account untouched with the keep policy", async () => {
    const target = memoryTarget();
    await sync(target, base());
    const result = await plan(target, leave(base(), "u2"), { departedUsers: "keep" });
    expect(result.operations).toEqual([]);
  });

  it("disables resigned and frozen people even when the IM still lists them", async () => {
    const target = memoryTarget();
    await sync(target, base());
    const source = base();
    source.users[0] = person("u1", "张伟", ["be"], { status: "frozen" });
    source.users[1] = person("u2", "李娜", ["rd", "sales"], { status: "resigned" });
    const result = await sync(target, source, {
      departedUsers: "delete",
      safety: { maxDestructivePercent: null },
    });
    expect(
      result.operations.filter((op) => op.type === "disableUser").map((op) => op.anchor),
    ).toEqual(["feishu:u1"]);
    expect(
      result.operations.filter((op) => op.type === "deleteUser").map((op) => op.anchor),
    ).toEqual(["feishu:u2"]);
  });

  it("deletes departments that are gone, children first", async () => {
    const target = memoryTarget();
    await sync(target, base());
    const source = base();
    source.departments = source.departments.filter((d) => d.id === "sales");
    source.users = [
      person("u3", "王芳", ["0"]),
      person("u2", "李娜", ["sales"]),
      person("u1", "张伟", ["0"]),
    ];
    const result = await sync(target, source, { safety: { maxDestructivePercent: null } });
    const deletions = result.operations
      .filter((op) => op.type === "deleteGroup")
      .map((op) => op.anchor);
    expect(deletions).toEqual(["feishu:be", "feishu:rd"]);
    expect(groups(target).map((g) => g.anchor)).toEqual(["feishu:sales"]);
  });
});

describe("planSync: safety gates", () => {
  it("refuses an empty source read", async () => {
    const target = memoryTarget();
    await sync(target, base());
    await expect(plan(target, { departments: [], users: [] })).rejects.toMatchObject({
      rule: "emptySource",
    });
    await expect(
      plan(target, { departments: base().departments, users: [] }),
    ).rejects.toBeInstanceOf(SafetyError);
  });

  it("holds mass departures for approval, listing them", async () => {
    const target = memoryTarget();
    await sync(target, base());
    const result = await plan(target, { ...base(), users: [person("u3", "王芳", ["0"])] });
    expect(result.approval.required).toBe(true);
    expect(result.approval.reason).toMatch(
      /2 deletions\/disables are 33.3% of the 6 managed entries, over the limit of 10%/,
    );
    expect(result.approval.destructive).toEqual(["disableUser:feishu:u1", "disableUser:feishu:u2"]);
  });

  it("holds by count as well", async () => {
    const target = memoryTarget();
    await sync(target, base());
    const result = await plan(
      target,
      { ...base(), users: [person("u3", "王芳", ["0"])] },
      {
        safety: { maxDestructive: 1, maxDestructivePercent: null },
      },
    );
    expect(result.approval.reason).toMatch(/2 deletions\/disables exceed the limit of 1/);
  });

  it("refuses to sync without field relations", async () => {
    await expect(plan(memoryTarget(), base(), { relations: null })).rejects.toMatchObject({
      rule: "fieldRelationsMissing",
    });
  });

  it("refuses a users sync before the groups were synced, then works after", async () => {
    const target = memoryTarget();
    await expect(plan(target, base(), { scope: "USERS" })).rejects.toThrow(
      /run a GROUPS \(or ALL\) sync for "feishu" first/,
    );
    const groupsOnly = await sync(target, base(), { scope: "GROUPS" });
    expect(new Set(types(groupsOnly))).toEqual(new Set(["createGroup"]));
    const usersOnly = await sync(target, base(), { scope: "USERS" });
    expect(usersOnly.summary.createGroup).toBe(0);
    expect(usersOnly.summary.createUser).toBe(3);
    expect((await plan(target, base())).operations).toEqual([]);
  });

  it("refuses the disable policy on a target that cannot disable", async () => {
    const target = memoryTarget({ capabilities: { disable: false } });
    await expect(plan(target, base())).rejects.toBeInstanceOf(ConfigError);
  });
});

describe("planSync: real-world data", () => {
  it("reports dangling parents and cycles and leaves their groups alone", async () => {
    const target = memoryTarget();
    await sync(target, {
      departments: [dept("a", "0"), dept("b", "a")],
      users: [person("u", "甲", ["b"])],
    });
    const broken: SourceSnapshot = {
      departments: [dept("a", "0"), dept("b", "ghost"), dept("c", "d"), dept("d", "c")],
      users: [person("u", "甲", ["b"])],
    };
    const result = await plan(target, broken);
    expect(result.warnings.map((w) => w.code).sort()).toEqual([
      "danglingParent",
      "departmentCycle",
      "departmentCycle",
    ]);
    expect(result.operations.filter((op) => op.anchor === "feishu:b")).toEqual([]);
  });

  it("adopts what go-ldap-admin left instead of duplicating it", async () => {
    const target = memoryTarget();
    const zhangwei = "uid=zhangwei,ou=people,dc=example,dc=com";
    target.seed([
      { dn: zhangwei, kind: "user", anchor: null, name: "zhangwei", attributes: { sn: ["张伟"] } },
      {
        dn: "cn=研发,ou=feishuroot,dc=example,dc=com",
        kind: "group",
        anchor: null,
        name: "研发",
        attributes: { description: ["研发"] },
        members: [zhangwei],
      },
    ]);
    const source = {
      departments: [dept("rd", "0", "研发")],
      users: [person("u1", "张伟", ["rd"])],
    };
    const result = await sync(target, source);
    expect(types(result)).toEqual(["updateGroup", "updateUser"]);
    expect(result.operations.every((op) => "adopt" in op && op.adopt)).toBe(true);
    expect(
      target
        .entries()
        .map((e) => e.anchor)
        .sort(),
    ).toEqual(["feishu:rd", "feishu:u1"]);
    expect((await plan(target, source)).operations).toEqual([]);
  });

  it("adopts by mail when go-ldap-admin's pinyin differs from ours", async () => {
    const target = memoryTarget();
    // go-ldap-admin read 曾 as "ceng"; with the surname reading we would say "zeng".
    target.seed([
      {
        dn: "uid=cengxiaoming,ou=people,dc=example,dc=com",
        kind: "user",
        anchor: null,
        name: "cengxiaoming",
        attributes: { sn: ["曾小明"], mail: ["xm@example.com"] },
      },
    ]);
    const source = {
      departments: [],
      users: [person("u1", "曾小明", ["0"], { email: "xm@example.com" })],
    };
    const result = await sync(target, source);
    expect(types(result)).toEqual(["updateUser"]);
    expect(byAnchor(target, "u1")?.name).toBe("cengxiaoming");
  });

  it("adopts nobody when an unmanaged account could be either of two people", async () => {
    const target = memoryTarget();
    target.seed([
      {
        dn: "uid=zhangwei,ou=people,dc=example,dc=com",
        kind: "user",
        anchor: null,
        name: "zhangwei",
        attributes: { sn: ["张伟"] },
      },
    ]);
    const source = {
      departments: [],
      users: [person("u1", "张伟", ["0"]), person("u2", "张伟", ["0"])],
    };
    const result = await sync(target, source);
    expect(result.summary.createUser).toBe(2);
    expect(result.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(/could belong to 2 people/),
    );
    expect(target.get("uid=zhangwei,ou=people,dc=example,dc=com")?.anchor).toBeNull();
  });

  it("with updateExisting off (go-ldap-admin's is-update-syncd: false) leaves attributes alone", async () => {
    const target = memoryTarget();
    await sync(target, base());
    const changed = base();
    changed.users[0] = person("u1", "张卫", ["sales"], { email: "new@example.com" });
    const result = await plan(target, changed, { updateExisting: false });
    // Memberships still follow the org chart; attributes do not.
    expect(types(result)).toEqual(["setMembers", "setMembers"]);
  });

  it("keeps a renamed group where it is, with a warning, on a target that cannot move", async () => {
    const target = memoryTarget({ capabilities: { move: false } });
    await sync(target, base());
    const renamed = base();
    renamed.departments[0] = dept("rd", "0", "研发中心");
    const result = await sync(target, renamed);
    expect(types(result)).toEqual(["updateGroup"]);
    expect(result.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(/cannot move entries/),
    );
    expect(byAnchor(target, "rd")?.dn).toBe("cn=研发,ou=feishuroot,dc=example,dc=com");
  });

  it("reads names through the configured pinyin overrides", async () => {
    const target = memoryTarget();
    await sync(
      target,
      { departments: [], users: [person("u1", "单于", ["0"])] },
      {
        relationOptions: { pinyinOverrides: { 单于: "chanyu" } },
      },
    );
    expect(byAnchor(target, "u1")?.name).toBe("chanyu");
  });

  it("touches none of the entries that share an anchor, and says so", async () => {
    const target = memoryTarget();
    await sync(target, base());
    const copy = (id: string, dn: string) => ({
      ...(byAnchor(target, id) as DirectoryEntry),
      dn,
      name: dn.slice(dn.indexOf("=") + 1, dn.indexOf(",")),
    });
    target.seed([
      copy("sales", "cn=销售副本,ou=feishuroot,dc=example,dc=com"),
      {
        ...copy("u3", "uid=wangfang.copy,ou=people,dc=example,dc=com"),
        members: undefined,
      } as DirectoryEntry,
    ]);
    const result = await plan(target, base());
    // Neither copy is touched, nothing new is created for them; the rest syncs as usual.
    expect(
      result.operations.filter((op) => op.anchor === "feishu:sales" || op.anchor === "feishu:u3"),
    ).toEqual([]);
    expect(
      result.summary.createGroup + result.summary.createUser + result.summary.deleteGroup,
    ).toBe(0);
    expect(result.warnings.filter((w) => w.code === "duplicateAnchor")).toHaveLength(3);
  });

  it("plans only the objects of a targeted run", async () => {
    const target = memoryTarget();
    await sync(target, base());
    const result = await sync(
      target,
      { departments: [dept("be", "sales", "后端")], users: [] },
      {
        targeted: { departmentIds: ["be"], userIds: ["u3"] },
        safety: { maxDestructivePercent: null },
      },
    );
    expect(types(result).sort()).toEqual(["disableUser", "moveGroup"]);
    expect(byAnchor(target, "be")?.dn).toBe("cn=后端,cn=销售,ou=feishuroot,dc=example,dc=com");
    expect(byAnchor(target, "u3")?.disabled).toBe(true);
  });

  it("targeted: a hire joins existing groups; a department the IM no longer has is deleted", async () => {
    const target = memoryTarget();
    await sync(target, base());
    const result = await sync(
      target,
      { departments: [], users: [person("u9", "赵敏", ["be", "sales"])] },
      {
        targeted: { departmentIds: ["sales"], userIds: ["u9"] },
        safety: { maxDestructivePercent: null },
      },
    );
    expect(types(result)).toEqual(["createUser", "setMembers", "deleteGroup"]);
    expect(byAnchor(target, "sales")).toBeUndefined();
    expect(byAnchor(target, "be")?.members?.sort()).toEqual([
      "uid=zhangwei,ou=people,dc=example,dc=com",
      "uid=zhaomin,ou=people,dc=example,dc=com",
    ]);
    // Nothing else was touched: the others keep their accounts and memberships.
    expect(byAnchor(target, "rd")?.members).toEqual(["uid=lina,ou=people,dc=example,dc=com"]);
    expect(byAnchor(target, "u1")?.disabled).toBe(false);
  });

  it("targeted: a person moved between departments changes only their memberships", async () => {
    const target = memoryTarget();
    await sync(target, base());
    const result = await sync(
      target,
      { departments: [], users: [person("u1", "张伟", ["sales"], { email: "zw@example.com" })] },
      {
        targeted: { departmentIds: [], userIds: ["u1"] },
      },
    );
    expect(result.operations.map((op) => `${op.type} ${op.anchor}`).sort()).toEqual([
      "setMembers feishu:be",
      "setMembers feishu:sales",
    ]);
    expect(byAnchor(target, "be")?.members).toEqual([]);
    expect(byAnchor(target, "sales")?.members?.sort()).toEqual([
      "uid=lina,ou=people,dc=example,dc=com",
      "uid=zhangwei,ou=people,dc=example,dc=com",
    ]);
  });
});
