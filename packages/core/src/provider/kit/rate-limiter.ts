import { sleep } from "../../cancellation.ts";

/**
 * The client-side limiter every HTTP request of one provider passes through (token requests
 * included), so that a read stays under the IM's limits (Feishu: 50/s and 1000/min per API, app
 * and tenant; DingTalk and WeCom have their own) instead of learning them from rate-limit errors.
 *
 * Sliding windows rather than refilling buckets: a bucket of 1000/min refilled continuously lets
 * ~1016 calls into some 60-second span, which a sliding-window server counts as over the limit.
 * A sliding window is never looser than whatever window the server uses (fixed or sliding).
 */

export interface RateWindow {
  /**
   * Calls allowed in any span of `windowMs`.
   * @example 50
   */
  limit: number;
  /**
   * Length of the span.
   * @example 1000
   */
  windowMs: number;
}

export interface RateLimiterOptions {
  windows: RateWindow[];
  /**
   * Extra length added to each window, as a share of it. Requests arrive at the server later than
   * we send them, and not all equally late; the margin keeps jitter from squeezing 51 calls into
   * the server's second.
   * @default 0.02
   * @example 0
   */
  margin?: number;
  /**
   * The least extra length of a window, in ms: jitter does not shrink with the window. 50 ms
   * still let a 429 through now and then against an in-process sandbox; 75 ms did not.
   * @default 75
   * @example 0
   */
  minMarginMs?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

export class RateLimiter {
  readonly #windows: { limit: number; spanMs: number; stamps: number[] }[];
  readonly #now: () => number;
  #pausedUntil = 0;
  #tail: Promise<void> = Promise.resolve();
  /** Total time callers spent waiting for a slot, in ms. */
  waitedMs = 0;

  constructor(options: RateLimiterOptions) {
    const margin = options.margin ?? 0.02;
    const minMarginMs = options.minMarginMs ?? 75;
    this.#windows = options.windows.map((window) => ({
      limit: window.limit,
      spanMs: Math.ceil(window.windowMs + Math.max(window.windowMs * margin, minMarginMs)),
      stamps: [],
    }));
    this.#now = options.now ?? Date.now;
  }

  /**
   * Holds every caller until `until` (epoch ms): after a 429 the whole app is throttled, not just
   * the call that saw it.
   */
  pauseUntil(until: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
  }

  /** Waits for a slot; callers are served first come, first served. */
  async acquire(signal: AbortSignal | undefined, what: string): Promise<void> {
    const previous = this.#tail;
    let release = () => {};
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await waitFor(previous, signal, what);
      for (;;) {
        const now = this.#now();
        const readyAt = this.#readyAt(now);
        if (readyAt <= now) {
          for (const window of this.#windows) window.stamps.push(now);
          return;
        }
        this.waitedMs += readyAt - now;
        await sleep(readyAt - now, signal, what);
      }
    } finally {
      // A caller that gave up (aborted) still passes its turn on only after the one before it,
      // so the queue's order holds.
      previous.then(release, release);
    }
  }

  #readyAt(now: number): number {
    let readyAt = this.#pausedUntil;
    for (const window of this.#windows) {
      const { stamps, limit, spanMs } = window;
      while (stamps.length > 0 && (stamps[0] as number) <= now - spanMs) stamps.shift();
      if (stamps.length >= limit) {
        readyAt = Math.max(readyAt, (stamps[stamps.length - limit] as number) + spanMs);
      }
    }
    return readyAt;
  }
}

function waitFor(
  previous: Promise<void>,
  signal: AbortSignal | undefined,
  what: string,
): Promise<void> {
  if (!signal) return previous;
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      sleep(0, signal, what).catch(reject);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    if (signal.aborted) onAbort();
    previous.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}
