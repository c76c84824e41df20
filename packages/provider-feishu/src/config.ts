import { PROVIDER_FLAG_PATTERN, parseProviderConfig } from "@orgsync/core";
import { z } from "zod";

/**
 * The Feishu provider's configuration: what an admin types into the form (or `config.yml`).
 * Every message names what to enter and where to find it in the Feishu console, because that
 * is where a wrong value comes from.
 */

/** Feishu app ids are `cli_` followed by hex (`cli_a1b2c3d4e5f60123`); lenient on the tail. */
const APP_ID_PATTERN = /^cli_[A-Za-z0-9]+$/;

const retrySchema = z
  .object({
    maxAttempts: z
      .number({ error: "retry.maxAttempts must be a number" })
      .int()
      .min(1, "retry.maxAttempts must be at least 1 (1 = no retry)")
      .max(20, "retry.maxAttempts must be at most 20")
      .default(6),
    baseDelayMs: z
      .number({ error: "retry.baseDelayMs must be a number of milliseconds" })
      .min(0, "retry.baseDelayMs must not be negative")
      .default(500),
    maxDelayMs: z
      .number({ error: "retry.maxDelayMs must be a number of milliseconds" })
      .min(0, "retry.maxDelayMs must not be negative")
      .default(30_000),
    rateLimitRetries: z
      .number({ error: "retry.rateLimitRetries must be a number" })
      .int()
      .min(0, "retry.rateLimitRetries must not be negative")
      .max(100, "retry.rateLimitRetries must be at most 100")
      .default(20),
    maxRateLimitWaitMs: z
      .number({ error: "retry.maxRateLimitWaitMs must be a number of milliseconds" })
      .min(0, "retry.maxRateLimitWaitMs must not be negative")
      .default(120_000),
  })
  // prefault: an absent `retry` is parsed as `{}`, so each field gets its own default.
  .prefault({});

export const feishuConfigSchema = z.object({
  flag: z
    .string({ error: 'flag must be a string such as "feishu"' })
    .regex(
      PROVIDER_FLAG_PATTERN,
      'flag: use 1–32 lower-case letters, digits, "_" and "-", starting with a letter (e.g. "feishu", "lark_cn"); it prefixes every anchor, so never change it after the first sync',
    )
    .default("feishu"),
  appId: z
    .string({
      error:
        'appId is required: 开发者后台 → your app → 凭证与基础信息 → App ID (starts with "cli_")',
    })
    .trim()
    .regex(
      APP_ID_PATTERN,
      'appId must look like "cli_a1b2c3d4e5f60123": copy it from 开发者后台 → your app → 凭证与基础信息 → App ID',
    ),
  appSecret: z
    .string({
      error: "appSecret is required: 开发者后台 → your app → 凭证与基础信息 → App Secret",
    })
    .trim()
    .min(1, "appSecret is required: 开发者后台 → your app → 凭证与基础信息 → App Secret"),
  domain: z
    .string({ error: 'domain must be "feishu", "lark" or an http(s):// URL' })
    .trim()
    .refine((value) => value === "feishu" || value === "lark" || /^https?:\/\/[^/]/.test(value), {
      message:
        'domain must be "feishu" (open.feishu.cn), "lark" (open.larksuite.com) or an http(s):// URL such as "https://open.feishu.cn"',
    })
    // The SDK builds `${domain}/open-apis/...`: a trailing slash makes `//open-apis`, a 404.
    .transform((value) => value.replace(/\/+$/, ""))
    .default("feishu"),
  deptList: z
    .array(z.string({ error: "deptList entries must be strings (open_department_ids)" }).trim(), {
      error: 'deptList must be a list of open_department_ids, e.g. ["od-1a2b", "^od-3c4d"]',
    })
    .refine((entries) => entries.every((entry) => entry.replace(/^\^/, "").trim() !== ""), {
      message: 'deptList entries must be open_department_ids ("od-…") or "^od-…" to exclude one',
    })
    .default([]),
  userIdType: z
    .enum(["union_id", "open_id"], {
      error:
        'userIdType must be "union_id" (stable across your apps, the default) or "open_id" (this app only)',
    })
    .default("union_id"),
  requestsPerSecond: z
    .number({ error: "requestsPerSecond must be a number" })
    .int("requestsPerSecond must be a whole number")
    .min(1, "requestsPerSecond must be at least 1")
    // Feishu's limits depend on the tenant's plan: 50/s and 1000/min are the documented defaults,
    // not a ceiling every tenant has. Over the real limit, calls answer 429 and are retried.
    .max(
      10_000,
      "requestsPerSecond must be at most 10000; Feishu's contact APIs allow 50 per second unless your tenant's plan allows more",
    )
    .default(50),
  requestsPerMinute: z
    .number({ error: "requestsPerMinute must be a number" })
    .int("requestsPerMinute must be a whole number")
    .min(1, "requestsPerMinute must be at least 1")
    .max(
      600_000,
      "requestsPerMinute must be at most 600000; Feishu's contact APIs allow 1000 per minute unless your tenant's plan allows more",
    )
    .default(1000),
  concurrency: z
    .number({ error: "concurrency must be a number" })
    .int("concurrency must be a whole number")
    .min(1, "concurrency must be at least 1")
    .max(64, "concurrency must be at most 64")
    .default(8),
  retry: retrySchema,
  timeoutMs: z
    .number({ error: "timeoutMs must be a number of milliseconds" })
    .int("timeoutMs must be a whole number of milliseconds")
    .min(100, "timeoutMs must be at least 100")
    .default(30_000),
  encryptKey: z
    .string({ error: "encryptKey must be a string" })
    .trim()
    .min(
      1,
      "encryptKey must not be empty: leave it out, or copy 开发者后台 → 事件与回调 → 加密策略 → Encrypt Key",
    )
    .optional(),
  verificationToken: z
    .string({ error: "verificationToken must be a string" })
    .trim()
    .min(
      1,
      "verificationToken must not be empty: leave it out, or copy 开发者后台 → 事件与回调 → 加密策略 → Verification Token",
    )
    .optional(),
});

