import type { ApiFailureKind } from "@orgsync/core";

/**
 * WeCom's errcodes orgsync meets, and what an admin does about each. One place, so that a read
 * error and a connection check give the same advice (go-ldap-admin users met most of these
 * with no hint at all: #197, #378, #311, #132, #63, #429).
 */

export const WECOM_CODES = {
  systemBusy: -1,
  invalidSecret: 40001,
  invalidCorpId: 40013,
  invalidToken: 40014,
  tokenMissing: 41001,
  tokenExpired: 42001,
  frequencyLimit: 45009,
  concurrencyLimit: 45033,
  userNotFoundLegacy: 46004,
  apiForbidden: 48009,
  departmentNotFound: 60003,
  noPrivilege: 60011,
  untrustedIp: 60020,
  userNotFound: 60111,
  invalidPartyId: 60123,
} as const;

/**
 * How a call that got `code` is retried: WeCom counts calls per API per corp per minute, so
 * 45009/45033 clear up by waiting; 40014/42001 need a new token; -1 is 系统繁忙. Every other code
 * (permissions, quotas, configuration: 48009, 60020, 60011, 41001, 40001, …) is fatal: retrying
 * cannot help, and the admin needs the fix now, not after minutes of backoff.
 */
export function failureKind(code: number): ApiFailureKind {
  if (code === 45009 || code === 45033) return "rateLimited";
  if (code === 40014 || code === 42001) return "invalidToken";
  return code === -1 ? "transient" : "fatal";
}

export const CORP_ID_LOCATION = "管理后台 → 我的企业 → 企业信息 → 企业ID";
export const SECRET_LOCATION = "管理后台 → 管理工具 → 通讯录同步 → Secret";
export const TRUSTED_IP_LOCATION = "管理后台 → 管理工具 → 通讯录同步 → 企业可信IP";

/** What to do about a code; undefined for codes without specific advice. */
export function fixFor(code: number, context: { errmsg?: string; departmentId?: string } = {}) {
  switch (code) {
    case WECOM_CODES.invalidCorpId:
      return `the corp id is wrong: copy corpId from ${CORP_ID_LOCATION}`;
    case WECOM_CODES.invalidSecret:
      return `the secret is wrong (or belongs to another corp): copy corpSecret from ${SECRET_LOCATION} (查看, sent to the admin's WeCom)`;
    case WECOM_CODES.tokenMissing:
      return "the request reached WeCom without its access_token: a proxy in between drops the query string, or corpSecret is empty; call qyapi.weixin.qq.com directly or keep query strings in the proxy";
    case WECOM_CODES.invalidToken:
    case WECOM_CODES.tokenExpired:
      return `WeCom refused a fresh access token: check corpId and corpSecret (${SECRET_LOCATION}) and that no other system resets this secret`;
    case WECOM_CODES.apiForbidden:
      return `this secret may not call the endpoint: use the contact-sync secret (${SECRET_LOCATION}), not an app's, and add this server's IP to ${TRUSTED_IP_LOCATION} (since 2022-08-15 new IPs may only call the endpoints orgsync uses)`;
    case WECOM_CODES.untrustedIp: {
      // WeCom names the caller in errmsg: "from ip: 1.2.3.4".
      const ip = /from ip:\s*([0-9a-fA-F.:]+)/.exec(context.errmsg ?? "")?.[1];
      return `add ${ip ? `this server's IP ${ip}` : "this server's public IP (WeCom names it in errmsg)"} to ${TRUSTED_IP_LOCATION} (or, for an app's secret, 应用管理 → the app → 企业可信IP)`;
    }
    case WECOM_CODES.noPrivilege:
      return context.departmentId !== undefined
        ? `department ${context.departmentId} is outside the secret's visible range: widen it in 管理后台 → 管理工具 → 通讯录同步 → 权限 (or the app's 可见范围), or remove it from deptList`
        : "a department or person is outside the secret's visible range: widen it (通讯录同步 → 权限, or the app's 可见范围)";
    case WECOM_CODES.departmentNotFound:
    case WECOM_CODES.invalidPartyId:
      return context.departmentId !== undefined
        ? `department ${context.departmentId} does not exist: check deptList (numeric ids from 管理后台 → 通讯录)`
        : "the department does not exist: check deptList";
    case WECOM_CODES.frequencyLimit:
    case WECOM_CODES.concurrencyLimit:
      return "WeCom throttled the corp for longer than the retries allow: lower requestsPerMinute or concurrency, or run later";
    case WECOM_CODES.systemBusy:
      return "WeCom kept answering 系统繁忙; run again later";
  }
}
