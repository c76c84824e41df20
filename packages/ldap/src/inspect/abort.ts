import { CancelledError } from "@orgsync/core";

/** Throws the core's `CancelledError` when `signal` has aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted)
    throw new CancelledError(`ldap: ${what} cancelled`, { cause: signal.reason });
}

/**
 * Settles like `promise`, but rejects with `CancelledError` as soon as `signal` aborts: an LDAP
 * request already sent cannot be taken back, so the caller closes the connection afterwards.
 */
export function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  what: string,
): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(new CancelledError(`ldap: ${what} cancelled`, { cause: signal.reason }));
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
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
