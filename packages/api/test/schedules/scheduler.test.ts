import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunRecord } from "../../src/repositories/runs.ts";
import { isTerminalRunStatus } from "../../src/runs/run-events.ts";
import { createScheduler, type Scheduler } from "../../src/schedules/scheduler.ts";
import { DATABASE_KINDS } from "../databases.ts";
import { type RunStack, startRunStack } from "../harness/run-stack.ts";
import { smallOrg, useSyncEnvironment } from "../harness/sync-environment.ts";

/**
 * The scheduler over real parts — slapd, the Feishu sandbox, the run service and job runner,
 * PGlite and PostgreSQL — driven tick by tick with a clock the test moves, so each fire is
 * exactly where the test says. (The timer itself is covered by the GraphQL and multi-process
 * suites.)
 */

let clocks = 0;

/**
 * A clock half a second past a whole second, so fires land between ticks; each clock an hour
 * after the previous one, so two tests never record the same fire (the fire's key).
 */
function manualClock() {
  clocks += 1;
  let current = Math.ceil(Date.now() / 1000) * 1000 + 500 + clocks * 3_600_000;
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
  };
}

describe.each(DATABASE_KINDS)("the scheduler on %s", (kind) => {
  const env = useSyncEnvironment(kind, { org: smallOrg(30, 5) });
  let stack: RunStack;

  beforeAll(async () => {
    stack = await startRunStack(env);
  });
  afterAll(() => stack?.stop());

  /** A scheduler with its own clock, its first tick done (which only sets the start). */
  async function startedScheduler(
    clock = manualClock(),
  ): Promise<{ scheduler: Scheduler; clock: ReturnType<typeof manualClock> }> {
    const scheduler = createScheduler({
      repositories: env.repositories,
      runService: stack.service,
      now: clock.now,
    });
    expect(await scheduler.tick()).toEqual([]);
    return { scheduler, clock };
  }

  async function settled(runId: string): Promise<RunRecord> {
    for await (const event of stack.service.watch(runId)) {
      if (isTerminalRunStatus(event.status)) break;
    }
    return (await env.repositories.runs.get(runId)) as RunRecord;
  }

  const runsOf = async () =>
    (await env.repositories.runs.list({ providerId: env.provider.id, first: 100 })).items;

  it("records a fire that cannot start a run as failed, with the reason", async () => {
    // Nothing synced yet: a USERS run is refused before anything is stored.
    await env.repositories.schedules.set(env.provider.id, "USERS", {
      cron: "* * * * * *",
      timezone: "UTC",
      enabled: true,
    });
    const { scheduler, clock } = await startedScheduler();
    clock.advance(1000);
    const [report, ...rest] = await scheduler.tick();
    expect(rest).toEqual([]);
    expect(report).toMatchObject({ scopes: ["USERS"], runScope: "USERS", outcome: "failed" });
    expect(report?.reason).toMatch(/users cannot be synced before their groups/);

    const [fire] = await env.repositories.schedules.listFires(env.provider.id);
    expect(fire).toMatchObject({ scope: "USERS", outcome: "failed", runId: null });
    expect(fire?.fireAt.getTime()).toBe(clock.now().getTime() - 500);
    expect(await runsOf()).toEqual([]);
    await env.repositories.schedules.delete(env.provider.id, "USERS");
  });

  it("starts one ALL run when GROUPS and USERS fire at the same instant", async () => {
    for (const scope of ["GROUPS", "USERS"] as const) {
      await env.repositories.schedules.set(env.provider.id, scope, {
        cron: "*/2 * * * * *",
        timezone: "UTC",
        enabled: true,
      });
    }
    const { scheduler, clock } = await startedScheduler();
    // Half a second to the next second: an even one only every other time.
    clock.advance(2000);
    const reports = await scheduler.tick();
    expect(reports).toHaveLength(1);
    const [report] = reports;
    expect(report).toMatchObject({
      scopes: ["GROUPS", "USERS"],
      runScope: "ALL",
      outcome: "started",
      reason: "GROUPS and USERS fired at the same instant: one ALL run",
    });
    const run = await settled(report?.runId as string);
    expect(run).toMatchObject({
      scope: "ALL",
      trigger: "schedule",
      requestedBy: "schedule",
      status: "succeeded",
    });
    const fires = await env.repositories.schedules.listFires(env.provider.id, { first: 2 });
    expect(fires.map((f) => [f.scope, f.outcome, f.runId])).toEqual([
      ["GROUPS", "started", run.id],
      ["USERS", "started", run.id],
    ]);
    expect((await env.managedEntries()).users).toHaveLength(30);
    for (const scope of ["GROUPS", "USERS"] as const) {
      await env.repositories.schedules.delete(env.provider.id, scope);
    }
  });

  it("skips fires while the provider is running: recorded, never stacked", async () => {
    // Slow answers from the IM keep the manual run busy for a while.
    env.sandbox.setFaults({ latencyMs: 150 });
    try {
      const manual = await stack.service.run({ providerId: env.provider.id, scope: "ALL" });
      await env.repositories.schedules.set(env.provider.id, "GROUPS", {
        cron: "* * * * * *",
        timezone: "UTC",
        enabled: true,
      });
      const { scheduler, clock } = await startedScheduler();
      clock.advance(3000);
      const reports = await scheduler.tick();
      expect(reports.map((r) => [r.outcome, r.reason])).toEqual(
        Array.from({ length: 3 }, () => ["skipped", `the provider was running: run ${manual.id}`]),
      );
      const fires = await env.repositories.schedules.listFires(env.provider.id, {
        scope: "GROUPS",
        first: 3,
      });
      expect(fires.map((f) => [f.outcome, f.runId])).toEqual(
        Array.from({ length: 3 }, () => ["skipped", null]),
      );
      // Nothing queued behind the manual run.
      const active = (await runsOf()).filter((run) => !isTerminalRunStatus(run.status));
      expect(active.map((run) => run.id)).toEqual([manual.id]);
      env.sandbox.setFaults({});
      expect((await settled(manual.id)).status).toBe("succeeded");
    } finally {
      env.sandbox.setFaults({});
      await env.repositories.schedules.delete(env.provider.id, "GROUPS");
    }
  });

  it("lets one of two schedulers on one database act on a fire", async () => {
    await env.repositories.schedules.set(env.provider.id, "GROUPS", {
      cron: "* * * * * *",
      timezone: "UTC",
      enabled: true,
    });
    try {
      // Two processes whose ticks see the same second.
      const first = await startedScheduler();
      const second = await startedScheduler(first.clock);
      first.clock.advance(1000);
      const reports = (await Promise.all([first.scheduler.tick(), second.scheduler.tick()])).flat();
      expect(reports.map((r) => r.outcome).sort()).toEqual(["lost", "started"]);
      const started = reports.find((r) => r.outcome === "started");
      expect((await settled(started?.runId as string)).status).toBe("succeeded");
      const runs = (await runsOf()).filter((run) => run.trigger === "schedule");
      // The ALL run of the earlier test, and this one.
      expect(runs).toHaveLength(2);
    } finally {
      await env.repositories.schedules.delete(env.provider.id, "GROUPS");
    }
  });

  it("does not fire for a disabled schedule or provider, nor replay fires from before its start", async () => {
    await env.repositories.schedules.set(env.provider.id, "GROUPS", {
      cron: "* * * * * *",
      timezone: "UTC",
      enabled: false,
    });
    const { scheduler, clock } = await startedScheduler();
    clock.advance(2000);
    expect(await scheduler.tick()).toEqual([]);

    await env.repositories.schedules.set(env.provider.id, "GROUPS", {
      cron: "* * * * * *",
      timezone: "UTC",
      enabled: true,
    });
    await env.repositories.providers.update(env.provider.id, { enabled: false });
    clock.advance(2000);
    expect(await scheduler.tick()).toEqual([]);
    await env.repositories.providers.update(env.provider.id, { enabled: true });

    // A fresh scheduler starts from now: the fires of the last seconds are not replayed.
    const fresh = await startedScheduler();
    fresh.clock.advance(1000);
    expect((await fresh.scheduler.tick()).map((r) => r.outcome)).toEqual(["started"]);
    await env.repositories.schedules.delete(env.provider.id, "GROUPS");
    const active = (await runsOf()).filter((run) => !isTerminalRunStatus(run.status));
    for (const run of active) await settled(run.id);
  });
});
