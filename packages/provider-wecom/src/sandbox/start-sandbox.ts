import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type CallbackCrypto,
  callbackCrypto,
  type SourceDepartment,
  type SourceSnapshot,
  type SourceUser,
} from "@orgsync/core";
import { mulberry32 } from "@orgsync/core/fixtures";
import { handleControl } from "./control-api.ts";
import { type Json, OrgModel, ROOT_ID } from "./org-model.ts";
import type {
  PushResult,
  SandboxApp,
  SandboxFaults,
  SandboxOptions,
  SandboxStats,
  WeComRoute,
  WeComSandbox,
} from "./types.ts";

/** The sandbox as started. */
export type RunningWeComSandbox = WeComSandbox;

export const DEFAULT_APP: SandboxApp = { corpId: "wwsandboxcorp", corpSecret: "sandbox-secret" };

const ROUTES: Record<string, { route: WeComRoute; method: "GET" | "POST" }> = {
  "/cgi-bin/gettoken": { route: "gettoken", method: "GET" },
  "/cgi-bin/department/simplelist": { route: "department/simplelist", method: "GET" },
  "/cgi-bin/department/get": { route: "department/get", method: "GET" },
  "/cgi-bin/user/list_id": { route: "user/list_id", method: "POST" },
  "/cgi-bin/user/get": { route: "user/get", method: "GET" },
  "/cgi-bin/department/list": { route: "department/list", method: "GET" },
  "/cgi-bin/user/list": { route: "user/list", method: "GET" },
  "/cgi-bin/user/simplelist": { route: "user/simplelist", method: "GET" },
};

/** Closed to a newly trusted IP since 2022-08-15: the sandbox answers them as for such an IP. */
const LEGACY: ReadonlySet<WeComRoute> = new Set([
  "department/list",
  "user/list",
  "user/simplelist",
]);

const MORE_INFO = (code: number) =>
  `more info at https://open.work.weixin.qq.com/devtool/query?e=${code}`;

/**
 * Starts a wire-compatible fake of WeCom's qyapi contact endpoints on 127.0.0.1.
 * @example
 * const sandbox = await startWeComSandbox({ org: numericDepartmentIds(generateOrg({ departments: 20, users: 200, rootId: "1" })) });
 * const provider = wecomProvider({ ...sandbox.app, baseUrl: sandbox.url });
 */
export async function startWeComSandbox(
  options: SandboxOptions = {},
): Promise<RunningWeComSandbox> {
  const sandbox = new Sandbox(options);
  await sandbox.listen(options.port ?? 0);
  return sandbox;
}

