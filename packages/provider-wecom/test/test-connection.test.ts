import type { ConnectionReport } from "@orgsync/core";
import { conformanceOrg } from "@orgsync/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./helpers.ts";

const org = conformanceOrg("1", { departmentIds: "numeric" });
const check = (report: ConnectionReport, id: string) => report.checks.find((c) => c.id === id);

describe("wecom testConnection", () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("is ok with the contact-sync secret", async () => {
    harness = await startHarness(org);
    const report = await harness.provider.testConnection();
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ["credentials", "ok"],
      ["departments", "ok"],
      ["users", "ok"],
      ["fields", "ok"],
    ]);
  });

  it("tells a wrong secret from a wrong corp id, and skips the rest", async () => {
    harness = await startHarness(org, { provider: { corpSecret: "wrong" } });
    const report = await harness.provider.testConnection();
    expect(report.ok).toBe(false);
    expect(check(report, "credentials")).toMatchObject({
      status: "failed",
      detail: expect.stringContaining("errcode 40001"),
      fix: expect.stringContaining("管理后台 → 管理工具 → 通讯录同步 → Secret"),
    });
    expect(check(report, "users")?.status).toBe("skipped");

    await harness.close();
    harness = await startHarness(org, { provider: { corpId: "wwnotthiscorp" } });
    const wrongCorp = await harness.provider.testConnection();
    expect(check(wrongCorp, "credentials")).toMatchObject({
      status: "failed",
      fix: expect.stringContaining("企业信息 → 企业ID"),
    });
  });

  it("fails users with the contact-sync fix when the secret is an app's (48009)", async () => {
    harness = await startHarness(org, {
      sandbox: { faults: { forbiddenEndpoints: ["user/list_id"] } },
    });
    const report = await harness.provider.testConnection();
    expect(report.ok).toBe(false);
    expect(check(report, "departments")?.status).toBe("ok");
    expect(check(report, "users")).toMatchObject({
      status: "failed",
      detail: expect.stringContaining("errcode 48009"),
      fix: expect.stringMatching(/contact-sync secret.*企业可信IP/),
    });
  });

  it("names the IP to trust (60020) and explains a dropped token (41001)", async () => {
    harness = await startHarness(org, { sandbox: { faults: { untrustedIp: true } } });
    const untrusted = await harness.provider.testConnection();
    expect(check(untrusted, "departments")).toMatchObject({
      status: "failed",
      fix: expect.stringContaining("1.2.3.4"),
    });
    harness.sandbox.setFaults({ dropToken: true });
    const dropped = await harness.provider.testConnection();
    expect(check(dropped, "users")).toMatchObject({
      status: "failed",
      fix: expect.stringContaining("proxy"),
    });
  });

  it("warns, still ok, when user/get hides mobile, email and avatar (a new app's secret)", async () => {
    harness = await startHarness(org, { sandbox: { faults: { appSecretFields: true } } });
    const report = await harness.provider.testConnection();
    expect(report.ok).toBe(true);
    expect(check(report, "fields")).toMatchObject({
      status: "warning",
      detail: expect.stringContaining("mobile, email, avatar missing"),
      fix: expect.stringContaining("contact-sync secret"),
    });
  });

  it("fails deptList ids WeCom does not know", async () => {
    harness = await startHarness(org, { provider: { deptList: ["9001", "^4242"] } });
    const report = await harness.provider.testConnection();
    expect(check(report, "dept-list")).toMatchObject({
      status: "failed",
      detail: "4242: errcode 60003",
      fix: expect.stringContaining("department 4242 does not exist"),
    });
  });
});
