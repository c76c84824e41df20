import { readSource, SourceReadError, type SourceSnapshot } from "@orgsync/core";
import { generateOrg } from "@orgsync/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import type { FeishuApiError } from "../src/index.ts";
import { type Harness, startHarness } from "./helpers.ts";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** A snapshot in a comparable order: read order depends on which page came back first. */
function normalised(snapshot: SourceSnapshot): SourceSnapshot {
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    departments: [...snapshot.departments].sort(byId),
    users: [...snapshot.users]
      .map((user) => ({ ...user, departmentIds: [...user.departmentIds].sort() }))
      .sort(byId),
  };
}

describe("reads under faults", () => {
  it("reads a 2k-user org completely and identically under 30% 429s, 10% 5xx and expiring tokens", async () => {
    const org = generateOrg({ departments: 150, users: 2000, seed: 7 });
    harness = await startHarness(org);
    const clean = normalised(await readSource(harness.provider));
    expect(clean.users).toHaveLength(2000);
    expect(clean.departments).toHaveLength(150);

    harness.sandbox.resetStats();
    harness.sandbox.setFaults({ rate429: 0.3, resetSeconds: 0, rate5xx: 0.1, tokenTtlCalls: 100 });
    const faulty = normalised(await readSource(harness.provider));
    expect(faulty).toEqual(clean);

    const stats = harness.sandbox.stats;
    expect(stats.throttled, "429s were injected").toBeGreaterThan(20);
    expect(stats.serverErrors, "5xx were injected").toBeGreaterThan(5);
    expect(stats.tokensIssued, "tokens expired and were replaced").toBeGreaterThan(2);
    expect(harness.provider.stats.tokenRefreshes).toBeGreaterThan(0);
  }, 30_000);

  it("refreshes a refused token whether Feishu answers it with HTTP 200 or 400", async () => {
    const org = generateOrg({ departments: 20, users: 100, seed: 13 });
    for (const invalidTokenStatus of [200, 400]) {
      harness = await startHarness(org, {
        sandbox: { invalidTokenStatus, faults: { tokenTtlCalls: 5 } },
      });
      const read = await readSource(harness.provider);
      expect(read.users, `HTTP ${invalidTokenStatus}`).toHaveLength(100);
      expect(harness.sandbox.stats.tokensIssued).toBeGreaterThan(3);
      await harness.close();
      harness = undefined;
    }
  });

  it("fails the read, naming the department, when a department is outside the contact scope", async () => {
    const org = generateOrg({ departments: 10, users: 60, seed: 3 });
    const denied = org.departments[4]?.id as string;
    harness = await startHarness(org, {
      sandbox: { faults: { noAuthorityDepartments: [denied] } },
    });
    const error = await readSource(harness.provider).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceReadError);
    const message = (error as Error).message;
    expect(message).toMatch(/^feishu \(feishu\): /);
    expect(message).toContain(`department ${denied}`);
    expect(message).toContain("40004");
    expect(message).toContain("outside the app's contact scope");
    expect(message).toContain("通讯录权限范围");
    expect((error as FeishuApiError).details).toMatchObject({ code: 40004, departmentId: denied });
  });

  it("fails the user read when one page fails, naming its department, never yielding a short read", async () => {
    // One department of 120 people: pages 1–3 of find_by_department after the root's page.
    const big = generateOrg({ departments: 1, users: 120, seed: 5, rootUserShare: 0 });
    const department = big.departments[0]?.id as string;
    harness = await startHarness(big, {
      sandbox: {
        faults: { failCall: [{ route: "findByDepartment", nth: 3, status: 400, code: 40012 }] },
      },
      provider: { concurrency: 1 },
    });
    const error = await readSource(harness.provider).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceReadError);
    expect((error as Error).message).toContain(`find_by_department for department ${department}`);
    expect((error as Error).message).toContain("40012");
  });

  it("fails the department read when a page of the tree listing fails", async () => {
    const org = generateOrg({ departments: 120, users: 10, seed: 9 });
    harness = await startHarness(org, {
      sandbox: { faults: { failCall: [{ route: "children", nth: 2, status: 400, code: 40003 }] } },
    });
    const read = async () => {
      const seen: string[] = [];
      for await (const department of harness?.provider.fetchDepartments() ?? []) {
        seen.push(department.id);
      }
      return seen;
    };
    await expect(read()).rejects.toThrow(/children for department 0 failed: code 40003/);
  });

  it("gives up on a 5xx that persists, after the configured attempts", async () => {
    const org = generateOrg({ departments: 3, users: 10, seed: 11 });
    harness = await startHarness(org, {
      sandbox: { faults: { rate5xx: 1 } },
      provider: { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } },
    });
    await expect(readSource(harness.provider)).rejects.toThrow(/after 3 attempts/);
    expect(harness.sandbox.stats.serverErrors).toBe(3);
  });

  it("refuses bad credentials with what to fix, without retrying", async () => {
    const org = generateOrg({ departments: 3, users: 10, seed: 11 });
    harness = await startHarness(org, { provider: { appSecret: "wrong" } });
    await expect(readSource(harness.provider)).rejects.toThrow(/10014.*app secret is wrong/);
    expect(harness.sandbox.stats.calls.token).toBe(1);
  });
});
