import { CancelledError } from "./errors.ts";

/**
 * Cancellation helpers every package with I/O shares: a cancelled run stops at the next await
 * with the core's `CancelledError`, never with a half-finished result. `what` names the work in
 * the message (`"feishu: department read"`, `"ldap: connection test"`).
 */

/** Throws `CancelledError` when `signal` has aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new CancelledError(`${what} cancelled`, { cause: signal.reason });
}

/**
 * Settles like `promise`, but rejects with `CancelledError` the moment `signal` aborts, for
 * awaits that cannot be cancelled themselves (a request already sent): the caller discards or
 * closes what the promise still holds.
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  what: string,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(new CancelledError(`${what} cancelled`, { cause: signal.reason }));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(new CancelledError(`${what} cancelled`, { cause: signal.reason }));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Waits `ms`, rejecting with `CancelledError` as soon as `signal` aborts: a cancelled run must
 * never sit out a backoff or a rate-limit pause.
 */
export function sleep(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError(`${what} cancelled`, { cause: signal.reason }));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError(`${what} cancelled`, { cause: signal?.reason }));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