class Sandbox implements RunningWeComSandbox {
  url = "";
  readonly app: SandboxApp;
  stats: SandboxStats = emptyStats();
  #model: OrgModel;
  #faults: SandboxFaults;
  readonly #random: () => number;
  readonly #tokens = new Map<string, { calls: number }>();
  readonly #routeCalls = new Map<WeComRoute, number>();
  readonly #crypto: CallbackCrypto | undefined;
  readonly #server = createServer((request, response) => {
    this.#serve(request, response).catch((error: unknown) => {
      if (response.headersSent) response.destroy();
      else send(response, 500, { errcode: -1, errmsg: String(error) });
    });
  });

  constructor(private readonly options: SandboxOptions) {
    this.app = { ...DEFAULT_APP, ...options.app };
    this.#model = new OrgModel(options.org);
    this.#faults = { ...options.faults };
    this.#random = mulberry32(options.seed ?? 1);
    this.#crypto = options.events
      ? callbackCrypto(
          options.events.token,
          options.events.aesKey,
          this.app.corpId,
          "wecom sandbox",
        )
      : undefined;
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
    this.#model = new OrgModel(org);
  }

  org(): SourceSnapshot {
    return this.#model.snapshot();
  }

  setFaults(faults: SandboxFaults): void {
    this.#faults = { ...faults };
    this.#routeCalls.clear();
  }

  faults(): SandboxFaults {
    return { ...this.#faults };
  }

  resetStats(): void {
    this.stats = emptyStats();
  }

  // ---- changes, each pushing its change_contact callback ---------------------------------------

  async hire(user: SourceUser): Promise<void> {
    if (this.#model.users.has(user.id))
      throw new Error(`wecom sandbox: user ${user.id} exists already`);
    this.#model.putUser(user);
    await this.#push({ ChangeType: "create_user", UserID: user.id });
  }

  async updateUser(id: string, change: Partial<Omit<SourceUser, "id">>): Promise<void> {
    const current = this.#userOrThrow(id);
    this.#model.putUser({ ...current, ...change, id, raw: { ...current.raw, ...change.raw } });
    await this.#push({ ChangeType: "update_user", UserID: id });
  }

  async resign(id: string): Promise<void> {
    const current = this.#userOrThrow(id);
    this.#model.putUser({ ...current, status: "resigned" });
    await this.#push({ ChangeType: "delete_user", UserID: id });
  }

  async addDepartment(department: SourceDepartment): Promise<void> {
    if (this.#model.departments.has(Number(department.id))) {
      throw new Error(`wecom sandbox: department ${department.id} exists already`);
    }
    this.#departmentOrThrow(department.parentId);
    const record = this.#model.putDepartment(department);
    await this.#push({
      ChangeType: "create_party",
      Id: record.id,
      Name: record.name,
      ParentId: record.parentid,
      Order: record.order,
    });
  }

  async renameDepartment(id: string, name: string): Promise<void> {
    const record = this.#departmentOrThrow(id);
    record.name = name;
    await this.#push({ ChangeType: "update_party", Id: record.id, Name: name });
  }

  async moveDepartment(id: string, parentId: string): Promise<void> {
    const record = this.#departmentOrThrow(id);
    const parent = this.#departmentOrThrow(parentId);
    if (this.#model.subtree(record.id).some((d) => d.id === parent.id)) {
      throw new Error(
        `wecom sandbox: cannot move department ${id} under its own subtree (${parentId})`,
      );
    }
    record.parentid = parent.id;
    await this.#push({ ChangeType: "update_party", Id: record.id, ParentId: parent.id });
  }

  async deleteDepartment(id: string): Promise<void> {
    const record = this.#departmentOrThrow(id);
    // WeCom refuses too (60005, 60006): a department must be emptied first.
    if (this.#model.subtree(record.id).length > 1) {
      throw new Error(
        `wecom sandbox: department ${id} has sub-departments; delete or move them first`,
      );
    }
    for (const user of this.#model.users.values()) {
      if ((user.department as number[]).includes(record.id)) {
        throw new Error(`wecom sandbox: department ${id} still has member ${String(user.userid)}`);
      }
    }
    this.#model.departments.delete(record.id);
    await this.#push({ ChangeType: "delete_party", Id: record.id });
  }

  async verifyUrl(): Promise<PushResult & { echo: string }> {
    const { crypto, events } = this.#eventsOrThrow();
    const echo = randomBytes(8).toString("hex");
    const echostr = crypto.encrypt(echo);
    const { timestamp, nonce } = stamp();
    const query = new URLSearchParams({
      msg_signature: crypto.sign(timestamp, nonce, echostr),
      timestamp,
      nonce,
      echostr,
    });
    const response = await fetch(`${events.url}?${query}`);
    return { status: response.status, body: await response.text(), echo };
  }

  #userOrThrow(id: string): SourceUser {
    const user = this.#model.userSnapshot(id);
    if (!user) throw new Error(`wecom sandbox: no user ${id}`);
    return user;
  }

  #departmentOrThrow(id: string) {
    const record = this.#model.departments.get(Number(id));
    if (!record || !/^\d+$/.test(id)) throw new Error(`wecom sandbox: no department ${id}`);
    return record;
  }

  #eventsOrThrow() {
    const events = this.options.events;
    if (!events || !this.#crypto) {
      throw new Error(
        "wecom sandbox: no events configured: start it with events: { url, token, aesKey }",
      );
    }
    return { events, crypto: this.#crypto };
  }

  async #push(fields: Record<string, string | number>): Promise<void> {
    if (!this.options.events) return;
    const { crypto, events } = this.#eventsOrThrow();
    const message = xml({
      ToUserName: this.app.corpId,
      FromUserName: "sys",
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: "event",
      Event: "change_contact",
      ...fields,
    });
    const encrypted = crypto.encrypt(message);
    const { timestamp, nonce } = stamp();
    const query = new URLSearchParams({
      msg_signature: crypto.sign(timestamp, nonce, encrypted),
      timestamp,
      nonce,
    });
    const response = await fetch(`${events.url}?${query}`, {
      method: "POST",
      headers: { "content-type": "text/xml" },
      body: xml({ ToUserName: this.app.corpId, AgentID: events.agentId ?? "", Encrypt: encrypted }),
    });
    await response.text();
    if (!response.ok) {
      throw new Error(
        `wecom sandbox: the receiver answered ${fields.ChangeType} with HTTP ${response.status}`,
      );
    }
  }

  // ---- the qyapi routes -------------------------------------------------------------------------

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
      send(response, reply.status, reply.body);
      return;
    }
    const known = ROUTES[url.pathname];
    if (!known) {
      send(response, 404, { errcode: 404, errmsg: `no such sandbox path ${url.pathname}` });
      return;
    }
    const { route } = known;
    this.stats.calls[route] = (this.stats.calls[route] ?? 0) + 1;
    const faults = this.#faults;
    if (faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    const query = url.searchParams;
    if (route === "gettoken") {
      send(response, 200, this.#token(query));
      return;
    }
    const refusal = this.#refusal(route, query);
    if (refusal === "serverError") {
      this.stats.serverErrors++;
      send(response, 500, "<html><body>500 Internal Server Error</body></html>");
      return;
    }
    if (refusal) {
      send(response, 200, refusal);
      return;
    }
    if (request.method !== known.method) {
      send(response, 200, { errcode: 43004, errmsg: `${route} needs ${known.method}` });
      return;
    }
    send(response, 200, this.#answer(route, query, body));
  }

  #token(query: URLSearchParams): Json {
    if (query.get("corpid") !== this.app.corpId) {
      return { errcode: 40013, errmsg: `invalid corpid, ${MORE_INFO(40013)}` };
    }
    if (query.get("corpsecret") !== this.app.corpSecret) {
      return { errcode: 40001, errmsg: `invalid credential, ${MORE_INFO(40001)}` };
    }
    const token = randomBytes(24).toString("base64url");
    this.#tokens.set(token, { calls: 0 });
    this.stats.tokensIssued++;
    return { errcode: 0, errmsg: "ok", access_token: token, expires_in: 7200 };
  }

  /** Why the call is refused before it is served: auth, policy, injected faults. */
  #refusal(route: WeComRoute, query: URLSearchParams): Json | "serverError" | undefined {
    const faults = this.#faults;
    if (faults.untrustedIp) {
      return {
        errcode: 60020,
        errmsg: `not allow to access from your ip, hint: [1700000000_1_abc], from ip: 1.2.3.4, ${MORE_INFO(60020)}`,
      };
    }
    const token = faults.dropToken ? null : query.get("access_token");
    if (!token) return { errcode: 41001, errmsg: `access_token missing, ${MORE_INFO(41001)}` };
    const issued = this.#tokens.get(token);
    if (!issued) return { errcode: 40014, errmsg: `invalid access_token, ${MORE_INFO(40014)}` };
    issued.calls++;
    if (issued.calls > (faults.tokenTtlCalls ?? Number.POSITIVE_INFINITY)) {
      return { errcode: 42001, errmsg: `access_token expired, ${MORE_INFO(42001)}` };
    }
    if (LEGACY.has(route) || faults.forbiddenEndpoints?.includes(route)) {
      return { errcode: 48009, errmsg: `api forbidden, ${MORE_INFO(48009)}` };
    }
    if (faults.serverErrorShare && this.#random() < faults.serverErrorShare) return "serverError";
    if (faults.rateLimitShare && this.#random() < faults.rateLimitShare) {
      this.stats.rateLimited++;
      return { errcode: 45009, errmsg: `api freq out of limit, ${MORE_INFO(45009)}` };
    }
    const count = (this.#routeCalls.get(route) ?? 0) + 1;
    this.#routeCalls.set(route, count);
    const subject = query.get("id") ?? query.get("userid") ?? undefined;
    const forced = faults.errors?.find(
      (error) =>
        error.route === route &&
        (error.id === undefined || error.id === subject) &&
        count > (error.afterCalls ?? 0),
    );
    if (forced) {
      return {
        errcode: forced.code,
        errmsg: forced.errmsg ?? `forced error, ${MORE_INFO(forced.code)}`,
      };
    }
    return undefined;
  }

  #answer(route: WeComRoute, query: URLSearchParams, body: string): Json {
    const ok = { errcode: 0, errmsg: "ok" };
    switch (route) {
      case "department/simplelist": {
        const id = Number(query.get("id") ?? ROOT_ID);
        const subtree = this.#model.subtree(id);
        if (subtree.length === 0)
          return { errcode: 60003, errmsg: `department not found, ${MORE_INFO(60003)}` };
        return {
          ...ok,
          department_id: subtree.map((d) => ({ id: d.id, parentid: d.parentid, order: d.order })),
        };
      }
      case "department/get": {
        const department = this.#model.departments.get(Number(query.get("id")));
        if (!department)
          return { errcode: 60003, errmsg: `department not found, ${MORE_INFO(60003)}` };
        return { ...ok, department: { ...department } };
      }
      case "user/get": {
        const user = this.#model.users.get(query.get("userid") ?? "");
        if (!user) return { errcode: 60111, errmsg: `userid not found, ${MORE_INFO(60111)}` };
        const record = structuredClone(user);
        if (this.#faults.appSecretFields) {
          delete record.mobile;
          delete record.email;
          delete record.avatar;
        }
        return { ...ok, ...record };
      }
      case "user/list_id":
        return this.#listId(body);
      default:
        return { errcode: 48009, errmsg: `api forbidden, ${MORE_INFO(48009)}` };
    }
  }

  #listId(body: string): Json {
    let request: { cursor?: unknown; limit?: unknown };
    try {
      request = body === "" ? {} : (JSON.parse(body) as typeof request);
    } catch {
      return { errcode: 47001, errmsg: `data format error, ${MORE_INFO(47001)}` };
    }
    const limit = request.limit === undefined ? 10_000 : Number(request.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      return { errcode: 40058, errmsg: `limit must be 1 to 10000, ${MORE_INFO(40058)}` };
    }
    const cursor = typeof request.cursor === "string" ? request.cursor : "";
    const offset = cursor === "" ? 0 : Number(Buffer.from(cursor, "base64url").toString());
    if (!Number.isInteger(offset) || offset < 0) {
      return { errcode: 40058, errmsg: `invalid cursor, ${MORE_INFO(40058)}` };
    }
    const pairs: { userid: string; department: number }[] = [];
    for (const user of this.#model.users.values()) {
      for (const department of user.department as number[]) {
        pairs.push({ userid: user.userid as string, department });
      }
    }
    const size = Math.min(limit, this.options.pageSize ?? 10_000);
    const end = offset + size;
    return {
      errcode: 0,
      errmsg: "ok",
      next_cursor: end < pairs.length ? Buffer.from(String(end)).toString("base64url") : "",
      dept_user: pairs.slice(offset, end),
    };
  }
}

function emptyStats(): SandboxStats {
  return { calls: {}, rateLimited: 0, serverErrors: 0, tokensIssued: 0 };
}

function stamp(): { timestamp: string; nonce: string } {
  return {
    timestamp: String(Math.floor(Date.now() / 1000)),
    nonce: randomBytes(6).toString("hex"),
  };
}

/** WeCom's flat callback XML, every value as CDATA. */
function xml(fields: Record<string, string | number>): string {
  const children = Object.entries(fields).map(([tag, value]) =>
    typeof value === "number"
      ? `<${tag}>${value}</${tag}>`
      : `<${tag}><![CDATA[${value.replaceAll("]]>", "]]]]><![CDATA[>")}]]></${tag}>`,
  );
  return `<xml>${children.join("")}</xml>`;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  response.writeHead(status, {
    "content-type": typeof body === "string" ? "text/html" : "application/json; charset=utf-8",
  });
  response.end(text);
}
