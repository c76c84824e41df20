import { describe, expect, it } from "vitest";
import { CancelledError } from "../../errors.ts";
import { AccessToken, type ApiFailure, callWithRetries } from "./api-call.ts";
import { RateLimiter } from "./rate-limiter.ts";

const POLICY = {
  maxAttempts: 3,
  baseDelayMs: 1,
  maxDelayMs: 2,
  rateLimitRetries: 2,
  rateLimitDelayMs: 1,
  maxRateLimitWaitMs: 5,
};

interface Failure extends ApiFailure {
  code: number;
}

function harness(
  answers: (Failure | "ok")[],
  tokens: (string | Failure)[] = ["t1", "t2", "t3", "t4"],
) {
  const issued = [...tokens];
  let tokenRequests = 0;
  const seen: string[] = [];
  const token = new AccessToken<Failure>(async () => {
    tokenRequests++;
    const next = issued.shift() ?? "late";
    return typeof next === "string"
      ? { ok: { token: next, expiresInSeconds: 7200 } }
      : { failure: next };
  });
  const stats = { retries: 0, tokenRefreshes: 0, rateLimited: 0 };
  const call = (signal?: AbortSignal) =>
    callWithRetries<string, Failure>({
      attempt: async (value) => {
        seen.push(value);
        const answer = answers.shift() ?? "ok";
        return answer === "ok" ? { ok: `answered with ${value}` } : { failure: answer };
      },
      token,
      policy: POLICY,
      limiter: new RateLimiter({ windows: [{ limit: 1000, windowMs: 1000 }] }),
      stats,
      signal,
      what: "im (x): GET /users",
      random: () => 0.5,
    });
  return { call, stats, seen, tokenRequests: () => tokenRequests };
}

describe("callWithRetries", () => {
  it("refreshes a refused token once for the call and retries rate limits and transient failures", async () => {
    const h = harness([
      { kind: "invalidToken", code: 42001 },
      { kind: "rateLimited", code: 45009 },
      { kind: "transient", code: -1 },
      "ok",
    ]);
    expect(await h.call()).toEqual({ ok: "answered with t2" });
    expect(h.seen).toEqual(["t1", "t2", "t2", "t2"]);
    expect(h.stats).toEqual({ retries: 3, tokenRefreshes: 1, rateLimited: 1 });
    expect(h.tokenRequests()).toBe(2);
  });

  it("never repeats a fatal failure, and gives up on the others after their limits", async () => {
    const fatal = harness([{ kind: "fatal", code: 60011 }]);
    expect(await fatal.call()).toEqual({
      failure: { kind: "fatal", code: 60011 },
      attempts: 1,
      tokenFailed: false,
    });
    expect(fatal.seen).toHaveLength(1);

    const transient = harness(Array(5).fill({ kind: "transient", code: 500 }));
    expect(await transient.call()).toMatchObject({ attempts: 3, failure: { code: 500 } });
    const throttled = harness(Array(5).fill({ kind: "rateLimited", code: 90002 }));
    expect(await throttled.call()).toMatchObject({ attempts: 3, failure: { code: 90002 } });
  });

  it("reports a token that cannot be had as the failure, marked as the token's", async () => {
    const h = harness([], [{ kind: "fatal", code: 40001 }]);
    expect(await h.call()).toEqual({
      failure: { kind: "fatal", code: 40001 },
      attempts: 1,
      tokenFailed: true,
    });
    expect(h.seen).toEqual([]);
  });

  it("stops with CancelledError when the signal aborts", async () => {
    const h = harness([]);
    const controller = new AbortController();
    controller.abort();
    await expect(h.call(controller.signal)).rejects.toBeInstanceOf(CancelledError);
  });
});

describe("AccessToken", () => {
  it("fetches once for concurrent callers, renews early, and forgets only the refused token", async () => {
    let now = 0;
    let requests = 0;
    const token = new AccessToken<ApiFailure>(
      async () => ({ ok: { token: `t${++requests}`, expiresInSeconds: 600 } }),
      { renewEarlyMs: 300_000, now: () => now },
    );
    const [a, b] = await Promise.all([token.get(undefined, "x"), token.get(undefined, "x")]);
    expect([a, b, requests]).toEqual(["t1", "t1", 1]);
    token.invalidate("t0");
    expect(await token.get(undefined, "x")).toBe("t1");
    now = 300_001;
    expect(await token.get(undefined, "x")).toBe("t2");
    token.invalidate("t2");
    expect(await token.get(undefined, "x")).toBe("t3");
  });
});
