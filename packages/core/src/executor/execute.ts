import type { Operation } from "../model/operations.ts";
import { type AttemptOutcome, applyWithRetry } from "./apply-with-retry.ts";
import { FailureBreaker } from "./breaker.ts";
import { buildDependencyGraph } from "./graph.ts";
import { type ExecuteOptions, type ExecutionTarget, resolveExecuteOptions } from "./options.ts";
import { ProgressTracker } from "./progress.ts";
import { ReadyQueue } from "./ready-queue.ts";
import type { ExecutionReport, OperationResult } from "./types.ts";

export type { BreakerOptions, ExecuteOptions, ExecutionTarget, RetryOptions } from "./options.ts";

/** Where an operation is in its life; `settled` means its result is final. */
const WAITING = 0;
const RUNNING = 1;
const SETTLED = 2;

interface Stop {
  reason: "breakerOpen" | "cancelled";
  message: string;
}

/**
 * Applies a plan's operations to a target as a dependency graph: each operation once all of its
 * in-plan dependencies succeeded, at most `parallelism` at a time, ready operations in plan
 * order. A failure skips the operation's dependants (transitively) and nothing else; transient
 * errors are retried; a breaker and an `AbortSignal` can stop the run early. Resolves with one
 * result per operation, in input order; it rejects only for an invalid plan (`InvalidPlanError`:
 * duplicate ids, a dependency cycle) or invalid options (`ConfigError`), before applying anything.
 *
 * Bookkeeping is O(operations + dependencies) plus a heap for the ready queue, so plans of
 * 100k operations cost little beyond the target's own work.
 */
