import { expect, it } from "vitest";
import type { TestContext } from "../databases.ts";

export function auditSuite(t: TestContext): void {
  it("appends entries, redacts secret-looking details and lists newest first", async () => {
    const admin = await t.repos.admins.create({ username: "auditor", password: "pw" });
    const first = await t.repos.audit.append({
      adminId: admin.id,
      action: "provider.create",
      targetType: "provider",
      targetId: "p1",
      details: { name: "Feishu", config: { appId: "cli", appSecret: "s3cr3t" } },
    });
    expect(first).toMatchObject({
      at: t.clock.now(),
      details: { config: { appId: "cli", appSecret: "[redacted]" } },
    });
    t.clock.advance(1000);
    await t.repos.audit.append({ action: "admin.setup" });
    await t.repos.audit.append({
      adminId: admin.id,
      action: "run.approve",
      targetType: "run",
      targetId: "r1",
    });

    const all = await t.repos.audit.list({ first: 3 });
    expect(all.map((e) => e.action)).toEqual(["run.approve", "admin.setup", "provider.create"]);
    expect(JSON.stringify(all)).not.toContain("s3cr3t");
    expect((await t.repos.audit.list({ adminId: admin.id })).map((e) => e.action)).toEqual([
      "run.approve",
      "provider.create",
    ]);
    expect(
      (await t.repos.audit.list({ targetType: "provider", targetId: "p1" })).map((e) => e.id),
    ).toEqual([first.id]);
    const page = await t.repos.audit.list({ first: 1 });
    expect(
      (await t.repos.audit.list({ before: page[0]?.id as number, first: 2 })).map((e) => e.action),
    ).toEqual(["admin.setup", "provider.create"]);
  });
}
