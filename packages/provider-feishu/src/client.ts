import * as lark from "@larksuiteoapi/node-sdk";
import {
  backoffDelay,
  CancelledError,
  RateLimiter,
  raceAbort,
  SourceReadError,
  sleep,
  throwIfCancelled,
} from "@orgsync/core";
import { FEISHU_CODES, fixFor, INVALID_TOKEN_CODES } from "./codes.ts";
import type { FeishuConfig } from "./config.ts";
import { callContext, limitedHttp, TOKEN_PATH } from "./http.ts";
import { TokenCache } from "./token-cache.ts";

/**
 * One Feishu connection: the SDK client with its own token cache, rate limiter and HTTP layer,
 * and `call()`, the single door every API call goes through (retries, token refresh, `code`
 * checks, errors that say what to fix).
 */

/** Feishu's envelope; the SDK resolves plain methods to it. */
export interface FeishuEnvelope<T> {
  code?: number;
  msg?: string;
  data?: T;
  error?: { permission_violations?: { type?: string; subject?: string }[] };
}

/** What a call is, for error messages: `GET departments/:id/children` for department od-1. */
export interface FeishuEndpoint {
  /** @example "GET /contact/v3/departments/:department_id/children" */
  name: string;
  departmentId?: string;
  userId?: string;
}

