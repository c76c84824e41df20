import {
  CancelledError,
  type ConnectionCheck,
  type ConnectionReport,
  connectionReport,
  parseDepartmentList,
} from "@orgsync/core";
import { WeComApiError, type WeComClient, type WeComFailure } from "./client.ts";
import { CORP_ID_LOCATION, fixFor, SECRET_LOCATION } from "./codes.ts";
import { ROOT_DEPARTMENT_ID, type WeComRecord } from "./map.ts";
import { getDepartment, getUser, PATHS, simplelist } from "./read.ts";

/**
 * `testConnection()`: one check per thing an admin gets wrong with WeCom — corp id, secret,
 * trusted IP, the secret's kind (contact-sync or app), its visible range, the fields a new
 * self-built app no longer receives, and the deptList ids.
 */

/** Enough people to tell "nobody has a mobile" from "some have none". */
const SAMPLE_USERS = 5;
/** Hidden from a self-built app created since 2022-06-20. */
const PRIVATE_FIELDS = ["mobile", "email", "avatar"] as const;
const DEPARTMENTS = "Read departments (department/simplelist, department/get)";
const NETWORK_FIX = "check the network path to WeCom and run the test again";
const USERS = "Read members (user/list_id, user/get: needs the contact-sync secret)";

export async function testConnection(
  client: WeComClient,
  options: { signal?: AbortSignal } = {},
): Promise<ConnectionReport> {
  const { signal } = options;
  const credentials = { id: "credentials", label: "Corp credentials (corpId, corpSecret)" };
  const token = await client.requestToken(signal);
  if (typeof token !== "string") {
    const detail = "not checked: no access token";
    const skip = (id: string, label: string) => ({ id, label, status: "skipped", detail }) as const;
    const refused = { ...credentials, ...tokenRefused(client.config.baseUrl, token) };
    return connectionReport([refused, skip("departments", DEPARTMENTS), skip("users", USERS)]);
  }
  let sample: WeComRecord[] = [];
  const checks: ConnectionCheck[] = [
    { ...credentials, status: "ok", detail: `token issued by ${client.config.baseUrl}` },
    await check("departments", DEPARTMENTS, async () => {
      const departments = await simplelist(client, ROOT_DEPARTMENT_ID, signal);
      return `${departments.length} departments under the root (${PATHS.simplelist})`;
    }),
    await check("users", USERS, async () => {
      const body = { cursor: "", limit: SAMPLE_USERS };
      const listed = await client.call({ method: "POST", path: PATHS.listId, body }, signal);
      const entries = (listed.dept_user as WeComRecord[] | undefined) ?? [];
      const ids = new Set(entries.map((e) => e.userid).filter((id) => typeof id === "string"));
      const users: WeComRecord[] = [];
      for (const id of ids) users.push((await getUser(client, id as string, signal)).raw);
      sample = users;
      return `${PATHS.listId} and ${PATHS.user} answered (${users.length} people sampled)`;
    }),
    ...fieldsCheck(sample),
  ];
  if (client.config.deptList.length > 0) checks.push(await deptListCheck(client, signal));
  return connectionReport(checks);
}

/** `ok` with what `run` found, or `failed` with the fix for what WeCom answered. */
async function check(
  id: string,
  label: string,
  run: () => Promise<string>,
): Promise<ConnectionCheck> {
  try {
    return { id, label, status: "ok", detail: await run() };
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    const { code, errmsg, departmentId } = error instanceof WeComApiError ? error.details : {};
    const known = code !== undefined ? fixFor(code, { errmsg, departmentId }) : undefined;
    const message = error instanceof Error ? error.message : String(error);
    const detail = code !== undefined ? `errcode ${code} "${errmsg ?? ""}"` : message;
    return { id, label, status: "failed", detail, fix: known ?? NETWORK_FIX };
  }
}

/** Why gettoken gave no token: 40013 (corp id) and 40001 (secret) are told apart. */
function tokenRefused(baseUrl: string, { code, errmsg, httpStatus }: WeComFailure) {
  if (code === undefined) {
    const fix = "check baseUrl and that this server reaches qyapi.weixin.qq.com (proxy, firewall)";
    const detail = `${baseUrl} did not answer: ${errmsg || `HTTP ${httpStatus}`}`;
    return { status: "failed", detail, fix } as const;
  }
  const fix =
    fixFor(code, { errmsg }) ??
    `check corpId (${CORP_ID_LOCATION}) and corpSecret (${SECRET_LOCATION})`;
  const detail = `errcode ${code} "${errmsg ?? ""}" from /cgi-bin/gettoken`;
  return { status: "failed", detail, fix } as const;
}

function fieldsCheck(sample: WeComRecord[]): ConnectionCheck[] {
  if (sample.length === 0) return [];
  const check = { id: "fields", label: "Private fields (mobile, email, avatar)" };
  // Left out of the record, not merely empty: that is how WeCom answers a self-built app's
  // secret, while a person without a mobile comes back with "".
  const absent = PRIVATE_FIELDS.filter((field) => sample.every((user) => !(field in user)));
  if (absent.length === 0) {
    return [{ ...check, status: "ok", detail: `present for ${sample.length} sampled people` }];
  }
  const detail = `${absent.join(", ")} missing from all ${sample.length} sampled people: since 2022-06-20 a self-built app's secret no longer receives them`;
  const fix = `use the contact-sync secret (${SECRET_LOCATION}) as corpSecret, or accept LDAP entries without ${absent.join("/")} (and change field relations that read them)`;
  return [{ ...check, status: "warning", detail, fix }];
}

async function deptListCheck(client: WeComClient, signal?: AbortSignal): Promise<ConnectionCheck> {
  const check = { id: "dept-list", label: "deptList departments exist and are visible" };
  const scope = parseDepartmentList(client.config.deptList);
  const problems: string[] = [];
  let fix: string | undefined;
  for (const id of [...scope.include, ...scope.exclude]) {
    if (id === ROOT_DEPARTMENT_ID) continue;
    try {
      await getDepartment(client, id, signal);
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      const code = error instanceof WeComApiError ? error.details.code : undefined;
      problems.push(`${id}: ${code !== undefined ? `errcode ${code}` : (error as Error).message}`);
      if (code === undefined) continue;
      fix ??= fixFor(code, { departmentId: id });
    }
  }
  if (problems.length === 0) {
    return { ...check, status: "ok", detail: client.config.deptList.join(", ") };
  }
  fix ??= "check the ids in deptList (管理后台 → 通讯录 → the department → 部门ID)";
  return { ...check, status: "failed", detail: problems.join("; "), fix };
}
