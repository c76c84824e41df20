import { type ConnectionCheck, type ConnectionReport, connectionReport } from "@orgsync/core";
import { DingTalkApiError, type DingTalkClient, describeAnswer } from "./client.ts";
import {
  DINGTALK_CODES as CODES,
  CONTACT_PERMISSIONS_FIX,
  CONTACT_SCOPE_FIX,
  CREDENTIALS_LOCATION,
  fixFor,
  LEAVE_PERMISSION,
  LEAVE_PERMISSION_FIX,
  QUOTA_MESSAGE,
} from "./codes.ts";
import { ROOT_DEPARTMENT_ID as ROOT } from "./map.ts";
import { dingtalkListings } from "./read.ts";

/**
 * `testConnection()`: one check per thing an admin can get wrong, each failed one with where to
 * click. DingTalk cannot list an app's permissions, so each is probed with the call that needs it.
 */

export async function testConnection(
  client: DingTalkClient,
  { signal }: { signal?: AbortSignal } = {},
): Promise<ConnectionReport> {
  const { baseUrl, deptList, userLeaveRangeDays: days } = client.config;
  const credentials = { id: "credentials", label: "App credentials (AppKey, AppSecret)" };
  const token = await client.token(signal);
  if (typeof token !== "string") {
    const bad = token.errcode === CODES.badAppKey || token.errcode === CODES.badAppSecret;
    const fix = bad
      ? `copy AppKey and AppSecret again from ${CREDENTIALS_LOCATION}`
      : "check baseUrl and the network path to DingTalk";
    const detail = `gettoken at ${baseUrl}: ${describeAnswer(token)}`;
    const skipped = ["permission:contact", "permission:members", "contact-scope"].map(
      (id): ConnectionCheck => ({
        id,
        label: id,
        status: "skipped",
        detail: "the credentials do not work",
      }),
    );
    return connectionReport([{ ...credentials, status: "failed", detail, fix }, ...skipped]);
  }
  const checks: ConnectionCheck[] = [
    { ...credentials, status: "ok", detail: `token issued by ${baseUrl}` },
  ];
  const listings = dingtalkListings(client);
  const departments = await probe(listings.children(ROOT, signal));
  const members = await probe(listings.membersPage(ROOT, 0, signal, 1));
  const answered = (code: number) =>
    [departments, members].find((e) => e?.details.errcode === code);
  if (answered(CODES.freeQuotaUsedUp)) {
    checks.push(outcome("api-quota", "API quota", { message: QUOTA_MESSAGE }, QUOTA_MESSAGE));
    return connectionReport(checks);
  }
  checks.push(
    permission("permission:contact", "通讯录部门信息读权限 (department/listsub)", departments),
    permission("permission:members", "成员信息读权限 (user/list)", members),
  );
  const outOfScope = answered(CODES.departmentOutOfScope);
  const label = "Contact scope (通讯录权限范围) covers the root";
  checks.push(
    // With a deptList the root need not be in scope: a warning only.
    deptList.length === 0 || !outOfScope
      ? outcome("contact-scope", label, outOfScope, CONTACT_SCOPE_FIX)
      : { id: "contact-scope", label, status: "warning", detail: outOfScope.message },
  );
  for (const entry of deptList) {
    const id = entry.replace(/^\^\s*/, "");
    const error = await probe(listings.department(id, signal));
    const fix = fixFor(error?.details.errcode ?? 0, { departmentId: id }) ?? "check deptList";
    checks.push(outcome(`dept-list:${id}`, `deptList department ${id}`, error, fix));
  }
  if (days !== undefined) {
    // The first page is enough to know the permission works.
    const error = await probe(listings.leaveRecords(days, signal, 1).next());
    const status = error?.details.httpStatus === 403 ? "missing" : "failed";
    checks.push(
      outcome("permission:leave-records", LEAVE_PERMISSION, error, LEAVE_PERMISSION_FIX, status),
    );
  }
  return connectionReport(checks);
}

function permission(id: string, label: string, error?: DingTalkApiError): ConnectionCheck {
  const code = error?.details.errcode;
  if (code === CODES.departmentOutOfScope) return { id, label, status: "ok" };
  if (code === CODES.noPermission)
    return outcome(id, label, error, CONTACT_PERMISSIONS_FIX, "missing");
  return outcome(id, label, error, fixFor(code ?? 0) ?? "see the detail");
}

/** `ok` without an error; else `status`, the error as the detail, and what to do. */
function outcome(
  id: string,
  label: string,
  error: { message: string } | undefined,
  fix: string,
  status: "failed" | "missing" = "failed",
): ConnectionCheck {
  return error ? { id, label, status, detail: error.message, fix } : { id, label, status: "ok" };
}

/** A call's DingTalk error instead of a throw; anything else (cancellation) still throws. */
function probe(call: Promise<unknown>): Promise<DingTalkApiError | undefined> {
  return call.then(
    () => undefined,
    (error: unknown) => {
      if (error instanceof DingTalkApiError) return error;
      throw error;
    },
  );
}
