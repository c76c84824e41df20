import { describe, expect, it } from "vitest";
import { SafetyError } from "../errors.ts";
import type { DirectorySnapshot } from "../model/directory.ts";
import type { Operation } from "../model/operations.ts";
import { approvalGate, assertGroupsSynced, assertSourceUsable } from "./gates.ts";

const op = (type: Operation["type"], n: number): Operation =>
  ({
    id: `${type}:f:${n}`,
    type,
    anchor: `f:${n}`,
    dn: `uid=${n}`,
    dependsOn: [],
    reason: "removed",
  }) as Operation;
const ops = (type: Operation["type"], count: number) =>
  Array.from({ length: count }, (_, n) => op(type, n));

describe("approvalGate", () => {
  it("lets small changes through and still lists what they take away", () => {
    const gate = approvalGate([...ops("createUser", 5), ...ops("disableUser", 2)], 100);
    expect(gate).toEqual({ required: false, destructive: ["disableUser:f:0", "disableUser:f:1"] });
  });

  it("holds a run over the count limit (default 100)", () => {
    const gate = approvalGate(ops("deleteUser", 101), 100_000);
    expect(gate.required).toBe(true);
    expect(gate.reason).toMatch(/^101 deletions\/disables exceed the limit of 100\./);
    expect(gate.destructive).toHaveLength(101);
  });

  it("holds a run over the percentage limit (default 10%)", () => {
    const gate = approvalGate([...ops("deleteGroup", 3), ...ops("disableUser", 8)], 100);
    expect(gate.reason).toMatch(
      /11 deletions\/disables are 11% of the 100 managed entries, over the limit of 10%/,
    );
  });

  it("counts every destructive kind and nothing else", () => {
    const gate = approvalGate(
      [
        ...ops("deleteUser", 1),
        ...ops("disableUser", 1),
        ...ops("deleteGroup", 1),
        ...ops("setMembers", 50),
      ],
      1000,
    );
    expect(gate.destructive).toHaveLength(3);
  });

  it("can turn either limit off", () => {
    expect(
      approvalGate(ops("deleteUser", 500), 600, {
        maxDestructive: null,
        maxDestructivePercent: null,
      }).required,
    ).toBe(false);
    expect(approvalGate(ops("deleteUser", 50), 60, { maxDestructivePercent: null }).required).toBe(
      false,
    );
    expect(approvalGate(ops("deleteUser", 5), 10_000, { maxDestructive: 4 }).required).toBe(true);
  });

  it("treats deletions in an empty directory as 100%", () => {
    expect(approvalGate(ops("deleteGroup", 1), 0).required).toBe(true);
  });
});

const directory = (entries: DirectorySnapshot["entries"]): DirectorySnapshot => ({
  groupRoot: { dn: "ou=feishuroot,dc=x", exists: true },
  entries,
});
const managedUser = {
  dn: "uid=a,ou=people,dc=x",
  kind: "user" as const,
  anchor: "feishu:a",
  name: "a",
  attributes: {},
};
const department = { id: "d", parentId: "0", name: "d", order: 0, raw: {} };

describe("assertSourceUsable", () => {
  it("refuses a source with nothing in it", () => {
    expect(() =>
      assertSourceUsable("feishu", "ALL", { departments: [], users: [] }, directory([])),
    ).toThrow(SafetyError);
  });

  it("refuses a source without users while the directory has this provider's accounts", () => {
    const source = { departments: [department], users: [] };
    expect(() => assertSourceUsable("feishu", "ALL", source, directory([managedUser]))).toThrow(
      /returned no users while the directory holds 1 of its accounts/,
    );
    expect(() =>
      assertSourceUsable("feishu", "GROUPS", source, directory([managedUser])),
    ).not.toThrow();
    expect(() =>
      assertSourceUsable("dingtalk", "ALL", source, directory([managedUser])),
    ).not.toThrow();
  });
});

describe("assertGroupsSynced", () => {
  it("asks for a groups sync first when none of the provider's groups exist", () => {
    const source = { departments: [department], users: [] };
    expect(() => assertGroupsSynced("feishu", source, directory([managedUser]), "0")).toThrow(
      'run a GROUPS (or ALL) sync for "feishu" first',
    );
    const group = {
      dn: "cn=d,ou=feishuroot,dc=x",
      kind: "group" as const,
      anchor: "feishu:d",
      name: "d",
      attributes: {},
    };
    expect(() => assertGroupsSynced("feishu", source, directory([group]), "0")).not.toThrow();
    expect(() =>
      assertGroupsSynced("feishu", { departments: [], users: [] }, directory([]), "0"),
    ).not.toThrow();
  });
});
