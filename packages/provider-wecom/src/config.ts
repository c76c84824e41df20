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
import { CORP_ID_LOCATION, SECRET_LOCATION } from "./codes.ts";

/**
 * The WeCom provider's configuration. go-ldap-admin's `wecom:` block (flag, corp-id, agent-id,
 * corp-secret) maps onto it field by field. Every message names what to enter and where it is
 * found in WeCom's admin console (管理后台, work.weixin.qq.com/wework_admin).
 */

const CALLBACK_WHERE = "管理后台 → 管理工具 → 通讯录同步 → 设置接收事件服务器";
const AGENT_ID_MESSAGE =
  "agentId must be the app's AgentId, a number (管理后台 → 应用管理 → your app → AgentId)";

export const wecomConfigSchema = z
  .object({
    flag: flagField("wecom"),
    // Corp ids start with "ww" (or "wx" for corps created long ago); lenient on the tail.
    corpId: z
      .string({ error: `corpId is required: ${CORP_ID_LOCATION} (starts with "ww")` })
      .trim()
      .regex(
        /^w[wx][A-Za-z0-9]+$/,
        `corpId must look like "ww1a2b3c4d5e6f7a8b": copy it from ${CORP_ID_LOCATION}`,
      ),
    corpSecret: requiredText("corpSecret", `the contact-sync secret, ${SECRET_LOCATION} (查看)`),
    // Not used for reading; accepted because go-ldap-admin configs carry it.
    agentId: z
      .union([z.number(), z.string().trim().regex(/^\d+$/, AGENT_ID_MESSAGE)], {
        error: AGENT_ID_MESSAGE,
      })
      .transform(Number)
      .optional(),
    baseUrl: baseUrlField("baseUrl", "https://qyapi.weixin.qq.com"),
    deptList: numericDeptListField(
      "the id is shown in 管理后台 → 通讯录 → the department → 部门ID",
    ),
    requestsPerMinute: z
      .number({ error: "requestsPerMinute must be a number" })
      .int("requestsPerMinute must be a whole number")
      .min(1, "requestsPerMinute must be at least 1")
      .max(
        10_000,
        "requestsPerMinute must be at most 10000: WeCom allows 10000 calls per API per corp per minute",
      )
      .default(9000),
    concurrency: wholeNumber("concurrency", 1, 64, 8),
    retry: apiRetryField,
    timeoutMs: wholeNumber("timeoutMs", 100, 600_000, 30_000),
    callbackToken: optionalText("callbackToken", `${CALLBACK_WHERE} → Token`),
    callbackAesKey: callbackAesKeyField(`${CALLBACK_WHERE} → EncodingAESKey`),
  })
  .refine(
    (config) => (config.callbackToken === undefined) === (config.callbackAesKey === undefined),
    {
      message: `callbackToken and callbackAesKey go together: set both (${CALLBACK_WHERE}) or neither`,
      path: ["callbackAesKey"],
    },
  );

/** Validated configuration, defaults applied. */
export type WeComConfig = z.output<typeof wecomConfigSchema>;

/** What an admin writes (the form, `config.yml`, or go-ldap-admin's `wecom:` block). */
export type WeComConfigInput = z.input<typeof wecomConfigSchema>;

/** Validates configuration, throwing a `ConfigError` naming every bad field. Idempotent. */
export function parseWeComConfig(input: unknown): WeComConfig {
  return parseProviderConfig(wecomConfigSchema, input, "wecom");
}
