import { CancelledError } from "@orgsync/core";

// The other cancellation helpers are the core's, shared with the LDAP target.
export { raceAbort, throwIfCancelled } from "@orgsync/core";

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
