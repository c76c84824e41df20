import type { ConnectionReport } from "@orgsync/core";
import { afterEach, describe, expect, it } from "vitest";
import { dingtalkOrg, type Harness, startHarness } from "./helpers.ts";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const org = () => dingtalkOrg({ departments: 5, users: 20, seed: 1 });
const check = (report: ConnectionReport, id: string) => report.checks.find((c) => c.id === id);

describe("testConnection", () => {
  it("is ok with good credentials, checking deptList entries and the leave permission", async () => {
    const snapshot = org();
    const listed = snapshot.departments[0]?.id as string;
    harness = await startHarness(snapshot, {
      provider: { deptList: [listed], userLeaveRangeDays: 30 },
    });
    const report = await harness.provider.testConnection();
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ["credentials", "ok"],
      ["permission:contact", "ok"],
      ["permission:members", "ok"],
      ["contact-scope", "ok"],
      [`dept-list:${listed}`, "ok"],
      ["permission:leave-records", "ok"],
    ]);
  });

  it("fails the credentials with where to copy them, skipping the rest", async () => {
    harness = await startHarness(org(), { provider: { appSecret: "wrong" } });
    const report = await harness.provider.testConnection();
    expect(report.ok).toBe(false);
    expect(check(report, "credentials")).toMatchObject({
      status: "failed",
      detail: expect.stringContaining("40096"),
      fix: expect.stringContaining("凭证与基础信息"),
    });
    expect(check(report, "permission:contact")?.status).toBe("skipped");
  });

  it("reports a missing permission with where to grant it", async () => {
    harness = await startHarness(org(), {
      sandbox: { faults: { missingPermission: ["userList", "leaveRecords"] } },
      provider: { userLeaveRangeDays: 0 },
    });
    const report = await harness.provider.testConnection();
    expect(report.ok).toBe(false);
    expect(check(report, "permission:contact")?.status).toBe("ok");
    expect(check(report, "permission:members")).toMatchObject({
      status: "missing",
      detail: expect.stringContaining("60011"),
      fix: expect.stringContaining("成员信息读权限"),
    });
    expect(check(report, "permission:leave-records")).toMatchObject({
      status: "missing",
      fix: expect.stringContaining("qyapi_get_member_leave_record"),
    });
  });

  it("fails the contact scope (50004) and unknown deptList entries", async () => {
    harness = await startHarness(org(), {
      sandbox: { faults: { outOfScopeDepartments: ["1"] } },
    });
    const report = await harness.provider.testConnection();
    expect(check(report, "contact-scope")).toMatchObject({
      status: "failed",
      fix: expect.stringContaining("通讯录权限范围"),
    });
    await harness.close();
    harness = await startHarness(org(), { provider: { deptList: ["4242"] } });
    const second = await harness.provider.testConnection();
    expect(check(second, "dept-list:4242")).toMatchObject({
      status: "failed",
      detail: expect.stringContaining("60003"),
      fix: expect.stringContaining("does not exist"),
    });
  });

  it("says plainly when the free edition's monthly quota is used up", async () => {
    harness = await startHarness(org(), { sandbox: { faults: { monthlyQuotaAfterCalls: 0 } } });
    const report = await harness.provider.testConnection();
    expect(report.ok).toBe(false);
    expect(check(report, "api-quota")?.detail).toMatch(/monthly API quota is used up \(90020\)/);
  });
});
