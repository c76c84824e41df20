import type { OperationType } from "@orgsync/core";
import { expect, it } from "vitest";
import { RUN_STATUSES, type RunStatus } from "../../src/db/schema.ts";
import {
  IllegalRunTransitionError,
  NotFoundError,
  RunAlreadyActiveError,
} from "../../src/errors.ts";
import { RUN_TRANSITIONS, type RunItemInput } from "../../src/repositories/runs.ts";
import type { TestContext } from "../databases.ts";
import { createTestProvider } from "../databases.ts";

export function runsSuite(t: TestContext): void {
  it("allows at most one active run per provider, naming the active one", async () => {
    const a = await createTestProvider(t.repos);
    const b = await createTestProvider(t.repos);
    const run = await t.repos.runs.create({
      providerId: a.id,
      scope: "GROUPS",
      trigger: "manual",
      requestedBy: "alice",
    });
    expect(run).toMatchObject({
      status: "queued",
      dryRun: false,
      progressDone: 0,
      requestedBy: "alice",
    });

    const error = await t.repos.runs
      .create({ providerId: a.id, scope: "USERS", trigger: "api" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunAlreadyActiveError);
    expect(error).toMatchObject({ providerId: a.id, activeRunId: run.id, activeStatus: "queued" });
    expect((error as Error).message).toContain(run.id);

    // Another provider is not held up; a finished run frees its provider.
    await t.repos.runs.create({ providerId: b.id, scope: "ALL", trigger: "schedule" });
    await t.repos.runs.transition(run.id, "planning");
    await t.repos.runs.transition(run.id, "succeeded");
    await expect(
      t.repos.runs.create({ providerId: a.id, scope: "USERS", trigger: "api" }),
    ).resolves.toMatchObject({
      status: "queued",
    });
  });

  it("lets exactly one of several concurrent creates win", async () => {
    const { id } = await createTestProvider(t.repos);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        t.repos.runs.create({ providerId: id, scope: "ALL", trigger: "api" }),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(4);
    for (const r of lost) expect(r.reason).toBeInstanceOf(RunAlreadyActiveError);
  });

  it("moves through the lifecycle, stamping times and refusing illegal transitions", async () => {
    const { id: providerId } = await createTestProvider(t.repos);
    const run = await t.repos.runs.create({ providerId, scope: "ALL", trigger: "manual" });
    await expect(t.repos.runs.transition(run.id, "applying")).rejects.toThrow(
      new IllegalRunTransitionError(run.id, "queued", "applying").message,
    );
    t.clock.advance(1000);
    const planning = await t.repos.runs.transition(run.id, "planning", { workerId: "w1" });
    expect(planning.startedAt).toEqual(t.clock.now());
    expect(planning.workerId).toBe("w1");
    const held = await t.repos.runs.transition(run.id, "needs_approval", {
      plan: { operations: [] },
      progressTotal: 3,
    });
    expect(held).toMatchObject({ status: "needs_approval", progressTotal: 3 });
    // The record leaves the plan out (megabytes for a big run); it is read on purpose.
    expect(held).not.toHaveProperty("plan");
    expect(await t.repos.runs.getStoredPlan(run.id)).toEqual({ operations: [] });
    const applying = await t.repos.runs.transition(run.id, "applying", { approvedBy: "alice" });
    expect(applying).toMatchObject({ approvedBy: "alice", approvedAt: t.clock.now() });

    await t.repos.runs.recordProgress(run.id, {
      done: 2,
      counts: { createUser: { succeeded: 2 } },
    });
    expect(await t.repos.runs.get(run.id)).toMatchObject({
      progressDone: 2,
      progressTotal: 3,
      counts: { createUser: { succeeded: 2 } },
    });

    t.clock.advance(1000);
    const done = await t.repos.runs.transition(run.id, "failed", { error: "ldap: unreachable" });
    expect(done).toMatchObject({
      status: "failed",
      error: "ldap: unreachable",
      finishedAt: t.clock.now(),
    });
    for (const to of RUN_STATUSES) {
      await expect(t.repos.runs.transition(run.id, to)).rejects.toBeInstanceOf(
        IllegalRunTransitionError,
      );
    }
    await expect(
      t.repos.runs.transition("00000000-0000-4000-8000-000000000000", "planning"),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("has no way out of a terminal status in the transition table", () => {
    const terminal: RunStatus[] = ["succeeded", "failed", "cancelled", "interrupted"];
    for (const to of RUN_STATUSES) {
      for (const from of terminal) expect(RUN_TRANSITIONS[to]).not.toContain(from);
    }
  });

  it("marks runs a dead process left planning or applying as interrupted", async () => {
    const [p1, p2, p3, p4] = await Promise.all([1, 2, 3, 4].map(() => createTestProvider(t.repos)));
    const make = (providerId: string) =>
      t.repos.runs.create({ providerId, scope: "ALL", trigger: "manual" });
    const stale = await make(p1?.id as string);
    await t.repos.runs.transition(stale.id, "planning");
    const queued = await make(p2?.id as string);
    const held = await make(p3?.id as string);
    await t.repos.runs.transition(held.id, "planning");
    await t.repos.runs.transition(held.id, "needs_approval");
    t.clock.advance(120_000);
    const fresh = await make(p4?.id as string);
    await t.repos.runs.transition(fresh.id, "planning");
    await t.repos.runs.transition(fresh.id, "applying");

    // A peer process's heartbeat is recent: only the stale run is marked.
    expect(await t.repos.runs.markInterrupted({ olderThan: 60_000 })).toEqual([stale.id]);
    expect(await t.repos.runs.get(stale.id)).toMatchObject({
      status: "interrupted",
      finishedAt: t.clock.now(),
    });
    // At an embedded start every planning/applying run is orphaned; queued and held runs wait.
    expect(await t.repos.runs.markInterrupted()).toEqual([fresh.id]);
    expect((await t.repos.runs.get(queued.id))?.status).toBe("queued");
    expect((await t.repos.runs.get(held.id))?.status).toBe("needs_approval");
    // The provider is free again.
    await expect(make(p1?.id as string)).resolves.toMatchObject({ status: "queued" });
  });

  it("appends items in batches and pages them by op and outcome", async () => {
    const { id: providerId } = await createTestProvider(t.repos);
    const run = await t.repos.runs.create({ providerId, scope: "ALL", trigger: "manual" });
    const ops: OperationType[] = ["createGroup", "createUser", "setMembers"];
    const items: RunItemInput[] = Array.from({ length: 2500 }, (_, seq) => ({
      seq,
      op: ops[seq % 3] as OperationType,
      anchor: `f:${seq}`,
      dn: `uid=u${seq},ou=people,dc=example,dc=com`,
      changes: [{ attribute: "cn", old: [], new: [`u${seq}`] }],
      outcome: seq % 10 === 0 ? "failed" : "succeeded",
      ...(seq % 10 === 0 ? { errorCategory: "schemaViolation", message: "bad mail" } : {}),
      attempts: 1,
      durationMs: 3,
    }));
    await t.repos.runs.appendItems(run.id, items);

    const seen: number[] = [];
    let after: string | undefined;
    do {
      const page = await t.repos.runs.listItems(run.id, {
        first: 1000,
        ...(after ? { after } : {}),
      });
      seen.push(...page.items.map((i) => i.seq));
      after = page.endCursor;
    } while (after);
    expect(seen).toEqual(items.map((i) => i.seq));

    const failed = await t.repos.runs.listItems(run.id, { outcome: "failed", first: 1000 });
    expect(failed.items).toHaveLength(250);
    expect(failed.endCursor).toBeUndefined();
    expect(failed.items[0]).toMatchObject({
      errorCategory: "schemaViolation",
      message: "bad mail",
      changes: [{ attribute: "cn", old: [], new: ["u0"] }],
    });

    const users = await t.repos.runs.listItems(run.id, {
      op: "createUser",
      outcome: "failed",
      first: 10,
    });
    expect(users.items.every((i) => i.op === "createUser" && i.outcome === "failed")).toBe(true);
    expect(users.items.map((i) => i.seq).slice(0, 3)).toEqual([10, 40, 70]);
    const next = await t.repos.runs.listItems(run.id, {
      op: "createUser",
      outcome: "failed",
      first: 10,
      after: users.endCursor as string,
    });
    expect(next.items[0]?.seq).toBe(310);
  });

  it("lists runs newest first with filters and cursor paging", async () => {
    const { id: providerId } = await createTestProvider(t.repos);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      const run = await t.repos.runs.create({
        providerId,
        scope: "ALL",
        trigger: "manual",
        dryRun: i % 2 === 0,
      });
      await t.repos.runs.transition(run.id, i === 4 ? "cancelled" : "planning");
      if (i !== 4) await t.repos.runs.transition(run.id, "succeeded");
      ids.push(run.id);
    }
    const firstPage = await t.repos.runs.list({ providerId, first: 2 });
    expect(firstPage.items.map((r) => r.id)).toEqual([ids[4], ids[3]]);
    const secondPage = await t.repos.runs.list({
      providerId,
      first: 2,
      after: firstPage.endCursor as string,
    });
    expect(secondPage.items.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    const last = await t.repos.runs.list({
      providerId,
      first: 2,
      after: secondPage.endCursor as string,
    });
    expect(last.items.map((r) => r.id)).toEqual([ids[0]]);
    expect(last.endCursor).toBeUndefined();

    expect(
      (await t.repos.runs.list({ providerId, status: ["cancelled"] })).items.map((r) => r.id),
    ).toEqual([ids[4]]);
    expect((await t.repos.runs.list({ providerId, dryRun: true })).items.map((r) => r.id)).toEqual([
      ids[4],
      ids[2],
      ids[0],
    ]);
    await expect(t.repos.runs.list({ after: "bm90LWEtdXVpZA" })).rejects.toThrow(/cursor/);
  });
}
