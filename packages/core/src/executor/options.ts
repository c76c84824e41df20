import { ConfigError } from "../errors.ts";
import type { DirectoryTarget, TargetCapabilities } from "../target/target.ts";
import { abortableSleep } from "./backoff.ts";
import type { ExecutionProgress, OperationResult } from "./types.ts";

/**
 * What the executor needs of a target: `apply`, and optionally `capabilities.maxParallelism`
 * for the default parallelism. A full `DirectoryTarget` fits, and so does a bare `{ apply }`.
 */
export type ExecutionTarget = Pick<DirectoryTarget, "apply"> & {
  readonly capabilities?: Partial<Pick<TargetCapabilities, "maxParallelism">>;
};

/** How transient failures are retried. */
export interface RetryOptions {
  /**
   * Tries in total for an operation whose error is transient (`isTransient`), the first one
   * included; `1` disables retries. Non-transient errors are never retried.
   * @default 3
   * @example { attempts: 5 }
   */
  attempts?: number;
  /**
   * Delay before the first retry, doubled for each further one (`baseDelayMs × 2^n`), before
   * full jitter draws the actual wait uniformly from `[0, that]`.
   * @default 200
   * @example { baseDelayMs: 500 }
   */
  baseDelayMs?: number;
  /**
   * Upper bound of the exponential delay, applied before the jitter.
   * @default 5000
   * @example { maxDelayMs: 30_000 }
   */
  maxDelayMs?: number;
}

/** When the executor gives up on a run because too much fails. */
export interface BreakerOptions {
  /**
   * Attempted operations (succeeded or failed; skipped and cancelled ones do not count) before
   * the failure rate is looked at, so that one early failure does not stop a run.
   * @default 20
   * @example { minAttempts: 50 }
   */
  minAttempts?: number;
  /**
   * The breaker opens when the share of failed attempted operations is above this (0..1).
   * @default 0.5
   * @example { maxFailureRate: 0.2 }
   */
  maxFailureRate?: number;
}

export interface ExecuteOptions {
  /**
   * Most `apply` calls in flight at once; an operation waiting to retry keeps its slot, so a
   * struggling server is not handed more work while it recovers.
   * @default target.capabilities.maxParallelism when the target has it, else 4
   * @example { parallelism: 8 }
   */
  parallelism?: number;
  /**
   * Retries of transient failures, with capped exponential backoff and full jitter.
   * @default { attempts: 3, baseDelayMs: 200, maxDelayMs: 5000 }
   * @example { retry: { attempts: 5, maxDelayMs: 10_000 } }
   */
  retry?: RetryOptions;
  /**
   * Stops starting operations when too many fail (e.g. the directory went read-only or the
   * bind lost its rights): the rest are skipped with category `breakerOpen`, operations in
   * flight finish, and the report's status is `breakerOpen`. `false` disables it.
   * @default { minAttempts: 20, maxFailureRate: 0.5 }
   * @example { breaker: { minAttempts: 100, maxFailureRate: 0.1 } }
   * @example { breaker: false }
   */
  breaker?: BreakerOptions | false;
  /**
   * Cancels the run: nothing new starts, operations not started are `cancelled`, a retry
   * waiting in backoff stops waiting, and the signal is passed to `target.apply` so that a
   * target can abandon a request. An operation whose `apply` rejects after the abort is
   * `cancelled` too, unless the target answered with a non-transient `DirectoryError` (then
   * the directory's answer is what happened, and it is `failed`).
   * @default undefined (the run cannot be cancelled)
   * @example { signal: AbortSignal.timeout(10 * 60_000) }
   */
  signal?: AbortSignal;
  /**
   * Called after each operation finishes, and after each batch of operations settled together
   * (dependants skipped with a failure, the rest skipped or cancelled when the run stops); the
   * last call has `done === total`. A callback that throws (or returns a rejected promise) is
   * ignored: reporting must never change what is applied, nor lose the report of what was.
   * @default undefined
   * @example { onProgress: (p) => job.updateProgress(p.done, p.total) }
   */
  onProgress?: (progress: ExecutionProgress) => void;
  /**
   * Called once per operation when its outcome is final (succeeded, failed, skipped or
   * cancelled), e.g. to stream the per-object log. Errors it throws are ignored, as for
   * `onProgress`.
   * @default undefined
   * @example { onResult: (r) => runLog.append(r) }
   */
  onResult?: (result: OperationResult) => void;
  /**
   * Waits between retries. Must resolve after `ms`, and should reject (or resolve early) when
   * `signal` aborts; injectable so tests neither wait nor depend on timers.
   * @default an abortable `setTimeout`
   * @example { sleep: async (ms) => { delays.push(ms); } }
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Source of jitter in `[0, 1]`; `() => 1` makes every wait the full capped delay.
   * @default Math.random
   * @example { random: () => 0.5 }
   */
  random?: () => number;
}

