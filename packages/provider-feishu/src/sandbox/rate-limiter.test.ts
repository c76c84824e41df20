import { describe, expect, it } from "vitest";
import { SlidingWindowLimiter } from "./rate-limiter.ts";

describe("sliding window limiter", () => {
  it("refuses the 51st call within a second and says when a slot frees up", () => {
    const limiter = new SlidingWindowLimiter();
    for (let i = 0; i < 50; i++) expect(limiter.take("app", 1000 + i).allowed).toBe(true);
    expect(limiter.take("app", 1100)).toEqual({ allowed: false, limit: 50, resetSeconds: 1 });
    expect(limiter.take("other", 1100).allowed).toBe(true);
    expect(limiter.take("app", 2000).allowed).toBe(true); // the call at 1000 left the window
  });

  it("refuses the 1001st call within a minute", () => {
    const limiter = new SlidingWindowLimiter();
    for (let i = 0; i < 1000; i++) expect(limiter.take("app", i * 50).allowed).toBe(true);
    const refused = limiter.take("app", 50_000);
    expect(refused).toMatchObject({ allowed: false, limit: 1000 });
    expect(refused.allowed === false && refused.resetSeconds).toBe(10);
  });
});
