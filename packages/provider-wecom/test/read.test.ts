import type { SourceSnapshot } from "@orgsync/core";
import { collectSource, generateOrg, numericDepartmentIds } from "@orgsync/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./helpers.ts";

const org: SourceSnapshot = numericDepartmentIds(
  generateOrg({ departments: 30, users: 120, rootId: "1", seed: 7, multiDepartmentShare: 0.3 }),
);
const pairs = org.users.reduce((sum, user) => sum + user.departmentIds.length, 0);
const PAGE = 25;

const summary = (snapshot: Pick<SourceSnapshot, "users">) =>
  snapshot.users
    .map((user) => ({
      id: user.id,
      name: user.name,
      status: user.status,
      departmentIds: [...user.departmentIds].sort(),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));

describe("wecom full read", () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("pages list_id by cursor and reads each person and department exactly once", async () => {
    expect(pairs).toBeGreaterThan(PAGE * 3);
    harness = await startHarness(org, { sandbox: { pageSize: PAGE } });
    const { departments, users, userYields } = await collectSource(harness.provider);
    expect(departments.map((d) => [d.id, d.parentId, d.name]).sort()).toEqual(
      org.departments.map((d) => [d.id, d.parentId, d.name]).sort(),
    );
    expect(summary({ users })).toEqual(summary(org));
    expect(userYields).toBe(org.users.length);

    const calls = harness.sandbox.stats.calls;
    expect(calls["department/simplelist"]).toBe(1);
    expect(calls["department/get"]).toBe(org.departments.length);
    expect(calls["user/list_id"]).toBe(Math.ceil(pairs / PAGE));
    expect(calls["user/get"]).toBe(org.users.length);
    expect(calls.gettoken).toBe(1);
    // Closed to new trusted IPs since 2022-08-15: never called.
    expect(calls["department/list"]).toBeUndefined();
    expect(calls["user/list"]).toBeUndefined();
    expect(calls["user/simplelist"]).toBeUndefined();
    const served = Object.values(calls).reduce((sum, n) => sum + (n ?? 0), 0);
    expect(harness.provider.stats.calls).toBe(served);
    expect(harness.provider.stats.retries).toBe(0);
  });

  it("keeps the raw user/get record whole, without the envelope, and the main department", async () => {
    harness = await startHarness(org);
    const { users } = await collectSource(harness.provider);
    const user = users.find((u) => u.departmentIds.length > 1) ?? users[0];
    expect(user?.raw).not.toHaveProperty("errcode");
    expect(user?.raw).toMatchObject({ userid: user?.id, name: user?.name });
    expect(user?.raw).toHaveProperty("main_department");
    expect(user?.departmentIds).toContain(user?.primaryDepartmentId);
  });

  it("applies deptList: a subtree re-rooted, an excluded subtree gone, users trimmed", async () => {
    const top = org.departments.find(
      (d) => d.parentId === "1" && org.departments.some((child) => child.parentId === d.id),
    );
    const child = org.departments.find((d) => d.parentId === top?.id);
    if (!top || !child) throw new Error("the generated org has no two-level department");
    const subtree = (id: string): Set<string> => {
      const found = new Set([id]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const d of org.departments) {
          if (found.has(d.parentId) && !found.has(d.id)) {
            found.add(d.id);
            grew = true;
          }
        }
      }
      return found;
    };
    const expected = subtree(top.id);
    for (const id of subtree(child.id)) expected.delete(id);

    harness = await startHarness(org, {
      sandbox: { pageSize: PAGE },
      provider: { deptList: [top.id, `^${child.id}`] },
    });
    const { departments, users } = await collectSource(harness.provider);
    expect(new Set(departments.map((d) => d.id))).toEqual(expected);
    expect(departments.find((d) => d.id === top.id)?.parentId).toBe("1");
    const expectedUsers = org.users
      .map((u) => ({ ...u, departmentIds: u.departmentIds.filter((id) => expected.has(id)) }))
      .filter((u) => u.departmentIds.length > 0);
    expect(summary({ users })).toEqual(summary({ users: expectedUsers }));
    // Only people listed in an in-scope department cost a user/get.
    expect(harness.sandbox.stats.calls["user/get"]).toBe(expectedUsers.length);
    expect(harness.sandbox.stats.calls["department/get"]).toBe(expected.size);
  });

  it("targeted reads honour deptList: out-of-scope ids are missing", async () => {
    const top = org.departments.find((d) => d.parentId === "1");
    const other = org.departments.find((d) => d.parentId === "1" && d.id !== top?.id);
    if (!top || !other) throw new Error("the generated org has too few top-level departments");
    harness = await startHarness(org, { provider: { deptList: [top.id] } });
    const result = await harness.provider.targeted.departments([top.id, other.id]);
    expect(result.found.map((d) => [d.id, d.parentId])).toEqual([[top.id, "1"]]);
    expect(result.missing).toEqual([other.id]);
  });
});
