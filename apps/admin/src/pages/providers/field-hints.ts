import { defineMessages } from "../../i18n/messages.ts";

/**
 * Where to find each value of the plugins shipped with orgsync, in the admin's language. A
 * schema `description` wins over these (see `ConfigFields`); they exist because the plugins'
 * schemas carry none yet, and "where do I copy this from" is the question every admin has.
 * Keyed `<kind>.<path>`.
 */
export const fieldHints = defineMessages({
  en: {
    "feishu.appId":
      'From 开发者后台 (open.feishu.cn/app) → your app → 凭证与基础信息 → App ID; starts with "cli_".',
    "feishu.appSecret": "From 开发者后台 → your app → 凭证与基础信息 → App Secret.",
    "feishu.domain":
      '"feishu" (open.feishu.cn, the default), "lark" (open.larksuite.com), or the http(s):// base URL of another Feishu server.',
    "feishu.deptList":
      'Only these departments (open_department_ids, "od-…"), one per line; "^od-…" excludes one. Empty: the whole org.',
    "feishu.userIdType":
      "union_id stays the same across your apps (recommended); open_id belongs to this app only.",
    "feishu.requestsPerSecond":
      "Feishu's contact APIs allow 50 per second by default; raise it only if your plan allows more.",
    "feishu.requestsPerMinute":
      "Feishu's contact APIs allow 1000 per minute by default; raise it only if your plan allows more.",
    "feishu.concurrency": "Requests to Feishu in flight at once.",
    "feishu.timeoutMs": "How long one request to Feishu may take.",
    "feishu.encryptKey":
      "For events: 开发者后台 → 事件与回调 → 加密策略 → Encrypt Key. Leave empty if events are not used.",
    "feishu.verificationToken":
      "For events: 开发者后台 → 事件与回调 → 加密策略 → Verification Token.",
    "feishu.retry": "How failed and throttled requests to Feishu are retried.",
  },
  zh: {
    "feishu.appId":
      "在 开发者后台（open.feishu.cn/app）→ 你的应用 → 凭证与基础信息 → App ID，以“cli_”开头。",
    "feishu.appSecret": "在 开发者后台 → 你的应用 → 凭证与基础信息 → App Secret。",
    "feishu.domain":
      "“feishu”（open.feishu.cn，默认）、“lark”（open.larksuite.com），或其他飞书服务器的 http(s):// 地址。",
    "feishu.deptList":
      "只同步这些部门（open_department_id，“od-…”），每行一个；“^od-…”表示排除。留空：整个组织。",
    "feishu.userIdType": "union_id 在你的所有应用中都不变（推荐）；open_id 仅属于此应用。",
    "feishu.requestsPerSecond":
      "飞书通讯录接口默认上限为每秒 50 次；仅当你的套餐允许更高时再调高。",
    "feishu.requestsPerMinute":
      "飞书通讯录接口默认上限为每分钟 1000 次；仅当你的套餐允许更高时再调高。",
    "feishu.concurrency": "同时向飞书发出的请求数。",
    "feishu.timeoutMs": "单个飞书请求的最长耗时。",
    "feishu.encryptKey":
      "用于事件：开发者后台 → 事件与回调 → 加密策略 → Encrypt Key。不使用事件可留空。",
    "feishu.verificationToken":
      "用于事件：开发者后台 → 事件与回调 → 加密策略 → Verification Token。",
    "feishu.retry": "请求失败或被限流时如何重试。",
  },
});

export function fieldHint(
  hints: Record<string, unknown>,
  kind: string,
  path: string,
): string | undefined {
  const hint = hints[`${kind}.${path}`];
  return typeof hint === "string" ? hint : undefined;
}