export function executePlan(
  operations: readonly Operation[],
  target: ExecutionTarget,
  options: ExecuteOptions = {},
): Promise<ExecutionReport> {
  const startedAt = performance.now();
  let config: ReturnType<typeof resolveExecuteOptions>;
  let graph: ReturnType<typeof buildDependencyGraph>;
  try {
    config = resolveExecuteOptions(options, target);
    graph = buildDependencyGraph(operations);
  } catch (error) {
    return Promise.reject(error);
  }

  const { parallelism, signal, onProgress, onResult } = config;
  const { dependantOffsets, dependants } = graph;
  const n = operations.length;
  const results: (OperationResult | undefined)[] = new Array(n);
  const state = new Uint8Array(n);
  const remaining = graph.dependencyCounts.slice();
  const tracker = new ProgressTracker(operations);
  const breaker = config.breaker
    ? new FailureBreaker(config.breaker.minAttempts, config.breaker.maxFailureRate)
    : undefined;
  const ready = new ReadyQueue();
  for (let i = 0; i < n; i++) if (remaining[i] === 0) ready.push(i);

  let inFlight = 0;
  let stop: Stop | undefined;
  let swept = 0;

  return new Promise<ExecutionReport>((resolve, reject) => {
    let finished = false;

    const onAbort = (): void => {
      stop ??= { reason: "cancelled", message: "executor: the run was cancelled" };
      guarded(maybeFinish);
    };

    function settle(index: number, result: OperationResult): void {
      state[index] = SETTLED;
      results[index] = result;
      tracker.record(result);
      safeCall(onResult, result);
    }

    function start(index: number): void {
      const op = operations[index] as Operation;
      state[index] = RUNNING;
      inFlight += 1;
      const began = performance.now();
      applyWithRetry(op, target, config).then(
        (attempt) =>
          guarded(() => {
            inFlight -= 1;
            finishAttempt(index, attempt, performance.now() - began);
            safeCall(onProgress, tracker.snapshot());
            pump();
            maybeFinish();
          }),
        // applyWithRetry turns every error into an outcome; reaching this is a bug in it.
        (error: unknown) => fail(error),
      );
    }

    function finishAttempt(index: number, attempt: AttemptOutcome, durationMs: number): void {
      const op = operations[index] as Operation;
      const base = { operationId: op.id, type: op.type, anchor: op.anchor, dn: op.dn };
      const { attempts } = attempt;
      if (attempt.outcome === "succeeded") {
        settle(index, { ...base, outcome: "succeeded", attempts, durationMs });
        release(index);
      } else if (attempt.outcome === "failed") {
        const { category, message, details } = attempt;
        const result: OperationResult = {
          ...base,
          outcome: "failed",
          category,
          message,
          attempts,
          durationMs,
        };
        if (details) result.details = details;
        settle(index, result);
        skipDependants(index, "failed");
      } else {
        const { message } = attempt;
        settle(index, {
          ...base,
          outcome: "cancelled",
          category: "cancelled",
          message,
          attempts,
          durationMs,
        });
        skipDependants(index, "was cancelled");
      }
      if (
        breaker &&
        attempt.outcome !== "cancelled" &&
        breaker.record(attempt.outcome === "failed")
      ) {
        stop ??= { reason: "breakerOpen", message: breaker.describe() };
      }
    }

    /** A dependency succeeded: dependants with nothing left to wait for become ready. */
    function release(index: number): void {
      const end = dependantOffsets[index + 1] as number;
      for (let e = dependantOffsets[index] as number; e < end; e++) {
        const d = dependants[e] as number;
        const left = (remaining[d] as number) - 1;
        remaining[d] = left;
        // A dependant may already be settled: skipped because another dependency failed.
        if (left === 0 && state[d] === WAITING) ready.push(d);
      }
    }

    /**
     * Skips everything downstream of a failed or cancelled operation, iteratively (a 100k-long
     * chain must not overflow the stack). Each message names the direct dependency and, when
     * that is itself a skip, the operation whose failure started it.
     */
    function skipDependants(root: number, how: "failed" | "was cancelled"): void {
      const rootId = (operations[root] as Operation).id;
      const stack = [root];
      for (let j = stack.pop(); j !== undefined; j = stack.pop()) {
        const depId = (operations[j] as Operation).id;
        const message =
          j === root
            ? `executor: not attempted: dependency "${depId}" ${how}`
            : `executor: not attempted: dependency "${depId}" was skipped because "${rootId}" ${how}`;
        const end = dependantOffsets[j + 1] as number;
        for (let e = dependantOffsets[j] as number; e < end; e++) {
          const d = dependants[e] as number;
          if (state[d] !== WAITING) continue;
          settle(
            d,
            notAttempted(operations[d] as Operation, "skipped", "dependencyFailed", message),
          );
          stack.push(d);
        }
      }
    }

    function pump(): void {
      while (stop === undefined && inFlight < parallelism) {
        const next = ready.pop();
        if (next === undefined) break;
        start(next);
      }
    }

    function maybeFinish(): void {
      if (finished) return;
      const settledAll = tracker.done === n;
      if (!settledAll && !(stop !== undefined && inFlight === 0)) {
        if (inFlight === 0 && ready.size === 0) {
          // Cannot happen after the cycle check; fail loudly rather than never resolve.
          fail(new Error("executor: internal error: operations left with nothing ready to run"));
        }
        return;
      }
      if (!settledAll && stop) sweep(stop);
      finished = true;
      signal?.removeEventListener("abort", onAbort);
      resolve(report());
    }

    /** The run stopped: whatever never started gets the stop's outcome, in plan order. */
    function sweep({ reason, message }: Stop): void {
      const outcome = reason === "cancelled" ? "cancelled" : "skipped";
      const resultMessage = `executor: not attempted: ${message.replace(/^executor: /, "")}`;
      for (let i = 0; i < n; i++) {
        if (state[i] !== WAITING) continue;
        settle(i, notAttempted(operations[i] as Operation, outcome, reason, resultMessage));
        swept += 1;
      }
      safeCall(onProgress, tracker.snapshot());
    }

    function report(): ExecutionReport {
      const counts = { ...tracker.counts };
      // Cancelled wins: if anything was cut short by the abort, the admin's action is the story.
      // A breaker that opened on the last operation left nothing unattempted: that is `partial`.
      const status =
        counts.cancelled > 0
          ? "cancelled"
          : stop?.reason === "breakerOpen" && swept > 0
            ? "breakerOpen"
            : counts.succeeded === n
              ? "succeeded"
              : "partial";
      const executionReport: ExecutionReport = {
        status,
        results: results as OperationResult[],
        counts,
        durationMs: performance.now() - startedAt,
      };
      if (stop && (status === "cancelled" || status === "breakerOpen")) {
        executionReport.message = stop.message;
      }
      return executionReport;
    }

    function fail(error: unknown): void {
      if (finished) return;
      finished = true;
      signal?.removeEventListener("abort", onAbort);
      reject(error);
    }

    function guarded(step: () => void): void {
      try {
        step();
      } catch (error) {
        fail(error);
      }
    }

    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
    guarded(() => {
      pump();
      maybeFinish();
    });
  });
}

/**
 * Calls a listener and ignores what it throws or rejects with: a broken progress sink must not
 * abort a half-applied run or lose its report.
 */
/** The result of an operation the run never started. */
function notAttempted(
  op: Operation,
  outcome: OperationResult["outcome"],
  category: NonNullable<OperationResult["category"]>,
  message: string,
): OperationResult {
  return {
    operationId: op.id,
    type: op.type,
    anchor: op.anchor,
    dn: op.dn,
    outcome,
    category,
    message,
    attempts: 0,
    durationMs: 0,
  };
}

function safeCall<T>(listener: ((value: T) => unknown) | undefined, value: T): void {
  if (!listener) return;
  try {
    const returned = listener(value);
    if (isPromiseLike(returned)) returned.then(undefined, () => {});
  } catch {
    // Deliberately ignored, see above.
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
