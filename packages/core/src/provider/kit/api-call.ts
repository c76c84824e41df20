import { raceAbort, sleep, throwIfCancelled } from "../../cancellation.ts";
import { backoffDelay } from "../../executor/backoff.ts";
import type { RateLimiter } from "./rate-limiter.ts";

/**
 * The retry loop and token handling every IM client needs, whatever its wire format: the client
 * says what one attempt answered (`ApiFailure.kind`), this decides whether and when to try again.
 *
 * - `rateLimited`: the IM throttles the app, not the call, so every call of the provider waits
 *   (`limiter.pauseUntil`), `waitMs` if the IM said how long, else 1 s growing per retry;
 * - `invalidToken`: the token is refreshed and the call repeated, a few times at most;
 * - `transient` (5xx, network, "busy"): backoff with full jitter up to `maxAttempts`;
 * - `fatal` (permissions, quotas, bad input): never repeated — retrying cannot fix it and would
 *   only spend the quota.
 */

export type ApiFailureKind = "rateLimited" | "invalidToken" | "transient" | "fatal";

export interface ApiFailure {
  kind: ApiFailureKind;
  /** How long the IM asked to wait (a reset header), in ms. */
  waitMs?: number;
}

export type ApiAttempt<T, F extends ApiFailure> = { ok: T } | { failure: F };

export interface ApiRetryPolicy {
  /** Attempts per call on transient failures, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Retries per call after rate-limit answers. */
  rateLimitRetries: number;
  /** First wait after a rate-limit answer that says no time; grows linearly per retry. */
  rateLimitDelayMs: number;
  /** Longest wait after one rate-limit answer. */
  maxRateLimitWaitMs: number;
}

export interface ApiCallStats {
  /** Calls repeated after any failure. */
  retries: number;
  tokenRefreshes: number;
  /** Rate-limit answers. */
  rateLimited: number;
}

/** Refreshes per call before a refused token counts as a failure (the secret was revoked). */
const MAX_TOKEN_REFRESHES = 3;

/**
 * An access token shared by every call of one provider: fetched once for concurrent callers,
 * renewed `renewEarlyMs` before it expires, and forgotten only while it is still the one refused
 * (several calls refused one token need one refresh, not one each).
 */
export class AccessToken<F extends ApiFailure> {
  #current: { value: string; expiresAt: number } | undefined;
  #pending: Promise<string | F> | undefined;
  readonly #request: () => Promise<ApiAttempt<{ token: string; expiresInSeconds: number }, F>>;
  readonly #renewEarlyMs: number;
  readonly #now: () => number;

  constructor(
    request: () => Promise<ApiAttempt<{ token: string; expiresInSeconds: number }, F>>,
    options: { renewEarlyMs?: number; now?: () => number } = {},
  ) {
    this.#request = request;
    this.#renewEarlyMs = options.renewEarlyMs ?? 300_000;
    this.#now = options.now ?? Date.now;
  }

  /** The token, or why none could be had. Not tied to one caller's signal: others wait on it. */
  get(signal: AbortSignal | undefined, what: string): Promise<string | F> {
    if (this.#current && this.#current.expiresAt > this.#now()) {
      return Promise.resolve(this.#current.value);
    }
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return raceAbort(this.#pending, signal, what);
  }

  invalidate(refused: string): void {
    if (this.#current?.value === refused) this.#current = undefined;
  }

  async #fetch(): Promise<string | F> {
    const answer = await this.#request();
    if ("failure" in answer) return answer.failure;
    const { token, expiresInSeconds } = answer.ok;
    this.#current = {
      value: token,
      expiresAt: this.#now() + Math.max(0, expiresInSeconds * 1000 - this.#renewEarlyMs),
    };
    return token;
  }
}

/**
 * Calls `attempt` with a token until it succeeds or a failure may not be retried. Returns the
 * last failure with the number of attempts made, so the client can say "after 6 attempts".
 */
export async function callWithRetries<T, F extends ApiFailure>(options: {
  attempt: (token: string) => Promise<ApiAttempt<T, F>>;
  token: AccessToken<F>;
  policy: ApiRetryPolicy;
  limiter: RateLimiter;
  stats: ApiCallStats;
  signal?: AbortSignal | undefined;
  /** Names the call in a cancellation message. */
  what: string;
  random?: () => number;
}): Promise<{ ok: T } | { failure: F; attempts: number; tokenFailed: boolean }> {
  const { policy, stats, signal, what } = options;
  const random = options.random ?? Math.random;
  let transient = 0;
  let rateLimits = 0;
  let refreshes = 0;
  for (let attempts = 1; ; attempts++) {
    throwIfCancelled(signal, what);
    const token = await options.token.get(signal, `${what}: token request`);
    const tokenFailed = typeof token !== "string";
    let failure: F;
    if (typeof token !== "string") {
      failure = token;
    } else {
      const answer = await options.attempt(token);
      if ("ok" in answer) return answer;
      failure = answer.failure;
      if (failure.kind === "invalidToken" && refreshes < MAX_TOKEN_REFRESHES) {
        refreshes++;
        stats.tokenRefreshes++;
        stats.retries++;
        options.token.invalidate(token);
        continue;
      }
    }
    if (failure.kind === "rateLimited" && rateLimits < policy.rateLimitRetries) {
      rateLimits++;
      stats.rateLimited++;
      stats.retries++;
      const waitMs = Math.min(
        failure.waitMs ?? policy.rateLimitDelayMs * rateLimits,
        policy.maxRateLimitWaitMs,
      );
      options.limiter.pauseUntil(Date.now() + waitMs);
      continue;
    }
    if (failure.kind === "transient" && transient + 1 < policy.maxAttempts) {
      stats.retries++;
      await sleep(backoffDelay(transient, policy, random), signal, what);
      transient++;
      continue;
    }
    return { failure, attempts, tokenFailed };
  }
}
