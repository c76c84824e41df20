import {
  apiRetryField,
  baseUrlField,
  callbackAesKeyField,
  flagField,
  numericDeptListField,
  optionalText,
  parseProviderConfig,
  requiredText,
  wholeNumber,
} from "@orgsync/core";
import { z } from "zod";

/**
 * The DingTalk provider's configuration. Field names follow go-ldap-admin's `dingtalk:` block so
 * an import maps one to one; every message names what to enter and where DingTalk shows it.
 */

const CREDENTIALS = "开发者后台 → 应用开发 → 企业内部应用 → your app → 凭证与基础信息";
const CALLBACK = "开发者后台 → your app → 事件订阅";

export const dingtalkConfigSchema = z.object({
  flag: flagField("dingtalk"),
  appKey: requiredText("appKey", `${CREDENTIALS} → AppKey`),
  appSecret: requiredText("appSecret", `${CREDENTIALS} → AppSecret`),
  // Not used for reading; accepted because go-ldap-admin configs carry it.
  agentId: z
    .union([z.string(), z.number()], {
      error: `agentId must be the app's AgentId (${CREDENTIALS})`,
    })
    .transform(String)
    .optional(),
  baseUrl: baseUrlField("baseUrl", "https://oapi.dingtalk.com"),
  apiBaseUrl: baseUrlField("apiBaseUrl", "https://api.dingtalk.com"),
  deptList: numericDeptListField("通讯录 → 部门 → 部门 ID"),
  // go-ldap-admin's `user-leave-range`; absent: resignation records are not read.
  userLeaveRangeDays: z
    .number({ error: "userLeaveRangeDays must be a number of days (0 = every resignation)" })
    .int("userLeaveRangeDays must be a whole number of days")
    .min(0, "userLeaveRangeDays must not be negative (0 = every resignation)")
    .optional(),
  inactiveAs: z
    .enum(["notJoined", "active"], {
      error:
        'inactiveAs must be "notJoined" (people who never signed in to DingTalk get no account yet) or "active" (go-ldap-admin\'s behaviour)',
    })
    .default("notJoined"),
  // 20: DingTalk's default per-app per-API QPS for internal apps.
  requestsPerSecond: wholeNumber("requestsPerSecond", 1, 10_000, 20),
  concurrency: wholeNumber("concurrency", 1, 64, 8),
  retry: apiRetryField,
  timeoutMs: wholeNumber("timeoutMs", 100, 600_000, 30_000),
  callbackToken: optionalText("callbackToken", `${CALLBACK} → 签名 token`),
  callbackAesKey: callbackAesKeyField(`${CALLBACK} → 加密 aes_key`),
  callbackReceiverId: optionalText(
    "callbackReceiverId",
    "the AppKey (the id DingTalk encrypts for)",
  ),
});

/** Validated configuration, defaults applied. */
export type DingTalkConfig = z.output<typeof dingtalkConfigSchema>;

/** What an admin writes (the form, `config.yml`, or go-ldap-admin's `dingtalk:` block). */
export type DingTalkConfigInput = z.input<typeof dingtalkConfigSchema>;

/** Validates configuration, throwing a `ConfigError` naming every bad field. Idempotent. */
export function parseDingTalkConfig(input: unknown): DingTalkConfig {
  return parseProviderConfig(dingtalkConfigSchema, input, "dingtalk");
}
