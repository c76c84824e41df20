import { DirectoryError, type DirectoryErrorCategory, isTransient } from "../errors.ts";
import type { Operation } from "../model/operations.ts";
import { backoffDelay } from "./backoff.ts";
import { describeError } from "./describe-error.ts";
import type { ExecutionTarget, ResolvedExecuteOptions } from "./options.ts";

/** How one attempted operation ended. Never a rejection: every error becomes an outcome. */
export type AttemptOutcome =
  | { outcome: "succeeded"; attempts: number }
  | {
      outcome: "failed";
      attempts: number;
      category: DirectoryErrorCategory;
      message: string;
      details?: DirectoryError["details"];
    }
  | { outcome: "cancelled"; attempts: number; message: string };

/** Applies one operation, retrying transient errors with backoff until it succeeds or gives up. */
export async function applyWithRetry(
  operation: Operation,
  target: ExecutionTarget,
  options: Pick<ResolvedExecuteOptions, "retry" | "signal" | "sleep" | "random">,
): Promise<AttemptOutcome> {
  const { retry, signal, sleep, random } = options;
  const applyOptions = signal ? { signal } : {};
  let attempts = 0;
  for (;;) {
    attempts += 1;
    let error: unknown;
    try {
      await target.apply(operation, applyOptions);
      return { outcome: "succeeded", attempts };
    } catch (caught) {
      error = caught;
    }

    const described = describeError(error);
    if (signal?.aborted && !isDirectoryAnswer(error)) {
      // Most likely the target gave up because of the abort; calling that a failure would
      // blame the directory for the admin's cancel.
      return {
        outcome: "cancelled",
        attempts,
        message: `executor: cancelled while applying: ${described.message}`,
      };
    }
    if (!isTransient(error) || attempts >= retry.attempts) {
      const message =
        attempts > 1
          ? `${described.message} (gave up after ${attempts} attempts)`
          : described.message;
      return { outcome: "failed", attempts, ...described, message };
    }

    try {
      await sleep(backoffDelay(attempts - 1, retry, random), signal);
    } catch (sleepError) {
      if (!signal?.aborted) {
        // An injected sleep that fails for its own reasons: report it, with what was retried.
        const { message } = describeError(sleepError);
        return {
          outcome: "failed",
          attempts,
          ...described,
          message: `${described.message} (retry wait failed: ${message})`,
        };
      }
    }
    // Checked after the wait too: an injected sleep may resolve early instead of rejecting.
    if (signal?.aborted) {
      return {
        outcome: "cancelled",
        attempts,
        message: `executor: cancelled while waiting to retry after: ${described.message}`,
      };
    }
  }
}

/** A definite answer from the directory (not a dropped connection or an abort of our own). */
function isDirectoryAnswer(error: unknown): boolean {
  return error instanceof DirectoryError && error.category !== "transient";
}
