import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { callbackCrypto, type SourceSnapshot } from "@orgsync/core";
import { mulberry32 } from "@orgsync/core/fixtures";
import { handleControl } from "./control-api.ts";
import type {
  PushResult,
  SandboxApp,
  SandboxFaults,
  SandboxOptions,
  SandboxRoute,
  SandboxStats,
} from "./types.ts";

type SourceUser = SourceSnapshot["users"][number];
type SourceDepartment = SourceSnapshot["departments"][number];
type Json = Record<string, unknown>;

export const DEFAULT_APP: SandboxApp = { appKey: "dingsandboxkey", appSecret: "sandbox-secret" };

const ROOT_ID = "1";
const ROOT_NAME = "沙箱科技有限公司";
const CORP_ID = "dingsandboxcorp";

const ROUTES: Record<string, SandboxRoute> = {
  "GET /gettoken": "token",
  "POST /topapi/v2/department/listsub": "listsub",
  "POST /topapi/v2/user/list": "userList",
  "POST /topapi/v2/department/get": "departmentGet",
  "POST /topapi/v2/user/get": "userGet",
  "GET /v1.0/contact/empLeaveRecords": "leaveRecords",
};

/** One resignation as `empLeaveRecords` lists it; kept after a rehire, as DingTalk does. */
interface LeaveRecord {
  userId: string;
  name: string;
  stateCode: string;
  mobile: string;
  leaveTime: string;
  leaveReason: string;
}

export interface RunningDingTalkSandbox {
  /** Base URL for both `baseUrl` and `apiBaseUrl`, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly app: SandboxApp;
  readonly stats: SandboxStats;
  setOrg(org: SourceSnapshot): void;
  /** The org as held now (resigned people with status "resigned"). */
  org(): SourceSnapshot;
  setFaults(faults: SandboxFaults): void;
  faults(): SandboxFaults;
  resetStats(): void;
  /** Changes; each pushes its callback when `events` is configured. */
  hire(user: SourceUser): Promise<void>;
  updateUser(id: string, change: Partial<Omit<SourceUser, "id">>): Promise<void>;
  resign(id: string, leaveTime?: Date): Promise<void>;
  addDepartment(department: SourceDepartment): Promise<void>;
  renameDepartment(id: string, name: string): Promise<void>;
  moveDepartment(id: string, parentId: string): Promise<void>;
  deleteDepartment(id: string): Promise<void>;
  /** Pushes one callback (`check_url`, or any type) as DingTalk would; undefined without `events`. */
  push(eventType: string, fields?: Json): Promise<PushResult | undefined>;
  close(): Promise<void>;
}

/**
 * Starts a wire-compatible fake of DingTalk's oapi contact endpoints (and v1.0 leave records)
 * on 127.0.0.1.
 * @example
 * const sandbox = await startDingTalkSandbox({ org: numericDepartmentIds(generateOrg({ departments: 20, users: 200, rootId: "1" })) });
 * const provider = dingtalkProvider({ ...sandbox.app, baseUrl: sandbox.url, apiBaseUrl: sandbox.url });
 */
export async function startDingTalkSandbox(
  options: SandboxOptions = {},
): Promise<RunningDingTalkSandbox> {
  const sandbox = new Sandbox(options);
  await sandbox.listen(options.port ?? 0);
  return sandbox;
}

