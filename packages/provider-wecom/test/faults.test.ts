import { CancelledError, type SourceSnapshot } from "@orgsync/core";
import { collectSource, generateOrg, numericDepartmentIds } from "@orgsync/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { WeComApiError } from "../src/index.ts";
import { type Harness, startHarness } from "./helpers.ts";

const org: SourceSnapshot = numericDepartmentIds(
  generateOrg({ departments: 15, users: 60, rootId: "1", seed: 3, multiDepartmentShare: 0.2 }),
);

const sorted = (snapshot: Awaited<ReturnType<typeof collectSource>>) => ({
  departments: [...snapshot.departments].sort((a, b) => a.id.localeCompare(b.id)),
  users: [...snapshot.users]
    .map((user) => ({ ...user, departmentIds: [...user.departmentIds].sort() }))
    .sort((a, b) => a.id.localeCompare(b.id)),
});

async function failure(promise: Promise<unknown>): Promise<WeComApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WeComApiError);
  return error as WeComApiError;
}

describe("wecom reads under faults", () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("is complete and identical under 45009s, 5xx and expiring tokens", async () => {
    harness = await startHarness(org, { sandbox: { pageSize: 10 } });
    const clean = sorted(await collectSource(harness.provider));
    await harness.close();

    harness = await startHarness(org, {
      sandbox: {
        pageSize: 10,
        faults: { rateLimitShare: 0.15, serverErrorShare: 0.1, tokenTtlCalls: 20 },
      },
    });
    const faulty = sorted(await collectSource(harness.provider));
    expect(faulty).toEqual(clean);
    expect(harness.sandbox.stats.rateLimited).toBeGreaterThan(0);
    expect(harness.sandbox.stats.serverErrors).toBeGreaterThan(0);
    expect(harness.sandbox.stats.tokensIssued).toBeGreaterThan(1);
    expect(harness.provider.stats.rateLimited).toBe(harness.sandbox.stats.rateLimited);
    expect(harness.provider.stats.tokenRefreshes).toBeGreaterThan(0);
  });

  it("fails at once, without retrying, on 48009 with the contact-sync secret fix", async () => {
    harness = await startHarness(org, {
      sandbox: { faults: { forbiddenEndpoints: ["user/list_id"] } },
    });
    const error = await failure(collectSource(harness.provider));
    expect(error.details.code).toBe(48009);
    expect(error.message).toMatch(/POST \/cgi-bin\/user\/list_id failed: errcode 48009/);
    expect(error.message).toContain("通讯录同步 → Secret");
    expect(error.message).toContain("企业可信IP");
    expect(harness.sandbox.stats.calls["user/list_id"]).toBe(1);
    expect(harness.provider.stats.retries).toBe(0);
  });

  it("names the IP to trust on 60020, and explains 41001", async () => {
    harness = await startHarness(org, { sandbox: { faults: { untrustedIp: true } } });
    const untrusted = await failure(collectSource(harness.provider));
    expect(untrusted.details.code).toBe(60020);
    expect(untrusted.message).toMatch(/add this server's IP 1\.2\.3\.4 to .*企业可信IP/);
    expect(harness.sandbox.stats.calls["department/simplelist"]).toBe(1);

    harness.sandbox.setFaults({ dropToken: true });
    const dropped = await failure(collectSource(harness.provider));
    expect(dropped.details.code).toBe(41001);
    expect(dropped.message).toMatch(/without its access_token: a proxy/);
  });

  it("retries -1 (系统繁忙) up to retry.maxAttempts, then fails naming it", async () => {
    const department = org.departments[2]?.id ?? "";
    harness = await startHarness(org, {
      sandbox: { faults: { errors: [{ route: "department/get", id: department, code: -1 }] } },
      provider: { concurrency: 1 },
    });
    const error = await failure(collectSource(harness.provider));
    expect(error.details.code).toBe(-1);
    expect(error.message).toMatch(/after 10 attempts: errcode -1 .*系统繁忙/);
    expect(harness.provider.stats.retries).toBe(9);
  });

  it("names the department outside the visible range (60011)", async () => {
    const department = org.departments[4]?.id ?? "";
    harness = await startHarness(org, {
      sandbox: { faults: { errors: [{ route: "department/get", id: department, code: 60011 }] } },
    });
    const error = await failure(collectSource(harness.provider));
    expect(error.details).toMatchObject({ code: 60011, departmentId: department });
    expect(error.message).toContain(
      `department ${department} is outside the secret's visible range`,
    );
  });

  it("fails the whole read when a later page fails: never short", async () => {
    harness = await startHarness(org, {
      sandbox: {
        pageSize: 10,
        faults: { errors: [{ route: "user/list_id", code: 60011, afterCalls: 2 }] },
      },
    });
    const users: string[] = [];
    const read = (async () => {
      for await (const user of harness.provider.fetchUsers()) users.push(user.id);
    })();
    const error = await failure(read);
    expect(error.details.code).toBe(60011);
    expect(users).toEqual([]);
    expect(harness.sandbox.stats.calls["user/list_id"]).toBe(3);
  });

  it("stops with CancelledError mid-read, and makes no calls after", async () => {
    harness = await startHarness(org, { sandbox: { faults: { latencyMs: 5 } } });
    const controller = new AbortController();
    const iterator = harness.provider
      .fetchUsers({ signal: controller.signal })
      [Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    controller.abort();
    const rest = (async () => {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {}
    })();
    await expect(rest).rejects.toBeInstanceOf(CancelledError);
    const calls = harness.sandbox.stats.calls["user/get"] ?? 0;
    expect(calls).toBeLessThan(org.users.length);
    // Requests already on the wire when the read was cancelled may still reach the sandbox
    // (a loaded machine delays them); no new one may start.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const later = harness.sandbox.stats.calls["user/get"] ?? 0;
    expect(later - calls).toBeLessThanOrEqual(harness.provider.config.concurrency);
  });
});
