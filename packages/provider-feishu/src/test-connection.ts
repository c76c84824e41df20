import {
  CancelledError,
  type ConnectionCheck,
  type ConnectionReport,
  connectionReport,
} from "@orgsync/core";
import { FeishuApiError, type FeishuClient } from "./client.ts";
import {
  CONTACT_SCOPE_FIX,
  CREDENTIALS_LOCATION,
  FEISHU_CODES,
  fixFor,
  grantScopeFix,
} from "./codes.ts";
import { type FeishuRecord, ROOT_DEPARTMENT_ID } from "./map.ts";
import { childrenPage, departmentScope, getDepartment, membersPage } from "./read.ts";

/**
 * `testConnection()`: one check per thing an admin can get wrong, each with what to click.
 * Feishu has no "which scopes does my app have" answer for tenant tokens, so permissions are
 * inferred from what the API does: a 99991672 names the scopes a call needed, and a field
 * permission shows only as a field missing from every user (Feishu leaves it out silently).
 */

/** The permissions go-ldap-admin's Feishu guide lists, then the field permissions it forgot. */
const SCOPES = [
  ["contact:department.organize:readonly", "获取部门组织架构信息"],
  ["contact:user.base:readonly", "获取用户基本信息"],
  ["contact:user.phone:readonly", "获取用户手机号"],
  ["contact:contact:readonly_as_app", "以应用身份读取通讯录"],
  ["contact:user.email:readonly", "获取用户邮箱信息"],
  ["contact:user.employee_id:readonly", "获取用户 user ID"],
  ["contact:user.employee:readonly", "获取用户雇佣信息"],
] as const;

type Scope = (typeof SCOPES)[number][0];

/** Field permissions: the user fields each one reveals. */
const FIELD_SCOPES: Partial<Record<Scope, readonly string[]>> = {
  "contact:user.phone:readonly": ["mobile"],
  "contact:user.email:readonly": ["email", "enterprise_email"],
  "contact:user.employee_id:readonly": ["user_id"],
  "contact:user.employee:readonly": ["employee_no", "job_title"],
};

/** Fields the default relations read: blank for everyone means the LDAP entries lack them. */
const WATCHED_FIELDS = [
  "name",
  "email",
  "mobile",
  "employee_no",
  "job_title",
  "work_station",
  "union_id",
  "open_id",
];

/** Enough people to tell "nobody has it" from "some have it" without reading the org. */
const SAMPLE_USERS = 30;
const SAMPLE_DEPARTMENTS = 10;

interface Probe<T> {
  value?: T;
  error?: FeishuApiError | Error;
}

export async function testConnection(
  client: FeishuClient,
  options: { signal?: AbortSignal } = {},
): Promise<ConnectionReport> {
  const { signal } = options;
  const checks: ConnectionCheck[] = [];

  const credentials = await credentialsCheck(client, signal);
  checks.push(credentials);
  if (credentials.status !== "ok") {
    for (const [scope, title] of SCOPES) {
      checks.push({
        id: `permission:${scope}`,
        label: permissionLabel(scope, title),
        status: "skipped",
        detail: "not checked: the credentials do not work",
      });
    }
    checks.push({
      id: "contact-scope",
      label: "Contact scope: all members (通讯录权限范围)",
      status: "skipped",
      detail: "not checked: the credentials do not work",
    });
    return connectionReport(checks);
  }

  // Departments: the first page of the whole tree, which also picks departments to sample.
  const departments = await probe(() =>
    client.call<{ items?: FeishuRecord[] }>(
      { name: "GET /contact/v3/departments/:department_id/children", departmentId: "0" },
      () => childrenPage(client, ROOT_DEPARTMENT_ID),
      signal,
    ),
  );

  // Users: the root's members, then departments in tree order until the sample is big enough.
  const sample: FeishuRecord[] = [];
  const userErrors: (FeishuApiError | Error)[] = [];
  const sampled = [
    ROOT_DEPARTMENT_ID,
    ...(departments.value?.items ?? [])
      .map((item) => item.open_department_id)
      .filter((id): id is string => typeof id === "string")
      .slice(0, SAMPLE_DEPARTMENTS),
  ];
  let probed = 0;
  for (const departmentId of sampled) {
    if (sample.length >= SAMPLE_USERS) break;
    probed++;
    const members = await probe(() =>
      client.call<{ items?: FeishuRecord[] }>(
        { name: "GET /contact/v3/users/find_by_department", departmentId },
        () => membersPage(client, departmentId),
        signal,
      ),
    );
    if (members.error) {
      userErrors.push(members.error);
      // A permission answer will not change from one department to the next.
      if (codeOf(members.error) === FEISHU_CODES.permissionDenied) break;
      continue;
    }
    sample.push(...(members.value?.items ?? []));
  }
  const usersReadable = probed > userErrors.length;
  const userPermissionError = userErrors.find(
    (error) => codeOf(error) === FEISHU_CODES.permissionDenied,
  );

  const violations = new Set<string>([
    ...permissionsOf(departments.error),
    ...permissionsOf(userPermissionError),
  ]);

  for (const [scope, title] of SCOPES) {
    checks.push(
      permissionCheck(scope, title, {
        violations,
        departments,
        usersReadable: usersReadable && !userPermissionError,
        userPermissionError,
        sample,
      }),
    );
  }

  checks.push(contactScopeCheck(client, departments, userErrors));
  const fields = fieldsCheck(sample, checks);
  if (fields) checks.push(fields);
  if (client.config.deptList.length > 0) checks.push(await deptListCheck(client, signal));
  return connectionReport(checks);
}

