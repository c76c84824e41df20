import { CancelledError } from "../errors.ts";

/**
 * Delay before retry number `retry` (0 for the first retry): exponential, capped, with full
 * jitter. Full jitter (a uniform draw in `[0, cap]`) rather than a fixed delay so that many
 * operations failing together on a busy server do not come back in lock-step.
 */
export function backoffDelay(
  retry: number,
  options: { baseDelayMs: number; maxDelayMs: number },
  random: () => number,
): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  // Clamp: an injected random() outside [0, 1] must not turn into a negative or uncapped wait.
  const draw = Math.min(1, Math.max(0, random()));
  return draw * cap;
}

/**
 * Waits `ms`, or rejects with a `CancelledError` as soon as `signal` aborts, so that a run
 * being cancelled never waits out a backoff.
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError("executor: cancelled while waiting to retry"));
      return;
    }
    function onAbort(): void {
      clearTimeout(timer);
      reject(new CancelledError("executor: cancelled while waiting to retry"));
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
