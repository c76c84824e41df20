import { CancelledError, readSource, SourceReadError, type SourceSnapshot } from "@orgsync/core";
import { afterEach, describe, expect, it } from "vitest";
import type { DingTalkApiError } from "../src/index.ts";
import { dingtalkOrg, type Harness, startHarness } from "./helpers.ts";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function normalised(snapshot: SourceSnapshot): SourceSnapshot {
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    departments: [...snapshot.departments].sort(byId),
    users: [...snapshot.users]
      .map((user) => ({ ...user, departmentIds: [...user.departmentIds].sort() }))
      .sort(byId),
  };
}

const org = (seed = 7) =>
  dingtalkOrg({
    departments: 60,
    users: 800,
    seed,
    statusShares: { frozen: 0, resigned: 0.02, notJoined: 0.01 },
  });

describe("reads under faults", () => {
  it("reads completely and identically under rate limits, 5xx and expiring tokens", async () => {
    harness = await startHarness(org(), { provider: { userLeaveRangeDays: 0 } });
    const clean = normalised(await readSource(harness.provider));
    expect(clean.users.filter((u) => u.status === "resigned").length).toBeGreaterThan(0);

    harness.sandbox.resetStats();
    harness.sandbox.setFaults({ rateLimitShare: 0.3, serverErrorShare: 0.1, tokenTtlCalls: 20 });
    const faulty = normalised(await readSource(harness.provider));
    expect(faulty).toEqual(clean);
    const stats = harness.sandbox.stats;
    expect(stats.rateLimited, "rate limits were injected").toBeGreaterThan(10);
    expect(stats.serverErrors, "5xx were injected").toBeGreaterThan(3);
    expect(stats.tokensIssued, "tokens expired and were replaced").toBeGreaterThan(2);
    expect(harness.provider.stats.tokenRefreshes).toBeGreaterThan(0);
    expect(harness.provider.stats.rateLimited).toBe(stats.rateLimited);
  }, 30_000);

  it.each([
    ["60011 (no permission)", { missingPermission: ["userList" as const] }, /60011.*权限管理/],
    [
      "90020 (free edition's monthly quota)",
      { monthlyQuotaAfterCalls: 5 },
      /free-edition monthly API quota is used up \(90020\).*1st of next month.*nothing was changed/,
    ],
  ])("fails at once, without retrying, on %s", async (_name, faults, message) => {
    harness = await startHarness(org(3), { sandbox: { faults } });
    const error = await readSource(harness.provider).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceReadError);
    expect((error as Error).message).toMatch(message);
    expect(harness.provider.stats.retries).toBe(0);
  });

  it("fails naming the department outside the contact scope (50004)", async () => {
    const snapshot = org(4);
    const denied = snapshot.departments[5]?.id as string;
    harness = await startHarness(snapshot, {
      sandbox: { faults: { outOfScopeDepartments: [denied] } },
    });
    const error = await readSource(harness.provider).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^dingtalk \(dingtalk\): /);
    expect((error as Error).message).toContain(`department ${denied}`);
    expect((error as Error).message).toContain("50004");
    expect((error as Error).message).toContain("通讯录权限范围");
    expect((error as DingTalkApiError).details).toMatchObject({
      errcode: 50004,
      departmentId: denied,
    });
    expect(harness.provider.stats.retries).toBe(0);
  });

  it("names the leave-record permission when empLeaveRecords answers 403", async () => {
    harness = await startHarness(org(5), {
      sandbox: { faults: { missingPermission: ["leaveRecords"] } },
      provider: { userLeaveRangeDays: 7 },
    });
    await expect(readSource(harness.provider)).rejects.toThrow(
      /empLeaveRecords failed: .*HTTP 403.*qyapi_get_member_leave_record/,
    );
  });

  it("fails the whole read when one page fails, naming its department", async () => {
    const big = dingtalkOrg({ departments: 1, users: 250, seed: 5, rootUserShare: 0 });
    const department = big.departments[0]?.id as string;
    harness = await startHarness(big, {
      sandbox: { faults: { failCall: [{ route: "userList", nth: 3, errcode: 33012 }] } },
      provider: { concurrency: 1 },
    });
    const error = await readSource(harness.provider).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceReadError);
    expect((error as Error).message).toContain(`user/list for department ${department}`);
    expect((error as Error).message).toContain("33012");
  });

  it("gives up on a 5xx that persists, after the configured attempts", async () => {
    harness = await startHarness(org(6), {
      sandbox: { faults: { serverErrorShare: 1 } },
      provider: { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } },
    });
    await expect(readSource(harness.provider)).rejects.toThrow(/after 3 attempts.*HTTP 502/);
    expect(harness.sandbox.stats.serverErrors).toBe(3);
  });

  it("refuses a wrong secret with what to fix, without retrying", async () => {
    harness = await startHarness(org(7), { provider: { appSecret: "wrong" } });
    await expect(readSource(harness.provider)).rejects.toThrow(
      /gettoken failed: errcode 40096.*copy both again/,
    );
    expect(harness.sandbox.stats.calls.token).toBe(1);
  });

  it("stops with CancelledError when cancelled mid-read", async () => {
    harness = await startHarness(org(8), { sandbox: { faults: { latencyMs: 20 } } });
    const controller = new AbortController();
    let seen = 0;
    const read = (async () => {
      for await (const _ of harness?.provider.fetchUsers({ signal: controller.signal }) ?? []) {
        if (++seen === 1) controller.abort();
      }
    })();
    await expect(read).rejects.toBeInstanceOf(CancelledError);
    const calls = harness.sandbox.stats.calls.userList ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(
      harness.sandbox.stats.calls.userList ?? 0,
      "no calls after cancelling",
    ).toBeLessThanOrEqual(calls + 8);
  });
});
