import { describe, expect, it } from "vitest";
import { CancelledError, ConfigError, DirectoryError } from "../errors.ts";
import type { Operation } from "../model/operations.ts";
import { abortableSleep, backoffDelay } from "./backoff.ts";
import { type ExecuteOptions, executePlan } from "./execute.ts";
import { InvalidPlanError } from "./graph.ts";
import { ReadyQueue } from "./ready-queue.ts";
import type { ExecutionProgress, OperationResult } from "./types.ts";

// ---- test doubles ------------------------------------------------------------------------

/** A minimal operation; `enableUser`/`deleteGroup` carry no extra fields. */
function op(
  id: string,
  dependsOn: string[] = [],
  type: "enableUser" | "deleteGroup" = "enableUser",
): Operation {
  return {
    id,
    type,
    dependsOn,
    anchor: `feishu:${id}`,
    dn: `uid=${id},ou=people,dc=example,dc=com`,
  };
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** One scripted try: succeed, throw this error, or wait for this deferred / function. */
type Step = "ok" | Error | Deferred | ((signal?: AbortSignal) => Promise<void>);

/**
 * A scripted target: each operation id has a queue of steps, one per try (default "ok"). It
 * records start/end events and the peak number of concurrent `apply` calls.
 */
function scriptedTarget(script: Record<string, Step[]> = {}, defaultStep?: () => Step) {
  const events: string[] = [];
  const signals: (AbortSignal | undefined)[] = [];
  let inFlight = 0;
  const stats = { maxInFlight: 0, started: 0, ended: 0 };
  return {
    events,
    signals,
    stats,
    async apply(operation: Operation, options?: { signal?: AbortSignal }): Promise<void> {
      inFlight += 1;
      stats.started += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      events.push(`start:${operation.id}`);
      signals.push(options?.signal);
      try {
        const step = script[operation.id]?.shift() ?? defaultStep?.() ?? "ok";
        if (step instanceof Error) throw step;
        if (typeof step === "function") await step(options?.signal);
        else if (step !== "ok") await step.promise;
      } finally {
        inFlight -= 1;
        stats.ended += 1;
        events.push(`end:${operation.id}`);
      }
    },
  };
}

const transient = (message = "ldap: server busy") => new DirectoryError("transient", message);

/** Records retry waits without waiting. */
function recordingSleep() {
  const delays: number[] = [];
  const sleep = async (ms: number) => {
    delays.push(ms);
  };
  return { delays, sleep };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await tick();
  if (!condition()) throw new Error("condition never became true");
}

const byId = (results: OperationResult[]) => new Map(results.map((r) => [r.operationId, r]));

const fast: ExecuteOptions = { sleep: async () => {}, random: () => 1 };

// ---- tests -------------------------------------------------------------------------------

describe("executePlan: dependency graph", () => {
  it("starts every operation only after all its dependencies ended, under parallelism", async () => {
    // A layered DAG of 60 operations; each try takes a pseudo-random number of ticks.
    const ops: Operation[] = [];
    for (let i = 0; i < 60; i++) {
      const deps = i < 5 ? [] : [`op${(i * 7) % i}`, `op${(i * 13) % i}`, `op${i - 1 - (i % 5)}`];
      ops.push(op(`op${i}`, [...new Set(deps)]));
    }
    const target = scriptedTarget({}, () => async () => {
      for (let t = 0; t < (target.events.length * 31) % 4; t++) await tick();
    });
    const report = await executePlan(ops, target, { parallelism: 5 });

    expect(report.status).toBe("succeeded");
    const position = new Map(target.events.map((event, index) => [event, index]));
    for (const o of ops) {
      for (const dep of o.dependsOn) {
        expect(position.get(`end:${dep}`)).toBeLessThan(position.get(`start:${o.id}`) as number);
      }
    }
    expect(target.stats.maxInFlight).toBeGreaterThan(1);
    expect(target.stats.maxInFlight).toBeLessThanOrEqual(5);
  });

  it("starts ready operations in plan order, so parallelism 1 is deterministic", async () => {
    const target = scriptedTarget();
    const ops = [op("c"), op("a"), op("b", ["c"]), op("d")];
    await executePlan(ops, target, { parallelism: 1 });
    // b waits for c; a (ready from the start, earlier in the plan) goes before it.
    expect(target.events.filter((e) => e.startsWith("start:"))).toEqual([
      "start:c",
      "start:a",
      "start:b",
      "start:d",
    ]);
  });

  it("prefers a newly ready earlier operation over a later one that was ready all along", async () => {
    const target = scriptedTarget();
    await executePlan([op("a"), op("b", ["a"]), op("c")], target, { parallelism: 1 });
    expect(target.events.filter((e) => e.startsWith("start:"))).toEqual([
      "start:a",
      "start:b",
      "start:c",
    ]);
  });

  it("treats dependencies outside the plan as satisfied", async () => {
    const target = scriptedTarget();
    const report = await executePlan(
      [op("a", ["approved-elsewhere"]), op("b", ["a", "gone"])],
      target,
    );
    expect(report.status).toBe("succeeded");
    expect(report.results.map((r) => r.outcome)).toEqual(["succeeded", "succeeded"]);
  });

  it("throws on a cycle, listing its operation ids, before applying anything", async () => {
    const target = scriptedTarget();
    const ops = [op("free"), op("a", ["c"]), op("b", ["a"]), op("c", ["b"]), op("after", ["c"])];
    const error = await executePlan(ops, target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidPlanError);
    const invalid = error as InvalidPlanError;
    expect(invalid.reason).toBe("cycle");
    expect([...invalid.operationIds].sort()).toEqual(["a", "b", "c"]);
    expect(invalid.message).toMatch(/^executor: the plan has a dependency cycle: /);
    expect(invalid.message).toContain('"a" → "c" → "b" → "a"');
    expect(invalid.message).toContain("4 operation(s)");
    expect(target.stats.started).toBe(0);
  });

  it("reports a self-dependency as a cycle", async () => {
    await expect(executePlan([op("a", ["a"])], scriptedTarget())).rejects.toThrow(
      'executor: the plan has a dependency cycle: "a" → "a"',
    );
  });

  it("refuses duplicate operation ids", async () => {
    const error = await executePlan([op("a"), op("a")], scriptedTarget()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidPlanError);
    expect((error as InvalidPlanError).reason).toBe("duplicateId");
    expect((error as Error).message).toContain('"a" appears twice');
  });

  it("returns a succeeded, empty report for an empty plan", async () => {
    const report = await executePlan([], scriptedTarget());
    expect(report).toMatchObject({
      status: "succeeded",
      results: [],
      counts: { succeeded: 0, failed: 0, skipped: 0, cancelled: 0 },
    });
  });
});

describe("executePlan: parallelism", () => {
  async function peakWith(
    parallelism: number | undefined,
    capabilities?: { maxParallelism: number },
  ) {
    const gates = Array.from({ length: 12 }, () => deferred());
    const script = Object.fromEntries(gates.map((gate, i) => [`op${i}`, [gate]]));
    const target = { ...scriptedTarget(script), ...(capabilities ? { capabilities } : {}) };
    const ops = gates.map((_, i) => op(`op${i}`));
    const running = executePlan(ops, target, parallelism === undefined ? {} : { parallelism });
    // Release one in-flight operation at a time, in the order they started.
    for (let released = 0; released < gates.length; released++) {
      await until(() => target.stats.started > released);
      const startedId = target.events.filter((e) => e.startsWith("start:"))[released]?.slice(6);
      gates[Number(startedId?.slice(2))]?.resolve();
    }
    const report = await running;
    expect(report.counts.succeeded).toBe(12);
    return target.stats.maxInFlight;
  }

  it("never has more than `parallelism` apply calls in flight", async () => {
    expect(await peakWith(3)).toBe(3);
    expect(await peakWith(1)).toBe(1);
  });

  it("defaults to the target's maxParallelism, else 4", async () => {
    expect(await peakWith(undefined, { maxParallelism: 2 })).toBe(2);
    expect(await peakWith(undefined)).toBe(4);
  });

  it("rejects invalid options with a ConfigError naming them", async () => {
    const error = await executePlan([op("a")], scriptedTarget(), {
      parallelism: 0,
      retry: { attempts: 0 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      "executor: invalid options: parallelism must be a positive integer, got 0; retry.attempts must be a positive integer, got 0",
    );
  });
});

describe("executePlan: failures", () => {
  it("skips transitive dependants of a failure but still applies independent operations", async () => {
    const target = scriptedTarget({
      a: [new DirectoryError("schemaViolation", "ldap: object class violation", { dn: "cn=a" })],
    });
    const ops = [
      op("a"),
      op("b", ["a"]),
      op("c", ["b"]),
      op("d"),
      op("e", ["d", "a"]),
      op("f", ["d"]),
    ];
    const report = await executePlan(ops, target, fast);
    const r = byId(report.results);

    expect(r.get("a")).toMatchObject({
      outcome: "failed",
      category: "schemaViolation",
      attempts: 1,
    });
    expect(r.get("a")?.message).toBe("ldap: object class violation (dn: cn=a)");
    expect(r.get("a")?.details).toEqual({ dn: "cn=a" });
    expect(r.get("b")).toMatchObject({
      outcome: "skipped",
      category: "dependencyFailed",
      attempts: 0,
      message: 'executor: not attempted: dependency "a" failed',
    });
    expect(r.get("c")).toMatchObject({
      outcome: "skipped",
      category: "dependencyFailed",
      message: 'executor: not attempted: dependency "b" was skipped because "a" failed',
    });
    expect(r.get("e")).toMatchObject({ outcome: "skipped", category: "dependencyFailed" });
    expect(r.get("d")?.outcome).toBe("succeeded");
    expect(r.get("f")?.outcome).toBe("succeeded");
    expect(target.events).not.toContain("start:b");
    expect(target.events).not.toContain("start:c");
    expect(target.events).not.toContain("start:e");
    expect(report.status).toBe("partial");
    expect(report.counts).toEqual({ succeeded: 2, failed: 1, skipped: 3, cancelled: 0 });
    expect(report.results.map((x) => x.operationId)).toEqual(ops.map((o) => o.id));
  });

  it("reports errors that are not DirectoryErrors as `unknown` with their message", async () => {
    const target = scriptedTarget({ a: [new TypeError("boom")] });
    const report = await executePlan([op("a")], target, fast);
    expect(report.results[0]).toMatchObject({
      outcome: "failed",
      category: "unknown",
      message: "boom",
      attempts: 1,
    });
  });

  it("does not repeat a DN or attribute the message already names", async () => {
    const error = new DirectoryError("alreadyExists", "ldap: cn=a exists (mail)", {
      dn: "cn=a",
      attribute: "mail",
      code: 68,
    });
    const report = await executePlan([op("a")], scriptedTarget({ a: [error] }), fast);
    expect(report.results[0]?.message).toBe("ldap: cn=a exists (mail)");
    expect(report.results[0]?.details).toEqual({ dn: "cn=a", attribute: "mail", code: 68 });
  });
});

describe("executePlan: retries", () => {
  it("retries a transient error and counts the attempts", async () => {
    const { delays, sleep } = recordingSleep();
    const target = scriptedTarget({ a: [transient(), transient(), "ok"] });
    const report = await executePlan([op("a")], target, { sleep, random: () => 1 });
    expect(report.results[0]).toMatchObject({ outcome: "succeeded", attempts: 3 });
    expect(report.status).toBe("succeeded");
    expect(delays).toEqual([200, 400]);
  });

  it("fails with category transient once the attempts are used up", async () => {
    const { delays, sleep } = recordingSleep();
    const target = scriptedTarget({ a: [transient(), transient(), transient(), "ok"] });
    const report = await executePlan([op("a"), op("b", ["a"])], target, { sleep, random: () => 1 });
    expect(report.results[0]).toMatchObject({
      outcome: "failed",
      category: "transient",
      attempts: 3,
      message: "ldap: server busy (gave up after 3 attempts)",
    });
    expect(report.results[1]?.category).toBe("dependencyFailed");
    expect(delays).toHaveLength(2);
  });

  it("does not retry non-transient errors", async () => {
    const { delays, sleep } = recordingSleep();
    const target = scriptedTarget({
      a: [new DirectoryError("permission", "ldap: insufficient access"), "ok"],
    });
    const report = await executePlan([op("a")], target, { sleep });
    expect(report.results[0]).toMatchObject({
      outcome: "failed",
      category: "permission",
      attempts: 1,
    });
    expect(delays).toEqual([]);
    expect(target.stats.started).toBe(1);
  });

  it("grows the backoff exponentially and caps it", async () => {
    const { delays, sleep } = recordingSleep();
    const target = scriptedTarget({ a: Array.from({ length: 6 }, () => transient()) });
    await executePlan([op("a")], target, {
      sleep,
      random: () => 1,
      retry: { attempts: 6, baseDelayMs: 100, maxDelayMs: 500 },
    });
    expect(delays).toEqual([100, 200, 400, 500, 500]);
  });

  it("draws the wait with full jitter from [0, capped delay]", () => {
    const options = { baseDelayMs: 200, maxDelayMs: 5000 };
    expect(backoffDelay(0, options, () => 0.5)).toBe(100);
    expect(backoffDelay(3, options, () => 0.25)).toBe(400);
    expect(backoffDelay(10, options, () => 1)).toBe(5000);
    expect(backoffDelay(2, options, () => 0)).toBe(0);
    expect(backoffDelay(1, options, () => 7)).toBe(400);
  });
});

describe("executePlan: breaker", () => {
  const failing = () => new DirectoryError("permission", "ldap: insufficient access");

  it("stops starting operations when too many fail and skips the rest as breakerOpen", async () => {
    const ops = Array.from({ length: 30 }, (_, i) => op(`op${i}`));
    const target = scriptedTarget({}, failing);
    const report = await executePlan(ops, target, {
      ...fast,
      parallelism: 1,
      breaker: { minAttempts: 10, maxFailureRate: 0.5 },
    });
    expect(report.status).toBe("breakerOpen");
    expect(report.counts).toEqual({ succeeded: 0, failed: 10, skipped: 20, cancelled: 0 });
    expect(target.stats.started).toBe(10);
    expect(report.results[10]).toMatchObject({
      outcome: "skipped",
      category: "breakerOpen",
      attempts: 0,
      message:
        "executor: not attempted: breaker open: 10 of 10 attempted operations failed (limit 50%)",
    });
    expect(report.message).toBe(
      "executor: breaker open: 10 of 10 attempted operations failed (limit 50%)",
    );
  });

  it("lets in-flight operations finish when it opens", async () => {
    const ops = Array.from({ length: 40 }, (_, i) => op(`op${i}`));
    const target = scriptedTarget({}, () => async () => {
      await tick();
      throw failing();
    });
    const report = await executePlan(ops, target, {
      ...fast,
      parallelism: 4,
      breaker: { minAttempts: 5 },
    });
    expect(report.status).toBe("breakerOpen");
    expect(target.stats.ended).toBe(target.stats.started);
    expect(report.counts.failed).toBe(target.stats.started);
    expect(report.counts.failed).toBeGreaterThan(5);
    for (const result of report.results) {
      if (result.category === "breakerOpen") expect(result.attempts).toBe(0);
      else expect(result.outcome).toBe("failed");
    }
  });

  it("does not open below minAttempts or at/below the rate, and can be disabled", async () => {
    const ops = Array.from({ length: 30 }, (_, i) => op(`op${i}`));
    // Every other operation fails, successes first: never above 50%.
    let n = 0;
    const halfFailing = scriptedTarget({}, () => (n++ % 2 === 1 ? failing() : "ok"));
    const half = await executePlan(ops, halfFailing, {
      ...fast,
      parallelism: 1,
      breaker: { minAttempts: 2 },
    });
    expect(half.status).toBe("partial");
    expect(half.counts.failed).toBe(15);

    const allFailing = await executePlan(ops, scriptedTarget({}, failing), {
      ...fast,
      breaker: false,
    });
    expect(allFailing.status).toBe("partial");
    expect(allFailing.counts.failed).toBe(30);

    // Default minAttempts is 20: 19 failures out of 19 do not open it.
    const few = await executePlan(ops.slice(0, 19), scriptedTarget({}, failing), fast);
    expect(few.status).toBe("partial");
  });

  it("does not count dependency skips towards the failure rate", async () => {
    // One failed parent with 50 children, then 10 successes: 1 failure in 11 attempts.
    const ops = [op("root"), ...Array.from({ length: 50 }, (_, i) => op(`child${i}`, ["root"]))];
    ops.push(...Array.from({ length: 10 }, (_, i) => op(`ok${i}`)));
    const target = scriptedTarget({ root: [failing()] });
    const report = await executePlan(ops, target, { ...fast, breaker: { minAttempts: 5 } });
    expect(report.status).toBe("partial");
    expect(report.counts).toEqual({ succeeded: 10, failed: 1, skipped: 50, cancelled: 0 });
  });
});

describe("executePlan: cancellation", () => {
  it("starts nothing new once aborted, lets in-flight operations finish, cancels the rest", async () => {
    const gates = [deferred(), deferred()];
    const target = scriptedTarget({ op0: [gates[0] as Deferred], op1: [gates[1] as Deferred] });
    const ops = Array.from({ length: 10 }, (_, i) => op(`op${i}`));
    const controller = new AbortController();
    const results: OperationResult[] = [];
    const running = executePlan(ops, target, {
      parallelism: 2,
      signal: controller.signal,
      onResult: (r) => results.push(r),
    });
    await until(() => target.stats.started === 2);
    controller.abort();
    await tick();
    expect(results).toEqual([]); // nothing settles before the in-flight ones finish
    gates[0]?.resolve();
    gates[1]?.resolve();
    const report = await running;

    expect(target.stats.started).toBe(2);
    expect(target.signals).toEqual([controller.signal, controller.signal]);
    expect(report.status).toBe("cancelled");
    expect(report.counts).toEqual({ succeeded: 2, failed: 0, skipped: 0, cancelled: 8 });
    expect(report.results[5]).toMatchObject({
      outcome: "cancelled",
      category: "cancelled",
      attempts: 0,
      message: "executor: not attempted: the run was cancelled",
    });
    expect(results).toHaveLength(10);
  });

  it("marks an in-flight operation the target abandoned on abort as cancelled", async () => {
    const target = scriptedTarget({
      a: [
        (signal) =>
          new Promise<void>((_, reject) =>
            signal?.addEventListener("abort", () => reject(new Error("request aborted"))),
          ),
      ],
    });
    const controller = new AbortController();
    const running = executePlan([op("a"), op("b", ["a"]), op("c")], target, {
      parallelism: 1,
      signal: controller.signal,
    });
    await until(() => target.stats.started === 1);
    controller.abort();
    const report = await running;
    expect(report.status).toBe("cancelled");
    expect(report.results[0]).toMatchObject({
      outcome: "cancelled",
      category: "cancelled",
      attempts: 1,
      message: "executor: cancelled while applying: request aborted",
    });
    expect(report.results[1]).toMatchObject({ outcome: "skipped", category: "dependencyFailed" });
    expect(report.results[2]).toMatchObject({ outcome: "cancelled", attempts: 0 });
  });

  it("wakes a retry waiting in backoff when aborted", async () => {
    const target = scriptedTarget({ a: [transient(), "ok"] });
    const controller = new AbortController();
    // The real, abortable sleep with an hour-long backoff: only the abort can end this test.
    const running = executePlan([op("a"), op("b")], target, {
      parallelism: 1,
      signal: controller.signal,
      random: () => 1,
      retry: { baseDelayMs: 3_600_000, maxDelayMs: 3_600_000 },
    });
    await until(() => target.stats.ended === 1);
    controller.abort();
    const report = await running;
    expect(report.status).toBe("cancelled");
    expect(report.results[0]).toMatchObject({
      outcome: "cancelled",
      attempts: 1,
      message: "executor: cancelled while waiting to retry after: ldap: server busy",
    });
    expect(report.results[1]).toMatchObject({ outcome: "cancelled", attempts: 0 });
    expect(target.stats.started).toBe(1);
  });

  it("applies nothing when the signal is already aborted", async () => {
    const target = scriptedTarget();
    const report = await executePlan([op("a"), op("b")], target, { signal: AbortSignal.abort() });
    expect(report.status).toBe("cancelled");
    expect(report.counts.cancelled).toBe(2);
    expect(target.stats.started).toBe(0);
  });

  it("abortableSleep rejects with a CancelledError on abort", async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(3_600_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toBeInstanceOf(CancelledError);
    await expect(abortableSleep(1)).resolves.toBeUndefined();
  });
});

describe("executePlan: progress and results", () => {
  it("reports progress that ends at total, by type, with failed and skipped counts", async () => {
    const ops = [
      op("g1", [], "deleteGroup"),
      op("g2", [], "deleteGroup"),
      op("u1"),
      op("u2", ["g2"]),
      op("u3", ["u2"]),
    ];
    const target = scriptedTarget({
      g2: [new DirectoryError("notAllowedOnNonLeaf", "ldap: has children")],
    });
    const progress: ExecutionProgress[] = [];
    const results: OperationResult[] = [];
    await executePlan(ops, target, {
      ...fast,
      onProgress: (p) => progress.push(p),
      onResult: (r) => results.push(r),
    });

    const last = progress.at(-1);
    expect(last).toEqual({
      done: 5,
      total: 5,
      byType: { deleteGroup: { done: 2, total: 2 }, enableUser: { done: 3, total: 3 } },
      failed: 1,
      skipped: 2,
      succeeded: 2,
      cancelled: 0,
    });
    const dones = progress.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(results.map((r) => r.operationId).sort()).toEqual(["g1", "g2", "u1", "u2", "u3"]);
  });

  it("keeps running when onProgress or onResult throw or reject", async () => {
    const ops = Array.from({ length: 20 }, (_, i) => op(`op${i}`, i > 0 ? [`op${i - 1}`] : []));
    const report = await executePlan(ops, scriptedTarget(), {
      onProgress: () => {
        throw new Error("progress sink down");
      },
      onResult: async () => {
        throw new Error("log sink down");
      },
    });
    expect(report.status).toBe("succeeded");
    expect(report.counts.succeeded).toBe(20);
  });

  it("records a duration for attempted operations", async () => {
    const target = scriptedTarget({ a: [async () => new Promise((r) => setTimeout(r, 5))] });
    const report = await executePlan([op("a")], target);
    expect(report.results[0]?.durationMs).toBeGreaterThan(0);
    expect(report.durationMs).toBeGreaterThanOrEqual(report.results[0]?.durationMs ?? 0);
  });
});

describe("executePlan: scale", () => {
  const noop = { apply: async () => {} };

  it("runs 50k independent operations", async () => {
    const ops = Array.from({ length: 50_000 }, (_, i) => op(`op${i}`));
    let progressCalls = 0;
    const report = await executePlan(ops, noop, {
      parallelism: 16,
      onProgress: () => progressCalls++,
    });
    expect(report.counts.succeeded).toBe(50_000);
    expect(progressCalls).toBe(50_000);
  });

  it("runs a 20k-long chain, and skips all of it without deep recursion when its head fails", async () => {
    const ops = Array.from({ length: 20_000 }, (_, i) => op(`op${i}`, i > 0 ? [`op${i - 1}`] : []));
    const ok = await executePlan(ops, noop);
    expect(ok.counts.succeeded).toBe(20_000);

    const failed = await executePlan(
      ops,
      scriptedTarget({ op0: [new DirectoryError("invalidDn", "bad")] }),
      fast,
    );
    expect(failed.counts).toEqual({ succeeded: 0, failed: 1, skipped: 19_999, cancelled: 0 });
    expect(failed.results.at(-1)?.message).toBe(
      'executor: not attempted: dependency "op19998" was skipped because "op0" failed',
    );
  });

  it("runs a 20k fan-out and fan-in", async () => {
    const leaves = Array.from({ length: 20_000 }, (_, i) => op(`leaf${i}`, ["root"]));
    const ops = [
      op("root"),
      ...leaves,
      op(
        "sink",
        leaves.map((l) => l.id),
      ),
    ];
    const report = await executePlan(ops, noop, { parallelism: 8 });
    expect(report.counts.succeeded).toBe(20_002);
    expect(report.results.at(-1)?.outcome).toBe("succeeded");
  });

  it("breaker-skips a large remainder in one pass", async () => {
    const ops = Array.from({ length: 50_000 }, (_, i) => op(`op${i}`));
    const failing = {
      apply: async () => Promise.reject(new DirectoryError("permission", "denied")),
    };
    const report = await executePlan(ops, failing, { ...fast, parallelism: 1 });
    expect(report.status).toBe("breakerOpen");
    expect(report.counts.skipped).toBe(50_000 - 20);
  });
});

describe("ReadyQueue", () => {
  it("pops the smallest index first", () => {
    const queue = new ReadyQueue();
    const values = [5, 3, 9, 1, 7, 2, 8, 0, 6, 4, 3];
    for (const v of values) queue.push(v);
    const popped: number[] = [];
    for (let v = queue.pop(); v !== undefined; v = queue.pop()) popped.push(v);
    expect(popped).toEqual([...values].sort((a, b) => a - b));
    expect(queue.size).toBe(0);
  });
});
