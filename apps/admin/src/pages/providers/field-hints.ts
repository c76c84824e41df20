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
    "dingtalk.appKey":
      "From 开发者后台 (open-dev.dingtalk.com) → 应用开发 → 企业内部应用 → your app → 凭证与基础信息 → AppKey.",
    "dingtalk.appSecret": "From the same page: 凭证与基础信息 → AppSecret.",
    "dingtalk.agentId":
      "The app's AgentId. go-ldap-admin kept it; orgsync does not need it to read.",
    "dingtalk.baseUrl":
      "The DingTalk API (oapi) server. Leave the default unless you go through a proxy or the sandbox.",
    "dingtalk.apiBaseUrl":
      "The DingTalk v1.0 API server, used for leave records. Leave the default unless you use a proxy or the sandbox.",
    "dingtalk.deptList":
      'Only these departments (numeric dept_ids), one per line; "^id" excludes one and its subtree. Empty: the whole org.',
    "dingtalk.userLeaveRangeDays":
      "Read DingTalk's leave records of the last N days as resignations (0: all of them); needs the leave-record permission. Empty: people gone from the org are departures anyway.",
    "dingtalk.inactiveAs":
      "Members who never signed in to DingTalk: notJoined (no account yet, like Feishu) or active (an account, as go-ldap-admin did).",
    "dingtalk.requestsPerSecond":
      "DingTalk lets an internal app call each API 20 times per second by default.",
    "dingtalk.concurrency": "Requests to DingTalk in flight at once.",
    "dingtalk.timeoutMs": "How long one request to DingTalk may take.",
    "dingtalk.retry": "How failed and throttled requests to DingTalk are retried.",
    "dingtalk.callbackToken":
      "For events: 开发者后台 → your app → 事件与回调 → 签名 Token. Leave empty if events are not used.",
    "dingtalk.callbackAesKey": "For events: 事件与回调 → 加密 aes_key (43 characters).",
    "dingtalk.callbackReceiverId":
      "The id DingTalk encrypts events for; the AppKey unless your app was registered with another.",
    "wecom.corpId":
      'From 管理后台 (work.weixin.qq.com) → 我的企业 → 企业信息 → 企业ID; starts with "ww".',
    "wecom.corpSecret":
      "管理后台 → 管理工具 → 通讯录同步 → Secret. Add this server's IP to 企业可信IP on the same page, or WeCom refuses it (60020, 48009).",
    "wecom.agentId": "The app's AgentId. go-ldap-admin kept it; orgsync does not need it to read.",
    "wecom.baseUrl":
      "The WeCom API server. Leave the default unless you go through a proxy or the sandbox.",
    "wecom.deptList":
      'Only these departments (numeric ids), one per line; "^id" excludes one and its subtree. Empty: the whole org.',
    "wecom.requestsPerMinute": "WeCom allows 10,000 calls per API per minute for a company.",
    "wecom.concurrency": "Requests to WeCom in flight at once.",
    "wecom.timeoutMs": "How long one request to WeCom may take.",
    "wecom.retry": "How failed and throttled requests to WeCom are retried.",
    "wecom.callbackToken":
      "For events: the app's 接收消息 → 设置API接收 → Token. Leave empty if events are not used.",
    "wecom.callbackAesKey": "For events: the same page's EncodingAESKey (43 characters).",
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
    "dingtalk.appKey":
      "在 开发者后台（open-dev.dingtalk.com）→ 应用开发 → 企业内部应用 → 你的应用 → 凭证与基础信息 → AppKey。",
    "dingtalk.appSecret": "同一页面：凭证与基础信息 → AppSecret。",
    "dingtalk.agentId": "应用的 AgentId。go-ldap-admin 保留了它；orgsync 读取时不需要。",
    "dingtalk.baseUrl": "钉钉 API（oapi）服务器。除非经过代理或使用沙箱，保持默认值。",
    "dingtalk.apiBaseUrl":
      "钉钉新版（v1.0）API 服务器，用于读取离职记录。除非经过代理或使用沙箱，保持默认值。",
    "dingtalk.deptList":
      "只同步这些部门（数字 dept_id），每行一个；“^id”表示排除该部门及其子部门。留空：整个组织。",
    "dingtalk.userLeaveRangeDays":
      "把最近 N 天的钉钉离职记录视为离职（0：全部）；需要离职记录权限。留空：从组织中消失的人同样按离职处理。",
    "dingtalk.inactiveAs":
      "从未登录钉钉的成员：notJoined（暂不建账号，与飞书一致）或 active（建账号，与 go-ldap-admin 相同）。",
    "dingtalk.requestsPerSecond": "钉钉企业内部应用每个接口默认每秒 20 次。",
    "dingtalk.concurrency": "同时向钉钉发出的请求数。",
    "dingtalk.timeoutMs": "单个钉钉请求的最长耗时。",
    "dingtalk.retry": "请求失败或被限流时如何重试。",
    "dingtalk.callbackToken":
      "用于事件：开发者后台 → 你的应用 → 事件与回调 → 签名 Token。不使用事件可留空。",
    "dingtalk.callbackAesKey": "用于事件：事件与回调 → 加密 aes_key（43 个字符）。",
    "dingtalk.callbackReceiverId": "钉钉加密事件所用的 id；除非应用以其他 id 注册，否则为 AppKey。",
    "wecom.corpId": "在 管理后台（work.weixin.qq.com）→ 我的企业 → 企业信息 → 企业ID，以“ww”开头。",
    "wecom.corpSecret":
      "管理后台 → 管理工具 → 通讯录同步 → Secret。并在同一页面把本服务器的 IP 加入企业可信IP，否则企业微信会拒绝（60020、48009）。",
    "wecom.agentId": "应用的 AgentId。go-ldap-admin 保留了它；orgsync 读取时不需要。",
    "wecom.baseUrl": "企业微信 API 服务器。除非经过代理或使用沙箱，保持默认值。",
    "wecom.deptList":
      "只同步这些部门（数字 id），每行一个；“^id”表示排除该部门及其子部门。留空：整个组织。",
    "wecom.requestsPerMinute": "企业微信每个接口每分钟允许一个企业调用 10,000 次。",
    "wecom.concurrency": "同时向企业微信发出的请求数。",
    "wecom.timeoutMs": "单个企业微信请求的最长耗时。",
    "wecom.retry": "请求失败或被限流时如何重试。",
    "wecom.callbackToken": "用于事件：应用的 接收消息 → 设置API接收 → Token。不使用事件可留空。",
    "wecom.callbackAesKey": "用于事件：同一页面的 EncodingAESKey（43 个字符）。",
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
