import {
  AccessToken,
  type ApiAttempt,
  type ApiCallStats,
  type ApiFailure,
  CancelledError,
  callWithRetries,
  RateLimiter,
  SourceReadError,
} from "@orgsync/core";
import {
  DINGTALK_CODES,
  failureKind,
  fixFor,
  LEAVE_PERMISSION_FIX,
  QUOTA_MESSAGE,
} from "./codes.ts";
import type { DingTalkConfig } from "./config.ts";

/**
 * One DingTalk connection over `fetch`: the shared access token, the rate limiter, timeouts, and
 * `call()`, the one door every API call goes through (the kit's `callWithRetries` decides what is
 * retried). oapi answers HTTP 200 with `{errcode, errmsg}` for failures too; the v1.0 API
 * (`/v1.0/…`, on `apiBaseUrl`, token in a header) uses the HTTP status.
 */

export interface DingTalkRequest {
  method: "GET" | "POST";
  /** `/topapi/…` on the oapi host (token in `?access_token=`), `/v1.0/…` on the v1.0 host. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** For messages: `POST /topapi/v2/user/list for department 12`. */
  departmentId?: string;
  userId?: string;
}

/** Why one attempt failed. */
export interface DingTalkFailure extends ApiFailure {
  errcode?: number;
  errmsg?: string;
  httpStatus?: number;
}

export type DingTalkErrorDetails = Omit<DingTalkFailure, "kind" | "waitMs"> &
  Pick<DingTalkRequest, "departmentId" | "userId"> & {
    /** `POST /topapi/v2/user/list` */
    endpoint: string;
  };

/** A call DingTalk answered with a failure, after retries. Branch on `errcode`, never on text. */
export class DingTalkApiError extends SourceReadError {
  override name = "DingTalkApiError";
  constructor(
    message: string,
    readonly details: DingTalkErrorDetails,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** `retries`, `tokenRefreshes` and `rateLimited` (90002, 90018, 90019, HTTP 429) as the kit counts. */
export interface DingTalkClientStats extends ApiCallStats {
  /** HTTP requests sent, token requests included. */
  calls: number;
}

type Body = Record<string, unknown>;

export class DingTalkClient {
  readonly stats: DingTalkClientStats = { calls: 0, retries: 0, tokenRefreshes: 0, rateLimited: 0 };
  readonly prefix: string;
  readonly #limiter: RateLimiter;
  readonly #token: AccessToken<DingTalkFailure>;

  constructor(readonly config: DingTalkConfig) {
    this.prefix = `dingtalk (${config.flag})`;
    this.#limiter = new RateLimiter({
      windows: [{ limit: config.requestsPerSecond, windowMs: 1000 }],
    });
    // Renewed five minutes early (the kit's default) so a token never expires in flight.
    this.#token = new AccessToken(async () => {
      const query = { appkey: config.appKey, appsecret: config.appSecret };
      const request = { method: "GET", path: "/gettoken", query } as const;
      const answer = await this.#send(request, `${this.prefix}: token request`);
      if ("failure" in answer) return answer;
      const token = answer.ok.access_token;
      if (typeof token !== "string" || token === "") {
        return { failure: { kind: "fatal", errmsg: "gettoken answered without access_token" } };
      }
      return { ok: { token, expiresInSeconds: Number(answer.ok.expires_in ?? 7200) } };
    });
  }

  /** The token every call uses, or why DingTalk would not issue one. */
  token(signal: AbortSignal | undefined): Promise<string | DingTalkFailure> {
    return this.#token.get(signal, `${this.prefix}: token request`);
  }

  /**
   * One API call, retried as `callWithRetries` says; the body when DingTalk answered success.
   * Permission, scope, quota and credential answers throw at once with what to fix.
   */
  async call<T = Body>(request: DingTalkRequest, signal?: AbortSignal): Promise<T> {
    const what = `${this.prefix}: ${describe(request)}`;
    const result = await callWithRetries({
      attempt: (token) => this.#send(request, what, token, signal),
      token: this.#token,
      policy: this.config.retry,
      limiter: this.#limiter,
      stats: this.stats,
      signal,
      what,
    });
    if ("ok" in result) return result.ok as T;
    const failed = result.tokenFailed ? ({ method: "GET", path: "/gettoken" } as const) : request;
    throw this.#error(failed, result.failure, result.attempts);
  }

  async #send(
    request: DingTalkRequest,
    what: string,
    token?: string,
    signal?: AbortSignal,
  ): Promise<ApiAttempt<Body, DingTalkFailure>> {
    await this.#limiter.acquire(signal, what);
    const v1 = request.path.startsWith("/v1.0/");
    const base = v1 ? this.config.apiBaseUrl : this.config.baseUrl;
    const query = new URLSearchParams(request.query);
    if (token !== undefined && !v1) query.set("access_token", token);
    const search = query.toString();
    const headers: Record<string, string> = {};
    if (request.body !== undefined) headers["content-type"] = "application/json";
    if (token !== undefined && v1) headers["x-acs-dingtalk-access-token"] = token;
    const timeout = AbortSignal.timeout(this.config.timeoutMs);
    try {
      this.stats.calls++;
      const response = await fetch(`${base}${request.path}${search ? `?${search}` : ""}`, {
        method: request.method,
        headers,
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      return classify(v1, response.status, await response.text());
    } catch (error) {
      if (signal?.aborted) throw new CancelledError(`${what} cancelled`, { cause: error });
      const reason = timeout.aborted
        ? `no answer within ${this.config.timeoutMs} ms`
        : messageOf(error);
      return { failure: { kind: "transient", errmsg: `${base}: ${reason}` } };
    }
  }

  #error(request: DingTalkRequest, failure: DingTalkFailure, attempts: number): DingTalkApiError {
    const where = describe(request);
    const { departmentId, userId } = request;
    const { kind, waitMs: _, ...answer } = failure;
    const details = {
      endpoint: `${request.method} ${request.path}`,
      ...(departmentId !== undefined ? { departmentId } : {}),
      ...(userId !== undefined ? { userId } : {}),
      ...answer,
    };
    if (failure.errcode === DINGTALK_CODES.freeQuotaUsedUp) {
      return new DingTalkApiError(`${this.prefix}: ${QUOTA_MESSAGE} (at ${where})`, details);
    }
    const fix =
      failure.errcode !== undefined
        ? fixFor(failure.errcode, request)
        : request.path.includes("empLeaveRecords") && failure.httpStatus === 403
          ? `the app may not read resignation records: ${LEAVE_PERMISSION_FIX}`
          : kind === "transient"
            ? "DingTalk kept failing; check the network path to it and run again"
            : kind === "invalidToken"
              ? fixFor(DINGTALK_CODES.invalidToken)
              : undefined;
    const retried = attempts > 1 ? ` after ${attempts} attempts` : "";
    return new DingTalkApiError(
      `${this.prefix}: ${where} failed${retried}: ${describeAnswer(failure)}${fix ? ` — ${fix}` : ""}`,
      details,
    );
  }
}

