import { setMaxListeners } from "node:events";
import { CancelledError } from "../../errors.ts";

/**
 * Runs `work` for each input with at most `concurrency` in flight and yields what they emit, in
 * the order it arrives. The first failure stops the other workers and is what the iteration
 * throws: a read either completes or fails, it never ends short.
 */
export async function* concurrentEmit<T, R>(options: {
  inputs: Iterable<T>;
  concurrency: number;
  work: (input: T, emit: (batch: R[]) => void, signal: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /** Names the read in a cancellation message. */
  what: string;
}): AsyncGenerator<R> {
  const { signal: outer, what } = options;
  if (outer?.aborted) throw new CancelledError(`${what} cancelled`, { cause: outer.reason });
  const controller = new AbortController();
  // Each worker's call listens on this signal several times over (limiter, backoff, request):
  // many listeners are expected here, not a leak.
  setMaxListeners(Math.max(10, options.concurrency * 8), controller.signal);
  const buffer: R[][] = [];
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const onOuterAbort = () => {
    controller.abort(outer?.reason);
    notify();
  };
  outer?.addEventListener("abort", onOuterAbort, { once: true });

  const inputs = options.inputs[Symbol.iterator]();
  let running = 0;
  const worker = async () => {
    for (;;) {
      if (failure || controller.signal.aborted) return;
      const next = inputs.next();
      if (next.done) return;
      try {
        await options.work(
          next.value,
          (batch) => {
            if (batch.length === 0) return;
            buffer.push(batch);
            notify();
          },
          controller.signal,
        );
      } catch (error) {
        if (!failure) {
          failure = { error };
          // Stop the siblings: their pages cannot make a failed read whole.
          controller.abort(error);
        }
        return;
      }
    }
  };
  for (let i = 0; i < Math.max(1, options.concurrency); i++) {
    running++;
    void worker().finally(() => {
      running--;
      notify();
    });
  }

  try {
    for (;;) {
      if (outer?.aborted) throw new CancelledError(`${what} cancelled`, { cause: outer.reason });
      if (failure) throw failure.error;
      const batch = buffer.shift();
      if (batch) {
        for (const item of batch) yield item;
        continue;
      }
      if (running === 0) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    // Also reached when the consumer stops early: no worker keeps calling Feishu for nobody.
    controller.abort();
    outer?.removeEventListener("abort", onOuterAbort);
  }
}
