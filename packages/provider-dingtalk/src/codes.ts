import type { ApiFailureKind } from "@orgsync/core";

/**
 * DingTalk's errcodes orgsync meets, and what an admin does about each, in one place so a read
 * error and a connection check give the same advice.
 */

export const DINGTALK_CODES = {
  ok: 0,
  busy: -1,
  invalidToken: 40014,
  tokenExpired: 42001,
  badAppKey: 40089,
  badAppSecret: 40096,
  noPermission: 60011,
  departmentOutOfScope: 50004,
  departmentNotFound: 60003,
  userNotFound: 60121,
  qpsLimited: 90002,
  appMinuteLimited: 90018,
  corpMinuteLimited: 90019,
  freeQuotaUsedUp: 90020,
} as const;

/** How `callWithRetries` treats an oapi errcode (0 aside): throttling passes, so it waits. */
export function failureKind(code: number | undefined): ApiFailureKind {
  const { invalidToken, tokenExpired, qpsLimited, appMinuteLimited, corpMinuteLimited } =
    DINGTALK_CODES;
  if (code === invalidToken || code === tokenExpired) return "invalidToken";
  if (code === qpsLimited || code === appMinuteLimited || code === corpMinuteLimited) {
    return "rateLimited";
  }
  return code === DINGTALK_CODES.busy ? "transient" : "fatal";
}

export const CREDENTIALS_LOCATION =
  "开发者后台 (open-dev.dingtalk.com) → 应用开发 → 企业内部应用 → your app → 凭证与基础信息";

export const CONTACT_PERMISSIONS_FIX =
  "开发者后台 → your app → 权限管理: grant 通讯录部门信息读权限 and 成员信息读权限 (通讯录只读权限)";

export const CONTACT_SCOPE_FIX =
  "开发者后台 → your app → 权限管理 → 通讯录权限范围: include it (or 全部员工), or leave it out with deptList";

export const LEAVE_PERMISSION = "查询离职记录 (qyapi_get_member_leave_record)";

export const LEAVE_PERMISSION_FIX = `开发者后台 → your app → 权限管理: grant ${LEAVE_PERMISSION}, or remove userLeaveRangeDays`;

export const QUOTA_MESSAGE =
  "DingTalk's free-edition monthly API quota is used up (90020): orgsync cannot read the org until the quota resets on the 1st of next month or the organisation upgrades; nothing was changed";

/** What to do about an errcode, for the department or user being read; undefined when unknown. */
export function fixFor(
  code: number,
  context: { departmentId?: string; userId?: string } = {},
): string | undefined {
  const department =
    context.departmentId !== undefined ? `department ${context.departmentId}` : "a department";
  switch (code) {
    case DINGTALK_CODES.badAppKey:
    case DINGTALK_CODES.badAppSecret:
      return `the AppKey or AppSecret is wrong: copy both again from ${CREDENTIALS_LOCATION}`;
    case DINGTALK_CODES.invalidToken:
    case DINGTALK_CODES.tokenExpired:
      return `the access token was refused even after a refresh: check the AppKey and AppSecret (${CREDENTIALS_LOCATION}) and that the app is enabled`;
    case DINGTALK_CODES.noPermission:
      return `the app lacks the permission for this call: ${CONTACT_PERMISSIONS_FIX}`;
    case DINGTALK_CODES.departmentOutOfScope:
      return `${department} is outside the app's contact scope (请求的部门id不在授权范围内): ${CONTACT_SCOPE_FIX}`;
    case DINGTALK_CODES.departmentNotFound:
      return `${department} does not exist: check deptList (通讯录 → 部门 → 部门 ID)`;
    case DINGTALK_CODES.qpsLimited:
    case DINGTALK_CODES.appMinuteLimited:
    case DINGTALK_CODES.corpMinuteLimited:
      return "DingTalk throttled the app for longer than the retries allow: lower requestsPerSecond and concurrency, or run again later";
    case DINGTALK_CODES.freeQuotaUsedUp:
      return QUOTA_MESSAGE;
    default:
      return undefined;
  }
}
