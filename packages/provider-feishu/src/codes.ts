/**
 * Feishu's business codes orgsync meets, and what an admin does about each. Kept in one place so
 * that a read error and a connection check give the same advice.
 */

export const FEISHU_CODES = {
  ok: 0,
  invalidParam: 10003,
  appSecretInvalid: 10014,
  rateLimited: 99991400,
  tokenMissing: 99991661,
  tenantTokenInvalid: 99991663,
  appTokenInvalid: 99991664,
  accessTokenInvalid: 99991671,
  permissionDenied: 99991672,
  noDepartmentAuthority: 40004,
  pageSizeInvalid: 40011,
  pageTokenInvalid: 40012,
  departmentNotFound: 40015,
  userNotFound: 41012,
  noUserAuthority: 41050,
  tenantInvalid: 42008,
} as const;

/** Answers after which the token is refreshed and the call retried once. */
export const INVALID_TOKEN_CODES: ReadonlySet<number> = new Set([
  FEISHU_CODES.tokenMissing,
  FEISHU_CODES.tenantTokenInvalid,
  FEISHU_CODES.accessTokenInvalid,
]);

/** Where an admin grants a permission; publishing a version is what makes it take effect. */
export function grantScopeFix(scope: string): string {
  return `开发者后台 (open.feishu.cn/app) → your app → 权限管理 → search "${scope}" → 开通, then 版本管理与发布 → 创建版本 → 申请发布, and have an admin approve it`;
}

export const CONTACT_SCOPE_FIX =
  "set the app's contact scope to all members: 开发者后台 → your app → 权限管理 → 通讯录权限范围 → 全部成员, then publish a new version (版本管理与发布)";

export const CREDENTIALS_LOCATION = "开发者后台 (open.feishu.cn/app) → your app → 凭证与基础信息";

/**
 * What to do about a code, in the context of the department (or user) being read. Returns
 * undefined for codes without specific advice.
 */
export function fixFor(
  code: number,
  context: { departmentId?: string; userId?: string; permissions?: string[] } = {},
): string | undefined {
  switch (code) {
    case FEISHU_CODES.invalidParam:
      return `the app id is wrong: copy App ID from ${CREDENTIALS_LOCATION}`;
    case FEISHU_CODES.appSecretInvalid:
      return `the app secret is wrong: copy App Secret from ${CREDENTIALS_LOCATION} (reset it there if it leaked)`;
    case FEISHU_CODES.noDepartmentAuthority:
      return context.departmentId !== undefined
        ? `department ${context.departmentId} is outside the app's contact scope; ${CONTACT_SCOPE_FIX}`
        : `a department is outside the app's contact scope; ${CONTACT_SCOPE_FIX}`;
    case FEISHU_CODES.noUserAuthority:
      return `a user is outside the app's contact scope; ${CONTACT_SCOPE_FIX}`;
    case FEISHU_CODES.permissionDenied: {
      const scopes = context.permissions?.length
        ? context.permissions
        : ["contact:contact:readonly_as_app"];
      // Feishu names every scope that would do ("one of"): granting any one is enough.
      return scopes.length === 1
        ? grantScopeFix(scopes[0] as string)
        : `grant one of ${scopes.join(", ")}: ${grantScopeFix("<scope>")}`;
    }
    case FEISHU_CODES.departmentNotFound:
      return context.departmentId !== undefined
        ? `department ${context.departmentId} does not exist: check deptList (open_department_ids, "od-…")`
        : 'the department does not exist: check deptList (open_department_ids, "od-…")';
    case FEISHU_CODES.rateLimited:
      return "Feishu throttled the app for longer than the retries allow: lower requestsPerSecond/requestsPerMinute or retry later";
    case FEISHU_CODES.tokenMissing:
    case FEISHU_CODES.tenantTokenInvalid:
    case FEISHU_CODES.accessTokenInvalid:
      return `the access token was refused even after a refresh: check the app id and secret (${CREDENTIALS_LOCATION}) and that the app is enabled`;
    case FEISHU_CODES.tenantInvalid:
      return "the tenant is invalid: check that the app is installed in your organisation";
    case FEISHU_CODES.pageSizeInvalid:
    case FEISHU_CODES.pageTokenInvalid:
      return "Feishu refused a paging parameter: report this as an orgsync bug";
    default:
      return undefined;
  }
}