/** One answer: `{ok: body}` on success, else what kind of failure it is. */
function classify(v1: boolean, status: number, text: string): ApiAttempt<Body, DingTalkFailure> {
  const body = parseObject(text);
  const head = text.slice(0, 120);
  if (status === 429) return { failure: { kind: "rateLimited", httpStatus: status } };
  if (status >= 500) return { failure: { kind: "transient", httpStatus: status, errmsg: head } };
  if (v1) {
    // v1.0: HTTP status carries the outcome, `{code, message}` the detail.
    if (status === 200 && body) return { ok: body };
    const errmsg = [body?.code, body?.message]
      .filter((part) => typeof part === "string")
      .join(": ");
    const kind = status === 401 ? "invalidToken" : "fatal";
    return { failure: { kind, httpStatus: status, errmsg: errmsg || head } };
  }
  if (!body) return { failure: { kind: "fatal", httpStatus: status, errmsg: `not JSON: ${head}` } };
  const errcode = typeof body.errcode === "number" ? body.errcode : undefined;
  if (errcode === DINGTALK_CODES.ok) return { ok: body };
  const failure: DingTalkFailure = { kind: failureKind(errcode), httpStatus: status };
  if (errcode !== undefined) failure.errcode = errcode;
  if (typeof body.errmsg === "string") failure.errmsg = body.errmsg;
  return { failure };
}

/** `errcode 60011 "no permission" HTTP 403`: what DingTalk answered, for messages. */
export function describeAnswer(failure: DingTalkFailure): string {
  const parts = [
    failure.errcode !== undefined ? `errcode ${failure.errcode}` : undefined,
    failure.errmsg ? `"${failure.errmsg}"` : undefined,
    failure.httpStatus !== undefined && failure.httpStatus !== 200
      ? `HTTP ${failure.httpStatus}`
      : undefined,
  ];
  return parts.filter(Boolean).join(" ") || "no answer";
}

function describe({ method, path, departmentId, userId }: DingTalkRequest): string {
  if (departmentId !== undefined) return `${method} ${path} for department ${departmentId}`;
  return userId !== undefined ? `${method} ${path} for user ${userId}` : `${method} ${path}`;
}

function parseObject(text: string): Body | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Body;
  } catch {
    // Not JSON: no body.
  }
  return undefined;
}

function messageOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === "string" ? `${cause.code}: ` : "";
  return `${code}${error instanceof Error ? error.message : String(error)}`;
}
