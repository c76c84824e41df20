import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter.ts";

describe("RateLimiter", () => {
  it("never lets more than `limit` calls into any window", async () => {
    const limiter = new RateLimiter({
      windows: [{ limit: 5, windowMs: 100 }],
      margin: 0,
      minMarginMs: 0,
    });
    const stamps: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        await limiter.acquire(undefined, "test");
        stamps.push(Date.now());
      }),
    );
    stamps.sort((a, b) => a - b);
    for (let i = 5; i < stamps.length; i++) {
      expect((stamps[i] as number) - (stamps[i - 5] as number)).toBeGreaterThanOrEqual(99);
    }
    // 12 calls at 5 per 100 ms need two full windows, and not much more.
    expect((stamps.at(-1) as number) - (stamps[0] as number)).toBeLessThan(300);
  });

  it("holds every caller during a pause (after a 429)", async () => {
    const limiter = new RateLimiter({ windows: [{ limit: 100, windowMs: 1000 }] });
    const started = Date.now();
    limiter.pauseUntil(started + 80);
    await limiter.acquire(undefined, "test");
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });

  it("rejects a waiting caller with CancelledError when its signal aborts, and serves the next", async () => {
    const limiter = new RateLimiter({ windows: [{ limit: 1, windowMs: 10_000 }] });
    await limiter.acquire(undefined, "test");
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal, "feishu (x): read");
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "CancelledError" });
  });
});
