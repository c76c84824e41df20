import { z } from "zod";
import { ConfigError } from "../../errors.ts";
import { isValidFlag, PROVIDER_FLAG_PATTERN } from "../../model/anchor.ts";

/**
 * The fields every provider's config has, with the messages admins need: a provider's schema is
 * then mostly its IM's own fields. Each message names the field and what to enter.
 */

/** The provider's flag: the first half of every anchor, never changed after the first sync. */
export function flagField(fallback: string) {
  return z
    .string({ error: `flag must be a string such as "${fallback}"` })
    .regex(
      PROVIDER_FLAG_PATTERN,
      `use 1–32 lower-case letters, digits, "_" and "-", starting with a letter (e.g. "${fallback}"); it prefixes every anchor, so never change it after the first sync`,
    )
    .default(fallback);
}

/** An API base URL, trailing slashes stripped (paths are appended as `${base}/path`). */
export function baseUrlField(field: string, fallback: string) {
  const message = `${field} must be an http(s):// URL such as "${fallback}"`;
  return z
    .string({ error: message })
    .trim()
    .regex(/^https?:\/\/[^/]/, message)
    .transform((value) => value.replace(/\/+$/, ""))
    .default(fallback);
}

/** A required credential, copied from the IM's console at `where`. */
export function requiredText(field: string, where: string) {
  const message = `${field} is required: ${where}`;
  return z.string({ error: message }).trim().min(1, message);
}

/** An optional setting that, when given, must not be empty. */
export function optionalText(field: string, where: string) {
  return z
    .string({ error: `${field} must be a string: ${where}` })
    .trim()
    .min(1, `${field} must not be empty: leave it out, or copy it from ${where}`)
    .optional();
}

/** A whole number in [min, max]. */
export function wholeNumber(field: string, min: number, max: number, fallback: number) {
  return z
    .number({ error: `${field} must be a number` })
    .int(`${field} must be a whole number`)
    .min(min, `${field} must be at least ${min}`)
    .max(max, `${field} must be at most ${max}`)
    .default(fallback);
}

/** The 43-character EncodingAESKey DingTalk and WeCom callbacks are encrypted with. */
export function callbackAesKeyField(where: string) {
  return z
    .string({ error: `callbackAesKey must be a string: ${where}` })
    .trim()
    .regex(/^[A-Za-z0-9+/]{43}$/, `callbackAesKey must be the 43 letters and digits of ${where}`)
    .optional();
}

/**
 * go-ldap-admin's `dept-list` for IMs with numeric department ids: `"12345"` includes that
 * subtree, `"^12345"` excludes one. Numbers in YAML are taken as their digits.
 */
export function numericDeptListField(where: string) {
  return z
    .array(
      z.union([z.string(), z.number()]).transform((value) => String(value).trim()),
      { error: 'deptList must be a list of department ids, e.g. ["12345", "^67890"]' },
    )
    .refine((entries) => entries.every((entry) => /^\^?\s*\d+$/.test(entry)), {
      message: `deptList entries must be numeric department ids ("12345"), or "^12345" to exclude one; ${where}`,
    })
    .default([]);
}

/** How failed calls are retried (see `callWithRetries`); every field has a default. */
export const apiRetryField = z
  .object({
    maxAttempts: wholeNumber("retry.maxAttempts", 1, 20, 6),
    baseDelayMs: wholeNumber("retry.baseDelayMs", 0, 600_000, 500),
    maxDelayMs: wholeNumber("retry.maxDelayMs", 0, 600_000, 30_000),
    rateLimitRetries: wholeNumber("retry.rateLimitRetries", 0, 100, 20),
    rateLimitDelayMs: wholeNumber("retry.rateLimitDelayMs", 0, 600_000, 1000),
    maxRateLimitWaitMs: wholeNumber("retry.maxRateLimitWaitMs", 0, 600_000, 60_000),
  })
  // An absent `retry` is parsed as `{}`, so each field gets its own default.
  .prefault({});

/**
 * Validates a provider's configuration, throwing a `ConfigError` whose issues name every invalid
 * field; `kind (flag)` starts the message. Validated configuration passes through unchanged.
 */
export function parseProviderConfig<S extends z.ZodType>(
  schema: S,
  input: unknown,
  kind: string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const given = (input as { flag?: unknown } | null)?.flag;
  const flag = typeof given === "string" && isValidFlag(given) ? given : kind;
  throw configErrorOf(result.error, `${kind} (${flag}): invalid configuration`);
}

/**
 * A zod failure as a `ConfigError`: one issue per invalid field (`retry.maxAttempts`), each
 * shown next to its form field, all of them summed up after `prefix` in the message.
 */
export function configErrorOf(error: z.ZodError, prefix: string): ConfigError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(config)",
    message: issue.message,
  }));
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
  return new ConfigError(`${prefix} — ${summary}`, issues);
}
