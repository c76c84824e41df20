import { describe, expect, it } from "vitest";
import { CancelledError, DirectoryError } from "../errors.ts";
import type { CreateGroupOp, CreateUserOp, Operation } from "../model/operations.ts";
import { memoryTarget } from "./memory-target.ts";
import { describeTargetConformance } from "./target-conformance.ts";

describeTargetConformance("memory", async () => {
  const target = memoryTarget();
  return {
    target,
    seedUnanchored: async (entries) =>
      target.seed(entries.map((entry) => ({ ...entry, anchor: null }))),
  };
});

const BASE = "dc=example,dc=com";

function group(id: string, name: string, parent = `ou=feishuroot,${BASE}`): CreateGroupOp {
  return {
    type: "createGroup",
    id: `createGroup:feishu:${id}`,
    dependsOn: [],
    anchor: `feishu:${id}`,
    dn: `cn=${name},${parent}`,
    name,
    attributes: {},
  };
}

function user(id: string, name: string): CreateUserOp {
  return {
    type: "createUser",
    id: `createUser:feishu:${id}`,
    dependsOn: [],
    anchor: `feishu:${id}`,
    dn: `uid=${name},ou=people,${BASE}`,
    name,
    attributes: { sn: [name], cn: [name] },
  };
}

describe("memoryTarget", () => {
  it("uses the go-ldap-admin layout", () => {
    const { layout } = memoryTarget({ baseDn: "dc=corp,dc=cn" });
    expect(layout.groupRootDn("feishu")).toBe("ou=feishuroot,dc=corp,dc=cn");
    expect(layout.groupDn("a,b", "ou=feishuroot,dc=corp,dc=cn")).toBe(
      "cn=a\\,b,ou=feishuroot,dc=corp,dc=cn",
    );
    expect(layout.userDn("#x")).toBe("uid=\\#x,ou=people,dc=corp,dc=cn");
    expect(layout.requiredAttributes).toEqual({ user: ["sn"] });
  });

  it("starts from a seeded go-ldap-admin directory with unanchored entries", async () => {
    const target = memoryTarget({
      seed: [
        {
          dn: `uid=zhangsan,ou=people,${BASE}`,
          kind: "user",
          anchor: null,
          name: "zhangsan",
          attributes: { sn: ["张"] },
        },
        {
          dn: `cn=研发,ou=feishuroot,${BASE}`,
          kind: "group",
          anchor: null,
          name: "研发",
          attributes: {},
          members: [`uid=zhangsan,ou=people,${BASE}`],
        },
      ],
    });
    const snapshot = await target.read("feishu");
    expect(snapshot.groupRoot).toEqual({ dn: `ou=feishuroot,${BASE}`, exists: true });
    expect(snapshot.entries).toEqual([
      {
        dn: `cn=研发,ou=feishuroot,${BASE}`,
        kind: "group",
        anchor: null,
        name: "研发",
        attributes: {},
        members: [`uid=zhangsan,ou=people,${BASE}`],
      },
      {
        dn: `uid=zhangsan,ou=people,${BASE}`,
        kind: "user",
        anchor: null,
        name: "zhangsan",
        attributes: { sn: ["张"] },
        disabled: false,
      },
    ]);
    expect(() =>
      target.seed([
        {
          dn: `cn=x,cn=missing,ou=feishuroot,${BASE}`,
          kind: "group",
          anchor: null,
          name: "x",
          attributes: {},
        },
      ]),
    ).toThrow(/parent/);
  });

  it("fails chosen operations with failNext, then lets them through", async () => {
    const target = memoryTarget();
    const transient = new DirectoryError("transient", "memory target: busy");
    target.failNext((op) => op.type === "createUser", transient, 2);
    await expect(target.apply(user("u", "a"))).rejects.toBe(transient);
    await expect(target.apply(user("u", "a"))).rejects.toBe(transient);
    await target.apply(user("u", "a"));
    expect(target.get(`UID=A,ou=people,${BASE}`)?.anchor).toBe("feishu:u");
    expect(target.counts.createUser).toBe(1);
    expect(target.attempts).toHaveLength(3);
    expect(target.applied).toHaveLength(1);
  });

  it("fails operations through an inject hook until removed", async () => {
    const target = memoryTarget();
    const remove = target.inject((op) =>
      op.dn.includes("cn=bad")
        ? new DirectoryError("permission", "memory target: denied")
        : undefined,
    );
    await target.apply(group("ok", "ok"));
    await expect(target.apply(group("bad", "bad"))).rejects.toMatchObject({
      category: "permission",
    });
    expect(target.get(`cn=bad,ou=feishuroot,${BASE}`)).toBeUndefined();
    remove();
    await target.apply(group("bad", "bad"));
    expect(target.counts.createGroup).toBe(2);
  });

  it("creates the people container itself but not arbitrary parents", async () => {
    const target = memoryTarget();
    await target.apply(user("u", "first"));
    await expect(
      target.apply({ ...user("v", "x"), dn: `uid=x,ou=elsewhere,${BASE}` }),
    ).rejects.toMatchObject({ category: "noSuchObject" });
  });

  it("refuses what slapd refuses: empty values, a name that is not the RDN, malformed DNs", async () => {
    const target = memoryTarget();
    await expect(
      target.apply({ ...user("u", "a"), attributes: { sn: ["a"], mail: [""] } }),
    ).rejects.toMatchObject({
      category: "schemaViolation",
      details: { attribute: "mail" },
    });
    await expect(target.apply({ ...user("u", "a"), name: "b" })).rejects.toMatchObject({
      category: "schemaViolation",
    });
    await expect(target.apply({ ...user("u", "a"), dn: "uid=a,,dc=x" })).rejects.toMatchObject({
      category: "invalidDn",
    });
    await target.apply(user("u", "a"));
    await expect(
      target.apply({
        type: "updateUser",
        id: "x",
        dependsOn: [],
        anchor: "feishu:u",
        dn: user("u", "a").dn,
        changes: [{ attribute: "sn", old: ["a"], new: [] }],
      }),
    ).rejects.toMatchObject({ category: "schemaViolation", details: { attribute: "sn" } });
  });

  it("keeps member values when a user is renamed or deleted (no refint)", async () => {
    const target = memoryTarget();
    const g = group("g", "g");
    const a = user("a", "a");
    await target.apply(g);
    await target.apply(a);
    await target.apply({
      type: "setMembers",
      id: "m",
      dependsOn: [],
      anchor: g.anchor,
      dn: g.dn,
      add: [a.dn],
      remove: [],
    });
    await target.apply({
      type: "moveUser",
      id: "mv",
      dependsOn: [],
      anchor: a.anchor,
      dn: a.dn,
      newDn: `uid=b,ou=people,${BASE}`,
      newName: "b",
    });
    expect(target.get(g.dn)?.members).toEqual([a.dn]);
    await target.apply({
      type: "deleteUser",
      id: "d",
      dependsOn: [],
      anchor: a.anchor,
      dn: `uid=b,ou=people,${BASE}`,
      reason: "removed",
    });
    expect(target.get(g.dn)?.members).toEqual([a.dn]);
    expect(target.entries().map((entry) => entry.dn)).toEqual([g.dn]);
  });

  it("allows a case-only rename", async () => {
    const target = memoryTarget();
    const g = group("g", "sales");
    await target.apply(g);
    await target.apply({
      type: "moveGroup",
      id: "mv",
      dependsOn: [],
      anchor: g.anchor,
      dn: g.dn,
      newDn: `cn=Sales,ou=feishuroot,${BASE}`,
      newName: "Sales",
    });
    expect(target.get(g.dn)).toMatchObject({ name: "Sales", dn: `cn=Sales,ou=feishuroot,${BASE}` });
  });

  it("applies concurrently and atomically, reporting the parallelism it saw", async () => {
    const target = memoryTarget({ latency: (op) => (op.type === "createUser" ? 2 : 1) });
    const ops: Operation[] = Array.from({ length: 20 }, (_, i) => user(`u${i}`, `user${i}`));
    await Promise.all(ops.map((op) => target.apply(op)));
    expect(target.counts.createUser).toBe(20);
    expect(target.maxInFlight).toBe(20);
    const results = await Promise.allSettled([
      target.apply(group("g", "same")),
      target.apply(group("h", "SAME")),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("stops with CancelledError when the signal aborts", async () => {
    const target = memoryTarget({ latency: 1000 });
    const controller = new AbortController();
    const pending = target.apply(user("u", "slow"), { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(target.get(user("u", "slow").dn)).toBeUndefined();
    await expect(target.read("feishu", { signal: controller.signal })).rejects.toBeInstanceOf(
      CancelledError,
    );
  });

  it("honours capability overrides", () => {
    expect(memoryTarget({ capabilities: { move: false } }).capabilities).toEqual({
      move: false,
      disable: true,
      maxParallelism: 4,
    });
  });
});

describe("memoryTarget attribute names", () => {
  it("treats attribute names case-insensitively, as LDAP does", async () => {
    const target = memoryTarget();
    const a = user("a", "a");
    await target.apply({ ...a, attributes: { SN: ["a"], mail: ["a@example.com"] } });
    await target.apply({
      type: "updateUser",
      id: "u",
      dependsOn: [],
      anchor: a.anchor,
      dn: a.dn,
      changes: [{ attribute: "Mail", old: ["a@example.com"], new: ["b@example.com"] }],
    });
    expect(target.get(a.dn)?.attributes).toEqual({ SN: ["a"], mail: ["b@example.com"] });
  });
});
