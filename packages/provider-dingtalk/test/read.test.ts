import {
  applyDepartmentScope,
  parseDepartmentList,
  readSource,
  type SourceSnapshot,
} from "@orgsync/core";
import { afterEach, describe, expect, it } from "vitest";
import { dingtalkProvider } from "../src/index.ts";
import { dingtalkOrg, type Harness, startHarness } from "./helpers.ts";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const summary = (snapshot: SourceSnapshot) => ({
  departments: snapshot.departments.map((d) => `${d.id}<${d.parentId}`).sort(),
  users: snapshot.users.map((u) => `${u.id}:${[...u.departmentIds].sort().join(",")}`).sort(),
});

const DAY = 86_400_000;

describe("full reads", () => {
  it("pages members 100 at a time, lists each department once, and reads nothing twice", async () => {
    const org = dingtalkOrg({
      departments: 12,
      users: 450,
      seed: 8,
      rootUserShare: 0.3,
      statusShares: { frozen: 0, resigned: 0, notJoined: 0.05 },
    });
    harness = await startHarness(org);
    const read = await readSource(harness.provider);
    expect(summary(read)).toEqual(summary(org));
    const calls = harness.sandbox.stats.calls;
    // listsub: the root and each department, once, for each of the two reads.
    expect(calls.listsub).toBe(2 * (org.departments.length + 1));
    const pages = (dept: string) =>
      Math.max(1, Math.ceil(org.users.filter((u) => u.departmentIds.includes(dept)).length / 100));
    const expectedPages = ["1", ...org.departments.map((d) => d.id)].reduce(
      (sum, id) => sum + pages(id),
      0,
    );
    expect(pages("1"), "the root has more than a page of members").toBeGreaterThan(1);
    expect(calls.userList).toBe(expectedPages);
    expect(calls.token).toBe(1);
    const notJoined = org.users.filter((u) => u.status === "notJoined").map((u) => u.id);
    expect(notJoined.length).toBeGreaterThan(0);
    for (const id of notJoined) {
      expect(read.users.find((u) => u.id === id)?.status).toBe("notJoined");
    }
  });

  it("keeps never-signed-in people active with inactiveAs: active (go-ldap-admin)", async () => {
    const org = dingtalkOrg({
      departments: 3,
      users: 40,
      seed: 2,
      statusShares: { frozen: 0, resigned: 0, notJoined: 0.3 },
    });
    harness = await startHarness(org, { provider: { inactiveAs: "active" } });
    const read = await readSource(harness.provider);
    expect(read.users.every((u) => u.status === "active")).toBe(true);
    expect(read.users.some((u) => u.raw.active === false)).toBe(true);
  });

  it("orders siblings by their place in listsub and keeps the raw record whole", async () => {
    const org = dingtalkOrg({ departments: 6, users: 10, seed: 3 });
    harness = await startHarness(org);
    const read = await readSource(harness.provider);
    const top = read.departments.filter((d) => d.parentId === "1");
    expect(top.map((d) => d.order)).toEqual(top.map((_, index) => index));
    const user = read.users[0];
    expect(user?.raw).toMatchObject({ userid: user?.id, job_number: expect.any(String) });
  });

  it("works with trailing slashes on both hosts", async () => {
    const org = dingtalkOrg({ departments: 2, users: 5, seed: 4 });
    harness = await startHarness(org);
    const { sandbox } = harness;
    const provider = dingtalkProvider({
      ...harness.provider.config,
      baseUrl: `${sandbox.url}//`,
      apiBaseUrl: `${sandbox.url}/`,
    });
    expect(provider.config.baseUrl).toBe(sandbox.url);
    expect((await readSource(provider)).users).toHaveLength(5);
  });

  it.each([
    ["an included subtree", (org: SourceSnapshot) => [org.departments[0]?.id as string]],
    ["an excluded subtree", (org: SourceSnapshot) => [`^${org.departments[0]?.id as string}`]],
    [
      "two includes and a nested exclude",
      (org: SourceSnapshot) => {
        const top = org.departments.filter((d) => d.parentId === "1");
        const nested = org.departments.find((d) => d.parentId === top[0]?.id);
        return [top[0]?.id, top[1]?.id, nested ? `^${nested.id}` : undefined].filter(
          (id): id is string => id !== undefined,
        );
      },
    ],
  ])("applies deptList with go-ldap-admin semantics: %s", async (_name, list) => {
    const org = dingtalkOrg({ departments: 30, users: 150, seed: 10, rootUserShare: 0.05 });
    const active = { ...org, users: org.users.filter((u) => u.status !== "resigned") };
    const deptList = list(org);
    harness = await startHarness(active, { provider: { deptList } });
    const read = await readSource(harness.provider);
    const expected = applyDepartmentScope(active, parseDepartmentList(deptList), "1").source;
    expect(summary(read)).toEqual(summary(expected));
  });
});

describe("resignation records (userLeaveRangeDays)", () => {
  const org = (): SourceSnapshot => {
    const base = dingtalkOrg({
      departments: 3,
      users: 20,
      seed: 5,
      statusShares: { frozen: 0, resigned: 0, notJoined: 0 },
    });
    const left = (id: string, days: number) => ({
      id,
      name: `离职 ${id}`,
      departmentIds: [base.departments[0]?.id as string],
      status: "resigned" as const,
      raw: { leaveTime: new Date(Date.now() - days * DAY).toISOString(), mobile: "+8613800000000" },
    });
    // 60 recent ones: more than one page of 50.
    const recent = Array.from({ length: 60 }, (_, i) => left(`recent${i}`, 2));
    return { ...base, users: [...base.users, ...recent, left("longago", 400)] };
  };

  const resigned = (snapshot: SourceSnapshot) =>
    snapshot.users.filter((u) => u.status === "resigned").map((u) => u.id);

  it("reads none without the setting", async () => {
    harness = await startHarness(org());
    const read = await readSource(harness.provider);
    expect(resigned(read)).toEqual([]);
    expect(harness.sandbox.stats.calls.leaveRecords).toBeUndefined();
  });

  it("reads those within the range, paged, without departments", async () => {
    harness = await startHarness(org(), { provider: { userLeaveRangeDays: 30 } });
    const read = await readSource(harness.provider);
    expect(resigned(read)).toHaveLength(60);
    expect(resigned(read)).not.toContain("longago");
    expect(read.users.find((u) => u.id === "recent0")).toMatchObject({
      departmentIds: [],
      raw: { userId: "recent0", mobile: "13800000000" },
    });
    expect(harness.sandbox.stats.calls.leaveRecords).toBe(2);
  });

  it("reads every record with range 0", async () => {
    harness = await startHarness(org(), { provider: { userLeaveRangeDays: 0 } });
    expect(resigned(await readSource(harness.provider))).toHaveLength(61);
  });

  it("lets the current record win for a person rehired after leaving", async () => {
    harness = await startHarness(org(), { provider: { userLeaveRangeDays: 30 } });
    const someone = harness.sandbox.org().users.find((u) => u.status === "active");
    if (!someone) throw new Error("no active user in the org");
    await harness.sandbox.resign(someone.id);
    expect(resigned(await readSource(harness.provider))).toContain(someone.id);
    await harness.sandbox.updateUser(someone.id, { status: "active" });
    const read = await readSource(harness.provider);
    expect(read.users.find((u) => u.id === someone.id)).toMatchObject({
      status: "active",
      departmentIds: someone.departmentIds,
    });
  });
});