async function credentialsCheck(
  client: FeishuClient,
  signal: AbortSignal | undefined,
): Promise<ConnectionCheck> {
  const label = "App credentials (App ID, App Secret)";
  try {
    const answer = await client.requestToken(signal);
    if (answer.code === 0) {
      return {
        id: "credentials",
        label,
        status: "ok",
        detail: `token issued by ${client.baseUrl}`,
      };
    }
    const detail = `Feishu code ${answer.code} "${answer.msg}" from the token endpoint`;
    if (answer.code === FEISHU_CODES.invalidParam) {
      return {
        id: "credentials",
        label,
        status: "failed",
        detail: `app id is wrong (${detail})`,
        fix: `copy App ID (cli_…) from ${CREDENTIALS_LOCATION}`,
      };
    }
    if (answer.code === FEISHU_CODES.appSecretInvalid) {
      return {
        id: "credentials",
        label,
        status: "failed",
        detail: `app secret is wrong (${detail})`,
        fix: `copy App Secret from ${CREDENTIALS_LOCATION} (reset it there if unsure)`,
      };
    }
    return {
      id: "credentials",
      label,
      status: "failed",
      detail,
      fix: `check App ID and App Secret in ${CREDENTIALS_LOCATION}`,
    };
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    const status = (error as { response?: { status?: number } } | null)?.response?.status;
    return {
      id: "credentials",
      label,
      status: "failed",
      detail: `${client.baseUrl} did not answer the token request${status ? ` (HTTP ${status})` : ""}: ${messageOf(error)}`,
      fix: 'check domain ("feishu", "lark" or the base URL of your Feishu) and the network path to it',
    };
  }
}

function permissionCheck(
  scope: Scope,
  title: string,
  found: {
    violations: Set<string>;
    departments: Probe<{ items?: FeishuRecord[] }>;
    usersReadable: boolean;
    userPermissionError: FeishuApiError | Error | undefined;
    sample: FeishuRecord[];
  },
): ConnectionCheck {
  const id = `permission:${scope}`;
  const label = permissionLabel(scope, title);
  if (found.violations.has(scope)) {
    return {
      id,
      label,
      status: "missing",
      detail: `Feishu refused a call that needs it (code 99991672): ${[...found.violations].join(" or ")} required`,
      fix: grantScopeFix(scope),
    };
  }
  const fields = FIELD_SCOPES[scope];
  if (fields) {
    if (found.sample.length === 0) {
      return {
        id,
        label,
        status: "skipped",
        detail: found.usersReadable
          ? "no users to sample: the sampled departments are empty"
          : "not checked: users could not be read",
      };
    }
    const withField = found.sample.filter((user) => fields.some((field) => field in user)).length;
    if (withField === 0) {
      return {
        id,
        label,
        status: "missing",
        detail: `${fields.join(", ")} absent for all ${found.sample.length} sampled users: Feishu leaves out fields the app may not read`,
        fix: grantScopeFix(scope),
      };
    }
    return {
      id,
      label,
      status: "ok",
      detail: `${fields.join("/")} present for ${withField} of ${found.sample.length} sampled users`,
    };
  }
  // Call permissions: Feishu accepts any one of several scopes for a call, so a working call
  // shows that it (or a scope covering it) is granted.
  const departmentsOk = !found.departments.error || !isPermissionError(found.departments.error);
  const usersOk = found.usersReadable && !found.userPermissionError;
  const works =
    scope === "contact:department.organize:readonly"
      ? departmentsOk
      : scope === "contact:user.base:readonly"
        ? usersOk
        : departmentsOk && usersOk;
  if (works) {
    return {
      id,
      label,
      status: "ok",
      detail:
        scope === "contact:department.organize:readonly"
          ? "departments can be read"
          : scope === "contact:user.base:readonly"
            ? "users can be read"
            : "departments and users can be read",
    };
  }
  return {
    id,
    label,
    status: "skipped",
    detail:
      "not determined: the calls that need it failed for another reason (see the other checks)",
  };
}

