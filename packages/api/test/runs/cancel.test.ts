import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunRecord } from "../../src/repositories/runs.ts";
import type { RunEvent } from "../../src/runs/run-events.ts";
import { DATABASE_KINDS } from "../databases.ts";
import { type RunStack, startRunStack } from "../harness/run-stack.ts";
import { smallOrg, useSyncEnvironment } from "../harness/sync-environment.ts";
import { allItems, runToEnd, waitForStatus } from "./helpers.ts";

/** Big enough that applying takes a while (~900 operations), small enough to stay quick. */
const org = smallOrg(400, 40, 11);

describe.each(DATABASE_KINDS)("cancelling runs on %s", (kind) => {
  const env = useSyncEnvironment(kind, { org });
  let stack: RunStack;
  /** Another process's view: its runner does not hold the runs, so cancels go through the DB. */
  let peer: RunStack;
  beforeAll(async () => {
    stack = await startRunStack(env);
    peer = await startRunStack(env, { start: false, workerId: "peer" });
  });
  afterAll(async () => {
    await peer?.stop();
    await stack?.stop();
  });

  /** Queues an ALL run and calls `cancel` as soon as the run reaches `status`. */
  async function cancelWhen(status: RunEvent["status"], by: RunStack): Promise<RunRecord> {
    const queued = await stack.service.run({ providerId: env.provider.id, scope: "ALL" });
    let requested: RunRecord | undefined;
    for await (const event of stack.service.watch(queued.id)) {
      if (event.status === status && !requested) {
        requested = await by.service.cancel(queued.id, "alice");
        expect(requested.status).toBe(status);
        expect(requested.cancelRequestedAt).toBeInstanceOf(Date);
      }
    }
    expect(requested).toBeDefined();
    return (await stack.service.get(queued.id)) as RunRecord;
  }

  const expectCancelledWhileApplying = async (run: RunRecord) => {
    expect(run.status).toBe("cancelled");
    expect(run.error).toMatch(/cancelled while applying; \d+ of \d+ operations were applied/);
    const items = await allItems(stack.service, run.id);
    const outcomes = new Map<string, number>();
    for (const item of items) outcomes.set(item.outcome, (outcomes.get(item.outcome) ?? 0) + 1);
    expect(outcomes.get("planned")).toBeUndefined();
    expect(outcomes.get("cancelled")).toBeGreaterThan(0);
    // Everything after the last attempted operation was never started.
    const lastAttempted = Math.max(...items.filter((i) => i.attempts > 0).map((i) => i.seq));
    expect(items.slice(lastAttempted + 1).every((item) => item.outcome === "cancelled")).toBe(true);
    expect(run.progressDone).toBe(items.length);
    return outcomes;
  };

  it("cancels while planning: nothing is written", async () => {
    env.sandbox.setFaults({ latencyMs: 40 });
    try {
      const run = await cancelWhen("planning", stack);
      expect(run).toMatchObject({
        status: "cancelled",
        error: "runs: cancelled while planning; nothing was written to the directory",
      });
      expect(await allItems(stack.service, run.id)).toEqual([]);
      expect((await env.managedEntries()).users).toEqual([]);
    } finally {
      env.sandbox.setFaults({});
    }
  });

  it("cancels while applying, in this process: the rest of the items are cancelled", async () => {
    const run = await cancelWhen("applying", stack);
    await expectCancelledWhileApplying(run);
    expect((await env.managedEntries()).users.length).toBeLessThan(org.users.length);
  });

  it("cancels while applying from another process, through the database", async () => {
    const run = await cancelWhen("applying", peer);
    await expectCancelledWhileApplying(run);
  });

  it("converges on the next run: every user exactly once, then nothing to do", async () => {
    const run = await runToEnd(stack.service, env.provider.id);
    expect(run.status).toBe("succeeded");
    const { users, groups } = await env.managedEntries();
    const anchors = users.map((user) => user.attributes.orgsyncAnchor?.[0]);
    expect(anchors.sort()).toEqual(org.users.map((user) => `feishu:${user.id}`).sort());
    expect(groups).toHaveLength(org.departments.length);
    expect(await runToEnd(stack.service, env.provider.id)).toMatchObject({
      status: "succeeded",
      progressTotal: 0,
    });
    expect(await waitForStatus(stack.service, run.id, ["succeeded"])).toBeDefined();
  });
});
