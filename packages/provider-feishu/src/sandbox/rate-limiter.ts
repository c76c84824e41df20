/**
 * Feishu's paired limits for the contact APIs (§5): 50 calls in any 1 s and 1000 in any 60 s, per
 * app. Sliding windows over the times of accepted calls; refused calls are not counted, so a
 * client that backs off for the announced time gets through.
 */

export interface LimitWindow {
  /** Window length in ms. */
  ms: number;
  /** Calls allowed within the window. */
  limit: number;
}

export const CONTACT_LIMITS: readonly LimitWindow[] = [
  { ms: 1_000, limit: 50 },
  { ms: 60_000, limit: 1_000 },
];

export type LimitDecision =
  | { allowed: true }
  | { allowed: false; limit: number; resetSeconds: number };

export class SlidingWindowLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(private readonly windows: readonly LimitWindow[] = CONTACT_LIMITS) {}

  /** Takes a slot for `key` at `now`, or says which window is full and when a slot frees up. */
  take(key: string, now: number): LimitDecision {
    const longest = Math.max(...this.windows.map((w) => w.ms));
    const times = (this.calls.get(key) ?? []).filter((t) => t > now - longest);
    this.calls.set(key, times);
    for (const window of this.windows) {
      const inWindow = times.filter((t) => t > now - window.ms);
      if (inWindow.length >= window.limit) {
        // The oldest call in the window leaves it at oldest + ms: that is when a slot frees up.
        const oldest = inWindow[inWindow.length - window.limit] ?? now;
        const resetSeconds = Math.max(1, Math.ceil((oldest + window.ms - now) / 1000));
        return { allowed: false, limit: window.limit, resetSeconds };
      }
    }
    times.push(now);
    return { allowed: true };
  }

  reset(): void {
    this.calls.clear();
  }
}