/** A call Feishu answered with a failure, after retries. Branch on `code`, never on text. */
export class FeishuApiError extends SourceReadError {
  override name = "FeishuApiError";
  constructor(
    message: string,
    readonly details: {
      endpoint: string;
      code?: number;
      msg?: string;
      httpStatus?: number;
      departmentId?: string;
      userId?: string;
      /** Scopes Feishu named in `permission_violations` (99991672). */
      permissions?: string[];
    },
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface FeishuClientOptions {
  config: FeishuConfig;
  /**
   * The SDK's HTTP layer, wrapped with the limiter; it must resolve to the parsed body.
   * @default lark.defaultHttpInstance
   * @example an axios instance with a proxy agent and `interceptors.response.use(r => r.data)`
   */
  httpInstance?: lark.HttpInstance;
  /** Randomness for backoff jitter, for tests. @default Math.random */
  random?: () => number;
}

/** Counters of what the client did, for benchmarks and logs. */
export interface FeishuClientStats {
  calls: number;
  rateLimited: number;
  serverErrors: number;
  networkErrors: number;
  tokenRefreshes: number;
}

const MAX_TOKEN_REFRESHES = 3;

interface Failure {
  kind: "rateLimited" | "invalidToken" | "transient" | "fatal";
  httpStatus?: number;
  code?: number;
  msg?: string;
  resetSeconds?: number;
  permissions?: string[];
}

export class FeishuClient {
  readonly sdk: lark.Client;
  readonly config: FeishuConfig;
  readonly stats: FeishuClientStats = {
    calls: 0,
    rateLimited: 0,
    serverErrors: 0,
    networkErrors: 0,
    tokenRefreshes: 0,
  };
  readonly #cache = new TokenCache();
  readonly #limiter: RateLimiter;
  readonly #http: lark.HttpInstance;
  readonly #random: () => number;
  readonly #prefix: string;

  constructor(options: FeishuClientOptions) {
    const { config } = options;
    this.config = config;
    this.#prefix = `feishu (${config.flag})`;
    this.#random = options.random ?? Math.random;
    this.#limiter = new RateLimiter({
      windows: [
        { limit: config.requestsPerSecond, windowMs: 1000 },
        { limit: config.requestsPerMinute, windowMs: 60_000 },
      ],
    });
    this.#http = limitedHttp({
      // Typed as an AxiosInstance, but its response interceptor resolves to the body.
      inner: options.httpInstance ?? (lark.defaultHttpInstance as unknown as lark.HttpInstance),
      limiter: this.#limiter,
      timeoutMs: config.timeoutMs,
    });
    this.sdk = new lark.Client({
      appId: config.appId,
      appSecret: config.appSecret,
      domain: sdkDomain(config.domain),
      cache: this.#cache,
      loggerLevel: lark.LoggerLevel.error,
      // The SDK logs every failed request at error level; we report failures ourselves, once,
      // with what to fix.
      logger: silentLogger,
      httpInstance: this.#http,
      source: "orgsync",
    });
  }

  /** `feishu (<flag>)`: how every message of this provider starts. */
  get prefix(): string {
    return this.#prefix;
  }

  /** The base URL calls go to, without a trailing slash. */
  get baseUrl(): string {
    return baseUrlOf(this.config.domain);
  }

  /**
   * Requests a tenant token directly (no SDK), to tell credential problems apart: Feishu answers
   * HTTP 200 with code 10003 (app id) or 10014 (secret). A good token is cached for the SDK.
   */
  async requestToken(signal?: AbortSignal): Promise<FeishuEnvelope<never> & { token?: string }> {
    throwIfCancelled(signal, `${this.#prefix}: token request`);
    const body = (await raceAbort(
      this.#http.post(`${this.baseUrl}${TOKEN_PATH}`, {
        app_id: this.config.appId,
        app_secret: this.config.appSecret,
      }),
      signal,
      `${this.#prefix}: token request`,
    )) as { code?: number; msg?: string; tenant_access_token?: string; expire?: number } | null;
    if (body?.code === 0 && typeof body.tenant_access_token === "string") {
      const expire = typeof body.expire === "number" ? body.expire : 0;
      // Same bookkeeping as the SDK: expire three minutes early.
      await this.#cache.set(
        lark.CTenantAccessToken,
        body.tenant_access_token,
        Date.now() + expire * 1000 - 3 * 60 * 1000,
        { namespace: this.config.appId },
      );
      return { code: 0, msg: body.msg ?? "ok", token: body.tenant_access_token };
    }
    return { code: body?.code ?? -1, msg: body?.msg ?? "no answer" };
  }

  /**
   * Calls one SDK method: waits for the limiter, retries 429s after `x-ogw-ratelimit-reset`,
   * retries 5xx and network errors with backoff, refreshes a refused token once, and returns
   * `data` only when `code === 0`; anything else throws a `FeishuApiError` saying what to fix.
   */
  async call<T>(
    endpoint: FeishuEndpoint,
    invoke: () => Promise<FeishuEnvelope<T>>,
    signal?: AbortSignal,
  ): Promise<T> {
    const what = `${this.#prefix}: ${describeEndpoint(endpoint)}`;
    const { retry } = this.config;
    let transientFailures = 0;
    let rateLimits = 0;
    let refreshes = 0;
    let lastRefused: string | undefined;
    for (;;) {
      throwIfCancelled(signal, what);
      const tokenBefore = await this.#cache.tenantToken(this.config.appId);
      let failure: Failure;
      let cause: unknown;
      try {
        this.stats.calls++;
        const response = await raceAbort(
          callContext.run({ what, ...(signal ? { signal } : {}) }, invoke),
          signal,
          what,
        );
        if (response?.code === 0) return (response.data ?? {}) as T;
        failure = classifyEnvelope(response, 200);
      } catch (error) {
        if (error instanceof CancelledError) throw error;
        if (signal?.aborted) throw new CancelledError(`${what} cancelled`, { cause: error });
        failure = classifyError(error);
        cause = error;
      }

      if (failure.kind === "rateLimited" && rateLimits < retry.rateLimitRetries) {
        rateLimits++;
        this.stats.rateLimited++;
        const waitMs =
          failure.resetSeconds !== undefined
            ? Math.min(failure.resetSeconds * 1000, retry.maxRateLimitWaitMs)
            : backoffDelay(rateLimits - 1, retry, this.#random);
        // Feishu throttles the app, not the call: hold every call of this provider.
        this.#limiter.pauseUntil(Date.now() + waitMs);
        continue;
      }
      // Refresh once per refused token: a second refusal of a fresh token means the credentials
      // are the problem, but a long call (many 429s) may outlive more than one token.
      if (
        failure.kind === "invalidToken" &&
        refreshes < MAX_TOKEN_REFRESHES &&
        (refreshes === 0 || tokenBefore !== lastRefused)
      ) {
        refreshes++;
        lastRefused = tokenBefore;
        this.stats.tokenRefreshes++;
        this.#cache.invalidateTenantToken(this.config.appId, tokenBefore);
        continue;
      }
      if (failure.kind === "transient" && transientFailures + 1 < retry.maxAttempts) {
        if (failure.httpStatus !== undefined) this.stats.serverErrors++;
        else this.stats.networkErrors++;
        await sleep(backoffDelay(transientFailures, retry, this.#random), signal, what);
        transientFailures++;
        continue;
      }
      throw this.#error(endpoint, failure, cause, {
        attempts: transientFailures + rateLimits + refreshes + 1,
      });
    }
  }

  #error(
    endpoint: FeishuEndpoint,
    failure: Failure,
    cause: unknown,
    context: { attempts: number },
  ): FeishuApiError {
    const where = describeEndpoint(endpoint);
    const answer = [
      failure.code !== undefined ? `code ${failure.code}` : undefined,
      failure.msg ? `"${failure.msg}"` : undefined,
      failure.httpStatus !== undefined ? `HTTP ${failure.httpStatus}` : undefined,
    ]
      .filter(Boolean)
      .join(" ");
    const fromCause = cause instanceof Error && !answer ? cause.message : undefined;
    const fix =
      failure.code !== undefined
        ? fixFor(failure.code, {
            ...(endpoint.departmentId !== undefined ? { departmentId: endpoint.departmentId } : {}),
            ...(failure.permissions ? { permissions: failure.permissions } : {}),
          })
        : failure.kind === "transient"
          ? `Feishu (${this.baseUrl}) kept failing; check the network and https://open.feishu.cn status, then run again`
          : undefined;
    const retried = context.attempts > 1 ? ` after ${context.attempts} attempts` : "";
    const message = `${this.#prefix}: ${where} failed${retried}: ${answer || fromCause || "no answer"}${fix ? ` — ${fix}` : ""}`;
    return new FeishuApiError(
      message,
      {
        endpoint: endpoint.name,
        ...(failure.code !== undefined ? { code: failure.code } : {}),
        ...(failure.msg !== undefined ? { msg: failure.msg } : {}),
        ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
        ...(endpoint.departmentId !== undefined ? { departmentId: endpoint.departmentId } : {}),
        ...(endpoint.userId !== undefined ? { userId: endpoint.userId } : {}),
        ...(failure.permissions ? { permissions: failure.permissions } : {}),
      },
      cause === undefined ? undefined : { cause },
    );
  }
}