class Sandbox implements RunningDingTalkSandbox {
  url = "";
  readonly app: SandboxApp;
  readonly stats: SandboxStats = emptyStats();
  #departments = new Map<string, SourceDepartment>();
  #users = new Map<string, SourceUser>();
  #leaves: LeaveRecord[] = [];
  #faults: SandboxFaults;
  #tokens = new Map<string, { calls: number }>();
  #apiCalls = 0;
  #failCounts = new Map<SandboxRoute, number>();
  #failFired = new Set<number>();
  readonly #random: () => number;
  readonly #startedAt = new Date();
  readonly #server = createServer((request, response) => {
    this.#serve(request, response).catch((error: unknown) => {
      if (response.headersSent) response.destroy();
      else send(response, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });

  constructor(private readonly options: SandboxOptions) {
    this.app = { ...DEFAULT_APP, ...options.app };
    this.#faults = { ...options.faults };
    this.#random = mulberry32(options.seed ?? 1);
    this.setOrg(options.org ?? { departments: [], users: [] });
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, "127.0.0.1", () => {
        this.#server.off("error", reject);
        this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
        resolve();
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.close((error) => (error ? reject(error) : resolve()));
      this.#server.closeAllConnections();
    });
  }

  setOrg(org: SourceSnapshot): void {
    for (const department of org.departments) {
      numeric(department.id, `department ${JSON.stringify(department.name)}`);
      numeric(department.parentId, `parent of department ${department.id}`);
    }
    for (const user of org.users) {
      for (const id of user.departmentIds) numeric(id, `a department of user ${user.id}`);
    }
    this.#departments = new Map(org.departments.map((d) => [d.id, structuredClone(d)]));
    this.#users = new Map(org.users.map((u) => [u.id, structuredClone(u)]));
    this.#leaves = org.users
      .filter((user) => user.status === "resigned")
      .map((user) => leaveRecordOf(user, leaveTimeOf(user) ?? this.#startedAt));
  }

  org(): SourceSnapshot {
    return structuredClone({
      departments: [...this.#departments.values()],
      users: [...this.#users.values()],
    });
  }

  setFaults(faults: SandboxFaults): void {
    this.#faults = { ...faults };
    this.#apiCalls = 0;
    this.#failCounts = new Map();
    this.#failFired = new Set();
  }

  faults(): SandboxFaults {
    return structuredClone(this.#faults);
  }

  resetStats(): void {
    Object.assign(this.stats, emptyStats());
  }

  // ---- changes, with their callbacks ----------------------------------------------------------

  async hire(user: SourceUser): Promise<void> {
    if (this.#users.has(user.id)) throw new Error(`dingtalk sandbox: user ${user.id} exists`);
    this.#checkDepartments(user.departmentIds);
    this.#users.set(user.id, structuredClone(user));
    await this.push("user_add_org", { UserId: [user.id] });
  }

  /** Also rehires: `{ status: "active" }` for a resigned person (their leave record stays). */
  async updateUser(id: string, change: Partial<Omit<SourceUser, "id">>): Promise<void> {
    const current = this.#users.get(id);
    if (!current) throw new Error(`dingtalk sandbox: no user ${id}`);
    if (change.status === "resigned" && current.status !== "resigned") {
      return this.resign(id);
    }
    const next = { ...current, ...structuredClone(change), id };
    if (change.raw) next.raw = { ...current.raw, ...structuredClone(change.raw) };
    this.#checkDepartments(next.departmentIds);
    this.#users.set(id, next);
    await this.push("user_modify_org", { UserId: [id] });
  }

  async resign(id: string, leaveTime = new Date()): Promise<void> {
    const user = this.#user(id);
    user.status = "resigned";
    this.#leaves.push(leaveRecordOf(user, leaveTime));
    await this.push("user_leave_org", { UserId: [id] });
  }

  async addDepartment(department: SourceDepartment): Promise<void> {
    numeric(department.id, `department ${JSON.stringify(department.name)}`);
    if (this.#departments.has(department.id) || department.id === ROOT_ID) {
      throw new Error(`dingtalk sandbox: department ${department.id} exists`);
    }
    this.#checkDepartments([department.parentId]);
    this.#departments.set(department.id, structuredClone(department));
    await this.push("org_dept_create", { DeptId: [Number(department.id)] });
  }

  async renameDepartment(id: string, name: string): Promise<void> {
    this.#department(id).name = name;
    await this.push("org_dept_modify", { DeptId: [Number(id)] });
  }

  async moveDepartment(id: string, parentId: string): Promise<void> {
    const department = this.#department(id);
    this.#checkDepartments([parentId]);
    for (let at: string | undefined = parentId; at && at !== ROOT_ID; ) {
      if (at === id) throw new Error(`dingtalk sandbox: moving ${id} under ${parentId} is a cycle`);
      at = this.#departments.get(at)?.parentId;
    }
    department.parentId = parentId;
    await this.push("org_dept_modify", { DeptId: [Number(id)] });
  }

  async deleteDepartment(id: string): Promise<void> {
    this.#department(id);
    // DingTalk refuses to delete a department that still has sub-departments or members.
    if ([...this.#departments.values()].some((d) => d.parentId === id)) {
      throw new Error(`dingtalk sandbox: department ${id} has sub-departments`);
    }
    if (this.#members(id).length > 0)
      throw new Error(`dingtalk sandbox: department ${id} has members`);
    this.#departments.delete(id);
    await this.push("org_dept_remove", { DeptId: [Number(id)] });
  }

  async push(eventType: string, fields: Json = {}): Promise<PushResult | undefined> {
    const events = this.options.events;
    if (!events) return undefined;
    const crypto = callbackCrypto(
      events.token,
      events.aesKey,
      events.receiverId ?? this.app.appKey,
      "dingtalk sandbox",
    );
    const payload = {
      EventType: eventType,
      ...fields,
      CorpId: CORP_ID,
      TimeStamp: String(Date.now()),
    };
    const encrypt = crypto.encrypt(JSON.stringify(payload));
    const timestamp = String(Date.now());
    const nonce = Math.floor(this.#random() * 1e8).toString(36);
    const signature = crypto.sign(timestamp, nonce, encrypt);
    const query = new URLSearchParams({ signature, msg_signature: signature, timestamp, nonce });
    const response = await fetch(`${events.url}?${query}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ encrypt }),
    });
    const body = await response.text();
    let acknowledged = false;
    try {
      const reply = JSON.parse(body) as Record<string, string>;
      crypto.verify(
        reply.msg_signature ?? "",
        reply.timeStamp ?? "",
        reply.nonce ?? "",
        reply.encrypt ?? "",
      );
      acknowledged = response.ok && crypto.decrypt(reply.encrypt ?? "") === "success";
    } catch {
      acknowledged = false;
    }
    if (acknowledged) this.stats.pushes++;
    else this.stats.pushFailures++;
    return { status: response.status, body, acknowledged };
  }

  #user(id: string): SourceUser {
    const user = this.#users.get(id);
    if (!user || user.status === "resigned") throw new Error(`dingtalk sandbox: no user ${id}`);
    return user;
  }

  #department(id: string): SourceDepartment {
    const department = this.#departments.get(id);
    if (!department) throw new Error(`dingtalk sandbox: no department ${id}`);
    return department;
  }

  #checkDepartments(ids: readonly string[]): void {
    for (const id of ids) if (id !== ROOT_ID) this.#department(id);
  }

  #members(departmentId: string): SourceUser[] {
    return [...this.#users.values()].filter(
      (user) => user.status !== "resigned" && user.departmentIds.includes(departmentId),
    );
  }

  // ---- the wire -------------------------------------------------------------------------------

  async #serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://sandbox");
    const body = await readBody(request);
    if (url.pathname.startsWith("/_sandbox/")) {
      const reply = await handleControl(
        this,
        request.method ?? "GET",
        url.pathname.slice(10),
        body,
      );
      return send(response, reply.status, reply.body);
    }
    const route = ROUTES[`${request.method} ${url.pathname}`];
    if (!route) return send(response, 404, { errcode: 404, errmsg: `no route ${url.pathname}` });
    this.stats.calls[route] = (this.stats.calls[route] ?? 0) + 1;
    if (this.#faults.latencyMs) await new Promise((r) => setTimeout(r, this.#faults.latencyMs));
    const v1 = route === "leaveRecords";
    const reply = (answer: Json, status = 200) => send(response, status, answer);
    const fail = (errcode: number, errmsg: string, v1Status = 400, v1Code = "Error") =>
      v1 ? reply({ code: v1Code, message: errmsg }, v1Status) : reply({ errcode, errmsg });

    if (route === "token") {
      const key = url.searchParams.get("appkey");
      const secret = url.searchParams.get("appsecret");
      if (key !== this.app.appKey) return fail(40089, "不合法的appKey或appSecret");
      if (secret !== this.app.appSecret) return fail(40096, "不合法的appKey或appSecret");
      const token = `sandbox-${this.stats.tokensIssued}-${Math.floor(this.#random() * 1e12).toString(36)}`;
      this.#tokens.set(token, { calls: 0 });
      this.stats.tokensIssued++;
      return reply({ errcode: 0, errmsg: "ok", access_token: token, expires_in: 7200 });
    }

    const token = v1
      ? request.headers["x-acs-dingtalk-access-token"]
      : url.searchParams.get("access_token");
    const issued = typeof token === "string" ? this.#tokens.get(token) : undefined;
    if (!issued) return fail(40014, "不合法的access_token", 401, "InvalidAuthentication");
    if (issued.calls >= (this.#faults.tokenTtlCalls ?? Number.POSITIVE_INFINITY)) {
      return fail(42001, "access_token超时", 401, "InvalidAuthentication");
    }
    issued.calls++;
    this.#apiCalls++;
    const faults = this.#faults;
    if (
      faults.monthlyQuotaAfterCalls !== undefined &&
      this.#apiCalls > faults.monthlyQuotaAfterCalls
    ) {
      return fail(90020, "免费版企业调用量已达上限", 403, "Forbidden.QuotaExceeded");
    }
    const nth = (this.#failCounts.get(route) ?? 0) + 1;
    this.#failCounts.set(route, nth);
    const forced = faults.failCall?.findIndex((f) => f.route === route && f.nth === nth) ?? -1;
    if (forced >= 0 && !this.#failFired.has(forced)) {
      this.#failFired.add(forced);
      const f = faults.failCall?.[forced];
      if (f) return fail(f.errcode, f.errmsg ?? "forced by the sandbox", 400, String(f.errcode));
    }
    if (this.#random() < (faults.rateLimitShare ?? 0)) {
      this.stats.rateLimited++;
      return fail(90002, "api调用过于频繁", 429, "Throttling.Api");
    }
    if (this.#random() < (faults.serverErrorShare ?? 0)) {
      this.stats.serverErrors++;
      response.writeHead(502, { "content-type": "text/html" });
      response.end("<html><body>502 Bad Gateway</body></html>");
      return;
    }
    if (faults.missingPermission?.includes(route)) {
      return fail(
        60011,
        "没有调用该接口的权限",
        403,
        "Forbidden.AccessDenied.AccessTokenPermissionDenied",
      );
    }
    const input = (parseJson(body) ?? {}) as Json;
    const ok = (fields: Json) => reply({ errcode: 0, errmsg: "ok", ...fields, request_id: nth });
    const departmentOf = (value: unknown): string | undefined => {
      const id = String(value);
      return id === ROOT_ID || this.#departments.has(id) ? id : undefined;
    };
    const outOfScope = (id: string) => faults.outOfScopeDepartments?.includes(id) ?? false;

    switch (route) {
      case "listsub":
      case "userList":
      case "departmentGet": {
        const id = departmentOf(input.dept_id);
        if (id === undefined) return fail(60003, "部门不存在");
        if (outOfScope(id)) return fail(50004, "请求的部门id不在授权范围内");
        if (route === "listsub") {
          const children = [...this.#departments.values()]
            .filter((d) => d.parentId === id)
            .sort((a, b) => a.order - b.order);
          return ok({ result: children.map((d) => departmentRecord(d)) });
        }
        if (route === "departmentGet") {
          const department = this.#departments.get(id);
          return ok({
            result: department
              ? { ...departmentRecord(department), order: department.order }
              : { dept_id: 1, name: ROOT_NAME, order: 0 },
          });
        }
        const size = Number(input.size);
        const cursor = Number(input.cursor ?? 0);
        if (!Number.isInteger(size) || size < 1 || size > 100 || !Number.isInteger(cursor)) {
          return fail(40035, "不合法的参数: size must be 1–100, cursor an integer");
        }
        const members = this.#members(id);
        const list = members.slice(cursor, cursor + size).map(userRecord);
        const hasMore = cursor + size < members.length;
        return ok({
          result: { has_more: hasMore, ...(hasMore ? { next_cursor: cursor + size } : {}), list },
        });
      }
      case "userGet": {
        const user = this.#users.get(String(input.userid));
        if (!user || user.status === "resigned") return fail(60121, "找不到该用户");
        return ok({ result: userRecord(user) });
      }
      case "leaveRecords": {
        const start = Date.parse(url.searchParams.get("startTime") ?? "");
        const endParam = url.searchParams.get("endTime");
        const end = endParam ? Date.parse(endParam) : Number.POSITIVE_INFINITY;
        const max = Number(url.searchParams.get("maxResults") ?? 50);
        if (!Number.isFinite(start) || !Number.isInteger(max) || max < 1 || max > 50) {
          return fail(0, "startTime must be ISO 8601, maxResults 1–50", 400, "InvalidParameter");
        }
        const from = Number(url.searchParams.get("nextToken") || 0);
        const matching = this.#leaves.filter((record) => {
          const at = Date.parse(record.leaveTime);
          return at >= start && at <= end;
        });
        const records = matching.slice(from, from + max);
        const more = from + max < matching.length;
        return reply({ ...(more ? { nextToken: String(from + max) } : {}), records });
      }
    }
  }
}

function departmentRecord(department: SourceDepartment): Json {
  return {
    dept_id: Number(department.id),
    name: department.name,
    parent_id: Number(department.parentId),
    auto_add_user: false,
    create_dept_group: false,
  };
}

/** DingTalk's member record; taken whole when `raw` already is one, else built from Feishu's shape. */
function userRecord(user: SourceUser): Json {
  const raw = user.raw;
  const deptIds = user.departmentIds.map(Number);
  const active = user.status !== "notJoined";
  if (typeof raw.userid === "string") {
    return { ...raw, userid: user.id, name: user.name, dept_id_list: deptIds, active };
  }
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  return {
    userid: user.id,
    unionid: text(raw.union_id) || `union-${user.id}`,
    name: user.name,
    avatar: "",
    mobile: text(raw.mobile).replace(/^\+86/, ""),
    email: text(raw.email),
    org_email: text(raw.enterprise_email),
    title: text(raw.job_title),
    job_number: text(raw.employee_no),
    work_place: text(raw.work_station),
    remark: "",
    dept_id_list: deptIds,
    dept_order_list: deptIds.map((dept_id) => ({ dept_id, order: 0 })),
    leader: false,
    active,
    admin: false,
    boss: false,
    ...(typeof raw.join_time === "number" ? { hired_date: raw.join_time * 1000 } : {}),
    extension: "{}",
  };
}

function leaveRecordOf(user: SourceUser, leaveTime: Date): LeaveRecord {
  return {
    userId: user.id,
    name: user.name,
    stateCode: "86",
    mobile: typeof user.raw.mobile === "string" ? user.raw.mobile.replace(/^\+86/, "") : "",
    leaveTime: leaveTime.toISOString(),
    leaveReason: typeof user.raw.leaveReason === "string" ? user.raw.leaveReason : "",
  };
}

function leaveTimeOf(user: SourceUser): Date | undefined {
  const value = user.raw.leaveTime;
  return typeof value === "string" && Number.isFinite(Date.parse(value))
    ? new Date(value)
    : undefined;
}

function numeric(id: string, what: string): void {
  if (!/^\d+$/.test(id)) {
    throw new Error(
      `dingtalk sandbox: ${what} has id ${JSON.stringify(id)}; DingTalk department ids are integers (root "1"): convert the org with numericDepartmentIds() from @orgsync/core/fixtures`,
    );
  }
}

function emptyStats(): SandboxStats {
  return {
    calls: {},
    rateLimited: 0,
    serverErrors: 0,
    tokensIssued: 0,
    pushes: 0,
    pushFailures: 0,
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}
