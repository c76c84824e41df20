import {
  ConfigError,
  type DirectorySnapshot,
  SafetyError,
  SourceReadError,
  type SourceSnapshot,
} from "@orgsync/core";
import { memoryProvider } from "@orgsync/core/testing";
import { describe, expect, it } from "vitest";
import {
  assertTargetedGroupsSynced,
  normalizeTargets,
  readTargetedSource,
} from "../../src/runs/targeted-source.ts";

// The source side of a targeted run, against the core's in-memory provider (which counts its
// reads, so a fallback to a full read shows).

const org: SourceSnapshot = {
  departments: [
    { id: "d1", parentId: "0", name: "研发", order: 1, raw: {} },
    { id: "d2", parentId: "d1", name: "平台", order: 2, raw: {} },
  ],
  users: [
    { id: "u1", name: "张三", departmentIds: ["d1", "d1"], status: "active", raw: {} },
    { id: "u2", name: "李四", departmentIds: ["d2"], status: "active", raw: {} },
    { id: "u3", name: "王五", departmentIds: ["d2"], status: "resigned", raw: {} },
    { id: "u4", name: "赵六", departmentIds: ["0", "d9"], status: "active", raw: {} },
  ],
};

const directory = (...groups: string[]): DirectorySnapshot => ({
  groupRoot: { dn: "ou=feishuroot,dc=example,dc=com", exists: true },
  entries: groups.map((id) => ({
    dn: `cn=${id},ou=feishuroot,dc=example,dc=com`,
    kind: "group" as const,
    anchor: `feishu:${id}`,
    name: id,
    attributes: {},
  })),
});

describe("readTargetedSource", () => {
  it("re-reads only the targets, never the whole org", async () => {
    const provider = memoryProvider({ flag: "feishu", org });
    const source = await readTargetedSource(provider, {
      departmentIds: ["0", "d2", "gone"],
      userIds: ["u1", "nobody"],
    });
    expect(source.departments.map((department) => department.id)).toEqual(["d2"]);
    expect(source.users).toEqual([expect.objectContaining({ id: "u1", departmentIds: ["d1"] })]);
    expect(provider.reads).toMatchObject({ departments: 0, users: 0, targeted: 2 });
  });

  it("reads in full when the provider cannot read targets", async () => {
    const { targeted: _none, ...provider } = memoryProvider({ flag: "feishu", org });
    const source = await readTargetedSource(provider, { departmentIds: [], userIds: ["u1"] });
    expect(source.users).toHaveLength(org.users.length);
  });

  it("fails as a whole, naming the provider, when a targeted read fails", async () => {
    const provider = memoryProvider({
      flag: "feishu",
      org,
      fail: { stream: "targeted", error: new Error("socket hang up") },
    });
    const error = await readTargetedSource(provider, { departmentIds: [], userIds: ["u1"] }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SourceReadError);
    expect((error as Error).message).toBe(
      "source (feishu): the targeted read did not complete, nothing was planned: socket hang up",
    );
  });
});

describe("assertTargetedGroupsSynced", () => {
  const provider = memoryProvider({ flag: "feishu", org });
  const check = async (userIds: string[], groups: string[], departmentIds: string[] = []) => {
    const targets = { departmentIds, userIds };
    const source = await readTargetedSource(provider, targets);
    return assertTargetedGroupsSynced(provider, source, directory(...groups), targets);
  };

  it("passes when every department of the people placed has its group", async () => {
    await expect(check(["u1", "u2"], ["d1", "d2"])).resolves.toBeUndefined();
  });

  it("passes when the run creates the missing group itself", async () => {
    await expect(check(["u2"], ["d1"], ["d2"])).resolves.toBeUndefined();
  });

  it("passes for departures, and leaves departments the IM does not know to the planner", async () => {
    await expect(check(["u3"], [])).resolves.toBeUndefined();
    await expect(check(["u4"], [])).resolves.toBeUndefined();
  });

  it("refuses to place people in departments whose groups do not exist yet", async () => {
    const error = await check(["u1", "u2"], ["d1"]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SafetyError);
    expect(error).toMatchObject({ rule: "groupsNotSynced" });
    expect((error as Error).message).toBe(
      'runs (feishu): this event-driven run cannot place user u2 in department d2, whose group does not exist in the directory yet; run an ALL sync for "feishu" (it creates the groups and places these people)',
    );
  });
});

describe("normalizeTargets", () => {
  it("de-duplicates and sorts", () => {
    expect(normalizeTargets({ departmentIds: ["b", "a", "b"], userIds: ["u2", "u1"] })).toEqual({
      departmentIds: ["a", "b"],
      userIds: ["u1", "u2"],
    });
  });

  it("refuses empty or malformed targets, naming the field", () => {
    expect(() => normalizeTargets({ departmentIds: [], userIds: [] })).toThrow(
      /targets name no department and no user/,
    );
    const error = (() => {
      try {
        normalizeTargets({ departmentIds: [""], userIds: ["u1"] });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      { path: "targets.departmentIds", message: "a list of non-empty ids" },
    ]);
  });
});