function describeEndpoint(endpoint: FeishuEndpoint): string {
  const subject =
    endpoint.departmentId !== undefined
      ? ` for department ${endpoint.departmentId}`
      : endpoint.userId !== undefined
        ? ` for user ${endpoint.userId}`
        : "";
  return `${endpoint.name}${subject}`;
}

function classifyEnvelope(
  body: FeishuEnvelope<unknown> | null | undefined,
  httpStatus: number,
): Failure {
  const code = typeof body?.code === "number" ? body.code : undefined;
  const msg = typeof body?.msg === "string" ? body.msg : undefined;
  const base = {
    httpStatus,
    ...(code !== undefined ? { code } : {}),
    ...(msg !== undefined ? { msg } : {}),
  };
  if (code === FEISHU_CODES.rateLimited) return { kind: "rateLimited", ...base };
  if (code !== undefined && INVALID_TOKEN_CODES.has(code)) return { kind: "invalidToken", ...base };
  if (code === FEISHU_CODES.permissionDenied) {
    return { kind: "fatal", ...base, permissions: permissionsOf(body, msg) };
  }
  if (code === undefined) return { kind: "fatal", ...base, msg: msg ?? "no code in the answer" };
  return { kind: "fatal", ...base };
}

/** Scopes from `error.permission_violations`, else from the message's `[a, b]` list. */
function permissionsOf(body: FeishuEnvelope<unknown> | null | undefined, msg?: string): string[] {
  const subjects = (body?.error?.permission_violations ?? [])
    .map((violation) => violation.subject)
    .filter((subject): subject is string => typeof subject === "string" && subject !== "");
  if (subjects.length > 0) return subjects;
  const listed = /\[([^\]]+)\]/.exec(msg ?? "")?.[1];
  return listed
    ? listed
        .split(",")
        .map((scope) => scope.trim())
        .filter(Boolean)
    : [];
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ERR_NETWORK",
  "ERR_CANCELED",
  "UND_ERR_SOCKET",
]);