function contactScopeCheck(
  client: FeishuClient,
  departments: Probe<unknown>,
  userErrors: (FeishuApiError | Error)[],
): ConnectionCheck {
  const id = "contact-scope";
  const label = "Contact scope: all members (通讯录权限范围)";
  const errors = [departments.error, ...userErrors].filter((error) => error !== undefined);
  const outOfScope = errors.find((error) => codeOf(error) === FEISHU_CODES.noDepartmentAuthority);
  if (outOfScope) {
    const limited = departmentScope(client).include.length > 0;
    return {
      id,
      label,
      // With a deptList only the listed departments must be visible (checked below); the root's
      // own members are then out of the sync anyway.
      status: limited ? "warning" : "missing",
      detail: `the root department "0" answered 40004 "no dept authority error": the contact scope is not all members${limited ? "; only the deptList departments can be synced" : ""}`,
      fix: `${CONTACT_SCOPE_FIX}; also grant contact:contact:readonly_as_app, without which Feishu answers 40004 too`,
    };
  }
  const permission = errors.find(isPermissionError);
  if (permission && departments.error) {
    return {
      id,
      label,
      status: "skipped",
      detail: "not checked: the app may not read departments (see the permission checks)",
    };
  }
  const other = errors.find((error) => !isPermissionError(error));
  if (other) {
    return { id, label, status: "failed", detail: messageOf(other) };
  }
  return { id, label, status: "ok", detail: "the whole org, root included, can be read" };
}

function fieldsCheck(
  sample: FeishuRecord[],
  checks: ConnectionCheck[],
): ConnectionCheck | undefined {
  if (sample.length === 0) return undefined;
  // Fields a missing permission already explains are not repeated here.
  const explained = new Set<string>();
  for (const check of checks) {
    if (check.status !== "missing") continue;
    const scope = check.id.replace(/^permission:/, "") as Scope;
    for (const field of FIELD_SCOPES[scope] ?? []) explained.add(field);
  }
  const blank = WATCHED_FIELDS.filter(
    (field) =>
      !explained.has(field) &&
      sample.every(
        (user) => user[field] === undefined || user[field] === null || user[field] === "",
      ),
  );
  if (blank.length === 0) {
    return {
      id: "fields",
      label: "User fields visible",
      status: "ok",
      detail: `${WATCHED_FIELDS.join(", ")} present in a sample of ${sample.length} users`,
    };
  }
  return {
    id: "fields",
    label: "User fields visible",
    status: "warning",
    detail: `blank for all ${sample.length} sampled users: ${blank.join(", ")}. Feishu leaves out fields the app may not read, without an error`,
    fix: "grant the field permission in 开发者后台 → 权限管理 (then publish a version), or map these LDAP attributes from other fields",
  };
}

async function deptListCheck(
  client: FeishuClient,
  signal: AbortSignal | undefined,
): Promise<ConnectionCheck> {
  const id = "dept-list";
  const label = "deptList departments";
  const scope = departmentScope(client);
  const problems: string[] = [];
  const warnings: string[] = [];
  const fixes = new Set<string>();
  for (const [listed, excluded] of [
    ...scope.include.map((entry) => [entry, false] as const),
    ...scope.exclude.map((entry) => [entry, true] as const),
  ]) {
    if (listed === ROOT_DEPARTMENT_ID) continue;
    const result = await probe(() => getDepartment(client, listed, signal));
    if (!result.error) continue;
    const code = codeOf(result.error);
    const text = `${excluded ? "^" : ""}${listed}: ${
      code === FEISHU_CODES.departmentNotFound
        ? "no such department"
        : code === FEISHU_CODES.noDepartmentAuthority
          ? "outside the app's contact scope"
          : messageOf(result.error)
    }`;
    if (excluded && code === FEISHU_CODES.departmentNotFound) warnings.push(text);
    else problems.push(text);
    const fix = code === undefined ? undefined : fixFor(code, { departmentId: listed });
    if (fix) fixes.add(fix);
  }
  if (problems.length > 0) {
    return {
      id,
      label,
      status: "missing",
      detail: [...problems, ...warnings].join("; "),
      fix: [...fixes].join("; "),
    };
  }
  if (warnings.length > 0) {
    return {
      id,
      label,
      status: "warning",
      detail: `${warnings.join("; ")}: excluding a department that does not exist does nothing (a typo?)`,
      fix: 'use open_department_ids ("od-…") in deptList',
    };
  }
  return { id, label, status: "ok", detail: `${client.config.deptList.length} entries readable` };
}

async function probe<T>(run: () => Promise<T>): Promise<Probe<T>> {
  try {
    return { value: await run() };
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
}

function codeOf(error: unknown): number | undefined {
  return error instanceof FeishuApiError ? error.details.code : undefined;
}

function isPermissionError(error: unknown): boolean {
  return codeOf(error) === FEISHU_CODES.permissionDenied;
}

function permissionsOf(error: unknown): string[] {
  return error instanceof FeishuApiError && error.details.code === FEISHU_CODES.permissionDenied
    ? (error.details.permissions ?? [])
    : [];
}

function permissionLabel(scope: string, title: string): string {
  return `Permission ${scope} (${title})`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