/**
 * Validated configuration, defaults applied. See `FeishuConfigInput` for what each field means.
 */
export type FeishuConfig = z.output<typeof feishuConfigSchema>;

/**
 * What an admin writes. Documented field by field here because this is what the form shows.
 */
export interface FeishuConfigInput {
  /**
   * The provider's flag: the first half of every anchor (`feishu:od-…`). Never change it after
   * the first sync.
   * @default "feishu"
   * @example "lark_cn"
   */
  flag?: string;
  /**
   * The app's id: 开发者后台 → your app → 凭证与基础信息 → App ID.
   * @example "cli_a1b2c3d4e5f60123"
   */
  appId: string;
  /**
   * The app's secret: 开发者后台 → your app → 凭证与基础信息 → App Secret.
   * @example "Xy7…"
   */
  appSecret: string;
  /**
   * Which Feishu: `"feishu"` (open.feishu.cn), `"lark"` (open.larksuite.com), or a base URL
   * (a private deployment, the sandbox). Trailing slashes are stripped.
   * @default "feishu"
   * @example "http://127.0.0.1:4010"
   */
  domain?: string;
  /**
   * go-ldap-admin's `dept-list`: open_department_ids to sync with their subtrees; `^id` excludes
   * a subtree. Empty: the whole org.
   * @default []
   * @example ["od-4e6ac4d14bcd5071a37a39de902c7141", "^od-0f1e2d3c"]
   */
  deptList?: string[];
  /**
   * Which Feishu id becomes a person's source id (their anchor). `union_id` is the same for all
   * apps of one developer, so switching apps keeps identities; `open_id` is per app.
   * @default "union_id"
   * @example "open_id"
   */
  userIdType?: "union_id" | "open_id";
  /**
   * Client-side limit of API calls per second, shared by every call of this provider. Raise it
   * only when your tenant's plan (or a private deployment) allows more than Feishu's default.
   * @default 50 (Feishu's contact API limit)
   * @example 20
   */
  requestsPerSecond?: number;
  /**
   * Client-side limit of API calls per minute, shared by every call of this provider. Raise it
   * only when your tenant's plan (or a private deployment) allows more than Feishu's default.
   * @default 1000 (Feishu's contact API limit)
   * @example 100 (a free-plan tenant)
   */
  requestsPerMinute?: number;
  /**
   * API calls in flight at once while reading (pages of different departments).
   * @default 8
   * @example 4
   */
  concurrency?: number;
  /** How failed calls are retried. */
  retry?: {
    /**
     * Attempts per call on 5xx and network errors, the first included.
     * @default 6
     * @example 3
     */
    maxAttempts?: number;
    /**
     * First backoff delay, doubled per retry, with full jitter.
     * @default 500
     * @example 100
     */
    baseDelayMs?: number;
    /**
     * Longest backoff delay.
     * @default 30000
     * @example 5000
     */
    maxDelayMs?: number;
    /**
     * Retries per call after a 429, each after waiting `x-ogw-ratelimit-reset`.
     * @default 20
     * @example 5
     */
    rateLimitRetries?: number;
    /**
     * Longest wait after one 429, whatever `x-ogw-ratelimit-reset` says.
     * @default 120000
     * @example 60000
     */
    maxRateLimitWaitMs?: number;
  };
  /**
   * Per-request timeout.
   * @default 30000
   * @example 10000
   */
  timeoutMs?: number;
  /**
   * Event subscription Encrypt Key (开发者后台 → 事件与回调 → 加密策略). When set, pushes must be
   * signed and encrypted with it.
   * @example "kZ3…"
   */
  encryptKey?: string;
  /**
   * Event subscription Verification Token (开发者后台 → 事件与回调 → 加密策略). When set, every push
   * must carry it.
   * @example "v7d…"
   */
  verificationToken?: string;
}

/**
 * Validates configuration, throwing a `ConfigError` that names every invalid field. Idempotent:
 * validated configuration passes through unchanged.
 */
export function parseFeishuConfig(input: unknown): FeishuConfig {
  return parseProviderConfig(feishuConfigSchema, input, "feishu");
}