/** An AxiosError (4xx/5xx, network) or the SDK's own token error, as a failure. */
function classifyError(error: unknown): Failure {
  const shape = error as {
    code?: unknown;
    message?: unknown;
    response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
  } | null;
  const response = shape?.response;
  if (response && typeof response.status === "number") {
    const status = response.status;
    const data = response.data;
    const body =
      typeof data === "object" && data !== null
        ? (data as FeishuEnvelope<unknown>)
        : typeof data === "string"
          ? parseMaybeJson(data)
          : undefined;
    const reset = Number(headerOf(response.headers, "x-ogw-ratelimit-reset"));
    const resetSeconds = Number.isFinite(reset) && reset >= 0 ? reset : undefined;
    if (status === 429 || body?.code === FEISHU_CODES.rateLimited) {
      return {
        kind: "rateLimited",
        httpStatus: status,
        code: FEISHU_CODES.rateLimited,
        ...(body?.msg ? { msg: body.msg } : {}),
        ...(resetSeconds !== undefined ? { resetSeconds } : {}),
      };
    }
    if (status >= 500) {
      return {
        kind: "transient",
        httpStatus: status,
        ...(typeof body?.code === "number" ? { code: body.code } : {}),
        msg:
          body?.msg ??
          (typeof data === "string"
            ? data
                .replace(/<[^>]*>/g, " ")
                .trim()
                .slice(0, 120)
            : ""),
      };
    }
    return classifyEnvelope(
      body ?? { msg: typeof data === "string" ? data.slice(0, 120) : "" },
      status,
    );
  }
  const message = typeof shape?.message === "string" ? shape.message : String(error);
  // The SDK's token manager throws a plain Error for a business failure of the token request.
  const token = /failed to get tenant_access_token, code: (\w+), msg: (.*)$/.exec(message);
  if (token) {
    const code = Number(token[1]);
    return {
      kind: "fatal",
      ...(Number.isFinite(code) ? { code } : {}),
      msg: `token request: ${token[2] ?? ""}`,
    };
  }
  if (typeof shape?.code === "string" && NETWORK_CODES.has(shape.code)) {
    return { kind: "transient", msg: `${shape.code}: ${message}` };
  }
  // An answer that is not an envelope at all (socket hang up, a proxy's junk): worth retrying.
  if (/socket hang up|network|timeout/i.test(message)) return { kind: "transient", msg: message };
  return { kind: "fatal", msg: message };
}

function headerOf(headers: Record<string, unknown> | undefined, name: string): unknown {
  if (!headers) return undefined;
  const getter = (headers as { get?: (key: string) => unknown }).get;
  if (typeof getter === "function") {
    const value = getter.call(headers, name);
    if (value !== undefined && value !== null) return value;
  }
  return headers[name] ?? headers[name.toLowerCase()];
}

function parseMaybeJson(text: string): FeishuEnvelope<unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null
      ? (parsed as FeishuEnvelope<unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function sdkDomain(domain: string): lark.Domain | string {
  if (domain === "feishu") return lark.Domain.Feishu;
  if (domain === "lark") return lark.Domain.Lark;
  return domain;
}

/** The base URL for a configured domain: what the SDK's `formatDomain` produces. */
export function baseUrlOf(domain: string): string {
  if (domain === "feishu") return "https://open.feishu.cn";
  if (domain === "lark") return "https://open.larksuite.com";
  return domain.replace(/\/+$/, "");
}

const silentLogger: lark.Logger = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  trace: () => {},
};
