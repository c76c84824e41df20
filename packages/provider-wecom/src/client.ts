import {
  AccessToken,
  type ApiAttempt,
  type ApiCallStats,
  type ApiFailure,
  callWithRetries,
  RateLimiter,
  SourceReadError,
  throwIfCancelled,
} from "@orgsync/core";
import { failureKind, fixFor } from "./codes.ts";
import type { WeComConfig } from "./config.ts";

/**
 * One WeCom connection over plain `fetch`: the shared access token, the rate limiter, timeouts,
 * and `call()`, the one door every request goes through (the core's `callWithRetries` decides
 * what is retried). WeCom answers HTTP 200 with `{errcode, errmsg}` even for errors, so success
 * is `errcode === 0`, never the status.
 */

export type WeComEnvelope = { errcode?: number; errmsg?: string } & Record<string, unknown>;

/** What a call is, for messages: `GET /cgi-bin/department/get for department 2`. */
export interface WeComEndpoint extends Subject {
  method: "GET" | "POST";
  /** @example "/cgi-bin/department/get" */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

/** Whom a call is about, named in its messages. */
type Subject = { departmentId?: string; userId?: string };

/** One answer that was not a success: an errcode, or no WeCom answer at all. */
export interface WeComFailure extends ApiFailure {
  code?: number;
  errmsg?: string;
  httpStatus?: number;
  cause?: unknown;
}

/** A call WeCom answered with a failure, after retries. Branch on `details.code`. */
export class WeComApiError extends SourceReadError {
  override name = "WeComApiError";
  constructor(
    message: string,
    readonly details: Omit<WeComFailure, "kind" | "cause"> & { endpoint: string } & Subject,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

type Attempt = ApiAttempt<WeComEnvelope, WeComFailure>;

export type WeComClientStats = ApiCallStats & { calls: number };

export class WeComClient {
  readonly stats: WeComClientStats = { calls: 0, retries: 0, tokenRefreshes: 0, rateLimited: 0 };
  readonly prefix: string;
  readonly #limiter: RateLimiter;
  readonly #tokenEndpoint: WeComEndpoint;
  #token: AccessToken<WeComFailure>;

  constructor(readonly config: WeComConfig) {
    this.prefix = `wecom (${config.flag})`;
    this.#limiter = new RateLimiter({
      windows: [{ limit: config.requestsPerMinute, windowMs: 60_000 }],
    });
    const query = { corpid: config.corpId, corpsecret: config.corpSecret };
    this.#tokenEndpoint = { method: "GET", path: "/cgi-bin/gettoken", query };
    this.#token = this.#newToken();
  }

  /**
   * Asks for a fresh token once, without retrying a refusal: test-connection tells 40013 (corp
   * id) from 40001 (secret) by the answer. A token it gets is the one later calls use.
   */
  requestToken(signal?: AbortSignal): Promise<string | WeComFailure> {
    this.#token = this.#newToken();
    return this.#token.get(signal, `${this.prefix}: token request`);
  }

  /** Calls one endpoint; resolves with the envelope when `errcode` is 0, else throws. */
  async call(endpoint: WeComEndpoint, signal?: AbortSignal): Promise<WeComEnvelope> {
    const result = await callWithRetries({
      attempt: (token) => this.#send(endpoint, token, signal),
      token: this.#token,
      policy: this.config.retry,
      limiter: this.#limiter,
      stats: this.stats,
      signal,
      what: `${this.prefix}: ${describe(endpoint)}`,
    });
    if ("ok" in result) return result.ok;
    const failed = result.tokenFailed ? this.#tokenEndpoint : endpoint;
    throw this.#error(failed, result.failure, result.attempts);
  }