export interface ResolvedExecuteOptions {
  parallelism: number;
  retry: Required<RetryOptions>;
  breaker: Required<BreakerOptions> | undefined;
  signal: AbortSignal | undefined;
  onProgress: ((progress: ExecutionProgress) => void) | undefined;
  onResult: ((result: OperationResult) => void) | undefined;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

const DEFAULT_PARALLELISM = 4;

/** Fills in defaults and refuses values that would hang or misbehave, naming the option. */
export function resolveExecuteOptions(
  options: ExecuteOptions,
  target: ExecutionTarget,
): ResolvedExecuteOptions {
  const issues: { path: string; message: string }[] = [];
  const check = (path: string, ok: boolean, message: string): void => {
    if (!ok) issues.push({ path, message });
  };

  const fromTarget = target.capabilities?.maxParallelism;
  const parallelism = options.parallelism ?? fromTarget ?? DEFAULT_PARALLELISM;
  check(
    options.parallelism === undefined && fromTarget !== undefined
      ? "target.capabilities.maxParallelism"
      : "parallelism",
    Number.isInteger(parallelism) && parallelism >= 1,
    `must be a positive integer, got ${parallelism}`,
  );

  const retry = {
    attempts: options.retry?.attempts ?? 3,
    baseDelayMs: options.retry?.baseDelayMs ?? 200,
    maxDelayMs: options.retry?.maxDelayMs ?? 5000,
  };
  check(
    "retry.attempts",
    Number.isInteger(retry.attempts) && retry.attempts >= 1,
    `must be a positive integer, got ${retry.attempts}`,
  );
  check(
    "retry.baseDelayMs",
    retry.baseDelayMs >= 0,
    `must be a number ≥ 0, got ${retry.baseDelayMs}`,
  );
  check("retry.maxDelayMs", retry.maxDelayMs >= 0, `must be a number ≥ 0, got ${retry.maxDelayMs}`);

  let breaker: Required<BreakerOptions> | undefined;
  if (options.breaker !== false) {
    breaker = {
      minAttempts: options.breaker?.minAttempts ?? 20,
      maxFailureRate: options.breaker?.maxFailureRate ?? 0.5,
    };
    check(
      "breaker.minAttempts",
      Number.isInteger(breaker.minAttempts) && breaker.minAttempts >= 1,
      `must be a positive integer, got ${breaker.minAttempts}`,
    );
    check(
      "breaker.maxFailureRate",
      breaker.maxFailureRate >= 0 && breaker.maxFailureRate <= 1,
      `must be between 0 and 1, got ${breaker.maxFailureRate}`,
    );
  }

  if (issues.length > 0) {
    const list = issues.map((issue) => `${issue.path} ${issue.message}`).join("; ");
    throw new ConfigError(`executor: invalid options: ${list}`, issues);
  }

  return {
    parallelism,
    retry,
    breaker,
    signal: options.signal,
    onProgress: options.onProgress,
    onResult: options.onResult,
    sleep: options.sleep ?? abortableSleep,
    random: options.random ?? Math.random,
  };
}
