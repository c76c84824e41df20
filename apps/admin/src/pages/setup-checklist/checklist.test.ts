import { describe, expect, it } from "vitest";
import { checklistSteps, consoleUrl, lastSync, statusOfChecks, stepOfCheck } from "./checklist.ts";

const ok = (id: string) => ({ id, label: id, status: "ok" as const });

describe("checklistSteps", () => {
  it("groups the connection checks into the seed's steps", () => {
    expect(stepOfCheck("credentials")).toBe("credentials");
    expect(stepOfCheck("config")).toBe("credentials");
    expect(stepOfCheck("permission:contact:user.base:readonly")).toBe("permissions");
    expect(stepOfCheck("fields")).toBe("permissions");
    expect(stepOfCheck("contact-scope")).toBe("contactScope");
    expect(stepOfCheck("dept-list")).toBe("contactScope");
    expect(stepOfCheck("dept-list:12345")).toBe("contactScope");
  });

  it("holds a step back on its worst check; a warning does not", () => {
    expect(statusOfChecks([ok("a"), { ...ok("b"), status: "warning" }])).toBe("done");
    expect(statusOfChecks([ok("a"), { ...ok("b"), status: "skipped" }])).toBe("skipped");
    expect(
      statusOfChecks([
        { ...ok("a"), status: "missing" },
        { ...ok("b"), status: "failed" },
      ]),
    ).toBe("failed");
    expect(statusOfChecks([])).toBe("skipped");
  });

  it("derives every step from what the service answered", () => {
    const steps = checklistSteps({
      checking: false,
      checks: [
        ok("credentials"),
        { ...ok("permission:contact:user.phone:readonly"), status: "missing" },
        ok("contact-scope"),
      ],
      relations: { group: 1, user: null },
      runs: [{ id: "r1", scope: "GROUPS", finishedAt: null }],
    });
    expect(steps.map((step) => [step.id, step.status])).toEqual([
      ["credentials", "done"],
      ["permissions", "missing"],
      ["contactScope", "done"],
      ["fieldRelations", "missing"],
      ["groupsSynced", "done"],
      ["usersSynced", "missing"],
    ]);
  });

  it("says checking while the test runs, and not checked when it could not", () => {
    const base = { relations: undefined, runs: undefined };
    expect(checklistSteps({ ...base, checks: undefined, checking: true })[0]?.status).toBe(
      "checking",
    );
    const unknown = checklistSteps({ ...base, checks: undefined, checking: false });
    expect(unknown.every((step) => step.status === "skipped")).toBe(true);
  });

  it("counts an ALL run for groups and users", () => {
    const runs = [{ id: "r2", scope: "ALL" as const, finishedAt: null }];
    expect(lastSync(runs, "USERS")?.id).toBe("r2");
    expect(lastSync(runs, "GROUPS")?.id).toBe("r2");
  });
});

describe("consoleUrl", () => {
  it("points at the IM's developer console (Feishu's or Lark's by domain)", () => {
    expect(consoleUrl("feishu", { domain: "lark" })).toBe("https://open.larksuite.com/app");
    expect(consoleUrl("feishu", {})).toBe("https://open.feishu.cn/app");
    expect(consoleUrl("dingtalk", {})).toBe("https://open-dev.dingtalk.com/");
    expect(consoleUrl("wecom", {})).toMatch(/^https:\/\/work\.weixin\.qq\.com\//);
    expect(consoleUrl("slack", {})).toBeUndefined();
  });
});
