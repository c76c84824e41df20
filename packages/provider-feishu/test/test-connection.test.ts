import type { ConnectionCheck } from "@orgsync/core";
import { generateOrg } from "@orgsync/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { feishuProvider } from "../src/index.ts";
import { ALL_SCOPES, type FeishuScope } from "../src/sandbox/index.ts";
import { type Harness, startHarness } from "./helpers.ts";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const org = () => generateOrg({ departments: 8, users: 40, seed: 21 });

async function checksWith(
  options: Parameters<typeof startHarness>[1] = {},
  snapshot = org(),
): Promise<{ ok: boolean; byId: Map<string, ConnectionCheck> }> {
  harness = await startHarness(snapshot, options);
  const report = await harness.provider.testConnection();
  return { ok: report.ok, byId: new Map(report.checks.map((check) => [check.id, check])) };
}

const without = (...scopes: FeishuScope[]) => ALL_SCOPES.filter((scope) => !scopes.includes(scope));

describe("testConnection", () => {
  it("is ok, check by check, for an app with every permission and all members", async () => {
    const { ok, byId } = await checksWith();
    expect(ok).toBe(true);
    for (const check of byId.values()) expect(check.status, check.id).toBe("ok");
    expect([...byId.keys()]).toEqual([
      "credentials",
      "permission:contact:department.organize:readonly",
      "permission:contact:user.base:readonly",
      "permission:contact:user.phone:readonly",
      "permission:contact:contact:readonly_as_app",
      "permission:contact:user.email:readonly",
      "permission:contact:user.employee_id:readonly",
      "permission:contact:user.employee:readonly",
      "contact-scope",
      "fields",
    ]);
  });

  // One test per permission of go-ldap-admin's list, plus the field permissions it forgot.
  // Feishu accepts any one of several scopes for a call (department reads: department.organize
  // or readonly_as_app; user reads: user.base or readonly_as_app), so those are only refused,
  // and only observable, when every alternative is missing too.
  const cases: { scope: FeishuScope; granted: FeishuScope[]; evidence: RegExp }[] = [
    {
      scope: "contact:department.organize:readonly",
      granted: without("contact:department.organize:readonly", "contact:contact:readonly_as_app"),
      evidence: /99991672/,
    },
    {
      scope: "contact:user.base:readonly",
      granted: without("contact:user.base:readonly", "contact:contact:readonly_as_app"),
      evidence: /99991672/,
    },
    {
      scope: "contact:user.phone:readonly",
      granted: without("contact:user.phone:readonly"),
      evidence: /mobile absent for all \d+ sampled users/,
    },
    {
      scope: "contact:contact:readonly_as_app",
      granted: without(
        "contact:contact:readonly_as_app",
        "contact:department.organize:readonly",
        "contact:user.base:readonly",
      ),
      evidence: /99991672/,
    },
    {
      scope: "contact:user.email:readonly",
      granted: without("contact:user.email:readonly"),
      evidence: /email, enterprise_email absent/,
    },
    {
      scope: "contact:user.employee_id:readonly",
      granted: without("contact:user.employee_id:readonly"),
      evidence: /user_id absent/,
    },
    {
      scope: "contact:user.employee:readonly",
      granted: without("contact:user.employee:readonly"),
      evidence: /employee_no, job_title absent/,
    },
  ];
  for (const { scope, granted, evidence } of cases) {
    it(`names ${scope} as missing, with where to grant it`, async () => {
      const { ok, byId } = await checksWith({
        sandbox: { app: { ...defaultApp(), scopes: granted } },
      });
      expect(ok).toBe(false);
      const check = byId.get(`permission:${scope}`);
      expect(check?.status).toBe("missing");
      expect(check?.detail).toMatch(evidence);
      expect(check?.fix).toContain("权限管理");
      expect(check?.fix).toContain(scope);
      expect(check?.fix).toContain("开通");
      expect(check?.fix).toContain("版本");
      // Nothing granted is reported missing.
      for (const other of granted) {
        expect(byId.get(`permission:${other}`)?.status ?? "ok", other).not.toBe("missing");
      }
    });
  }

  it("names a contact scope that is not all members (40004 on the root), with the fix", async () => {
    const snapshot = org();
    const visible = snapshot.departments.filter((d) => d.parentId === "0").map((d) => d.id);
    const { ok, byId } = await checksWith(
      { sandbox: { app: { ...defaultApp(), contactScope: visible.slice(0, 1) } } },
      snapshot,
    );
    expect(ok).toBe(false);
    const check = byId.get("contact-scope");
    expect(check?.status).toBe("missing");
    expect(check?.detail).toContain("40004");
    expect(check?.fix).toContain("通讯录权限范围");
    expect(check?.fix).toContain("全部成员");
  });

  it("says the app secret is wrong and where to find it, skipping the rest", async () => {
    const { ok, byId } = await checksWith({ provider: { appSecret: "not-the-secret" } });
    expect(ok).toBe(false);
    const check = byId.get("credentials");
    expect(check?.status).toBe("failed");
    expect(check?.detail).toContain("app secret is wrong");
    expect(check?.detail).toContain("10014");
    expect(check?.fix).toContain("凭证与基础信息");
    expect(byId.get("permission:contact:user.base:readonly")?.status).toBe("skipped");
  });

  it("says the app id is wrong", async () => {
    const { byId } = await checksWith({ provider: { appId: "cli_nosuchapp" } });
    expect(byId.get("credentials")?.detail).toContain("app id is wrong");
    expect(byId.get("credentials")?.detail).toContain("10003");
  });

  it("warns, naming them, about fields blank for every sampled user", async () => {
    const snapshot = org();
    for (const user of snapshot.users) {
      delete user.raw.work_station;
      user.raw.email = "";
    }
    const { ok, byId } = await checksWith({}, snapshot);
    const check = byId.get("fields");
    expect(check?.status).toBe("warning");
    expect(check?.detail).toContain("work_station");
    expect(check?.detail).toContain("email");
    expect(check?.detail).not.toContain("mobile");
    expect(ok, "a warning does not fail the report").toBe(true);
  });

  it("checks deptList entries: unknown and out-of-scope departments are named", async () => {
    const { byId } = await checksWith({ provider: { deptList: ["od-nosuchdepartment"] } });
    const check = byId.get("dept-list");
    expect(check?.status).toBe("missing");
    expect(check?.detail).toContain("od-nosuchdepartment: no such department");
  });

  it("never throws when Feishu is unreachable", async () => {
    harness = await startHarness(org());
    const url = harness.sandbox.url;
    await harness.close();
    const provider = feishuProvider({
      appId: "cli_sandbox",
      appSecret: "x",
      domain: url,
      retry: { maxAttempts: 1 },
    });
    const report = await provider.testConnection();
    expect(report.ok).toBe(false);
    expect(report.checks[0]?.status).toBe("failed");
    expect(report.checks[0]?.fix).toContain("domain");
    harness = undefined;
  });
});

function defaultApp() {
  return { appId: "cli_sandbox", appSecret: "sandbox-secret" };
}