  /**
   * WeCom limits gettoken too, and a second token does not invalidate the first: concurrent
   * callers share one request, renewed five minutes early so that a token never expires
   * between our check and WeCom's.
   */
  #newToken(): AccessToken<WeComFailure> {
    return new AccessToken<WeComFailure>(async () => {
      const answer = await this.#send(this.#tokenEndpoint, undefined, undefined);
      if ("failure" in answer) return answer;
      const { access_token: token, expires_in: ttl } = answer.ok;
      if (typeof token !== "string" || token === "") {
        return { failure: { kind: "fatal", errmsg: "answered without access_token" } };
      }
      return { ok: { token, expiresInSeconds: typeof ttl === "number" ? ttl : 7200 } };
    });
  }

  /** One HTTP exchange through the limiter, with a timeout, classified. */
  async #send(endpoint: WeComEndpoint, token?: string, signal?: AbortSignal): Promise<Attempt> {
    const what = `${this.prefix}: ${describe(endpoint)}`;
    await this.#limiter.acquire(signal, what);
    const url = new URL(`${this.config.baseUrl}${endpoint.path}`);
    const query = { ...(token !== undefined ? { access_token: token } : {}), ...endpoint.query };
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const timeout = AbortSignal.timeout(this.config.timeoutMs);
    const json = endpoint.body !== undefined;
    this.stats.calls++;
    let response: Response;
    try {
      response = await fetch(url, {
        method: endpoint.method,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        ...(json ? { body: JSON.stringify(endpoint.body) } : {}),
        ...(json ? { headers: { "content-type": "application/json" } } : {}),
      });
    } catch (error) {
      throwIfCancelled(signal, what);
      const errmsg = timeout.aborted
        ? `no answer within ${this.config.timeoutMs} ms`
        : error instanceof Error
          ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ""}`
          : String(error);
      return { failure: { kind: "transient", errmsg, cause: error } };
    }
    const text = await response.text().catch(() => "");
    const httpStatus = response.status;
    if (httpStatus >= 500 || httpStatus === 429) {
      const errmsg = text.replace(/<[^>]*>/g, " ").trim();
      return { failure: { kind: "transient", httpStatus, errmsg: errmsg.slice(0, 120) } };
    }
    let body: WeComEnvelope | undefined;
    try {
      body = JSON.parse(text);
    } catch {}
    const code = body?.errcode;
    if (typeof code !== "number") {
      const errmsg = `not a WeCom answer: ${text.slice(0, 120)}`;
      return { failure: { kind: response.ok ? "transient" : "fatal", httpStatus, errmsg } };
    }
    if (code === 0) return { ok: body as WeComEnvelope };
    const errmsg = typeof body?.errmsg === "string" ? body.errmsg : undefined;
    return { failure: { kind: failureKind(code), code, errmsg } };
  }

  #error(endpoint: WeComEndpoint, failure: WeComFailure, attempts: number): WeComApiError {
    const { code, errmsg, httpStatus, cause } = failure;
    const { departmentId, userId } = endpoint;
    const details = { code, errmsg, httpStatus, departmentId, userId };
    const answer = [
      code !== undefined && `errcode ${code}`,
      errmsg && `"${errmsg}"`,
      httpStatus !== undefined && `HTTP ${httpStatus}`,
    ].filter(Boolean);
    const fix =
      code !== undefined
        ? fixFor(code, { errmsg, departmentId })
        : failure.kind === "transient"
          ? `WeCom (${this.config.baseUrl}) kept failing; check the network, then run again`
          : undefined;
    return new WeComApiError(
      `${this.prefix}: ${describe(endpoint)} failed${attempts > 1 ? ` after ${attempts} attempts` : ""}: ${answer.join(" ") || "no answer"}${fix ? ` — ${fix}` : ""}`,
      { endpoint: `${endpoint.method} ${endpoint.path}`, ...details },
      cause === undefined ? undefined : { cause },
    );
  }
}

function describe({ method, path, departmentId, userId }: WeComEndpoint): string {
  const subject = departmentId ?? userId;
  const what = departmentId !== undefined ? "department" : "user";
  return `${method} ${path}${subject !== undefined ? ` for ${what} ${subject}` : ""}`;
}
