import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SourceSnapshot } from "@orgsync/core";
import { type ContactRoute, handleContact, matchContactRoute } from "./contact-routes.ts";
import { handleControl } from "./control-api.ts";
import {
  type ContactEventType,
  changedFields,
  departmentEventObject,
  EventPusher,
  type PushResult,
  userEventObject,
} from "./events.ts";
import { fail, parseJson, type Reply, readBody, send } from "./http-util.ts";
import { OrgModel, ROOT_ID } from "./org-model.ts";
import { mulberry32, randomHex } from "./prng.ts";
import { SlidingWindowLimiter } from "./rate-limiter.ts";
import {
  ALL_SCOPES,
  type FeishuSandbox,
  type SandboxApp,
  type SandboxFaults,
  type SandboxOptions,
  type SandboxStats,
} from "./types.ts";

/** The sandbox as started: every optional member of {@link FeishuSandbox} is present. */
export interface RunningFeishuSandbox extends FeishuSandbox {
  sendChallenge(): Promise<{ challenge: string; status: number; body: unknown }>;
  pushRaw(body: string, headers?: Record<string, string>): Promise<PushResult>;
}

type LogEntry = FeishuSandbox["log"][number];
type SourceUser = SourceSnapshot["users"][number];
type SourceDepartment = SourceSnapshot["departments"][number];

const TOKEN_PATH = "/open-apis/auth/v3/tenant_access_token/internal";
const TOKEN_LIFETIME_S = 7200;
// Feishu hands out the same token until fewer than 30 min remain (§2).
const TOKEN_REUSE_MIN_S = 30 * 60;

interface IssuedToken {
  appId: string;
  expiresAt: number;
  calls: number;
}

export const DEFAULT_APP: Required<SandboxApp> = {
  appId: "cli_sandbox",
  appSecret: "sandbox-secret",
  scopes: [...ALL_SCOPES],
  contactScope: "all",
};

/**
 * Starts a wire-compatible fake of the Feishu Open API contact endpoints on 127.0.0.1.
 * @example
 * const sandbox = await startFeishuSandbox({ org: generateOrg({ departments: 20, users: 200 }) });
 * const client = new lark.Client({ appId: sandbox.app.appId, appSecret: sandbox.app.appSecret,
 *   domain: sandbox.url, cache: new lark.DefaultCache() });
 */
export async function startFeishuSandbox(
  options: SandboxOptions = {},
): Promise<RunningFeishuSandbox> {
  const sandbox = new Sandbox(options);
  await sandbox.listen(options.port ?? 0);
  return sandbox;
}

class Sandbox implements RunningFeishuSandbox {
  url = "";
  app: Required<SandboxApp>;
  readonly stats: SandboxStats = emptyStats();
  readonly log: LogEntry[] = [];

  private readonly model: OrgModel;
  private faults: SandboxFaults;
  private readonly random: () => number;
  private readonly limiter = new SlidingWindowLimiter();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly pageSecret = randomBytes(16).toString("hex");
  private readonly pusher: EventPusher | undefined;
  private failCallCounts = new Map<string, number>();
  private failCallFired = new Set<number>();
  private readonly server = createServer((request, response) => {
    this.serve(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        send(response, { status: 500, body: { error: messageOf(error) } });
      } else {
        response.destroy();
      }
    });
  });

  constructor(private readonly options: SandboxOptions) {
    this.app = { ...DEFAULT_APP, ...options.app };
    this.app.scopes = [...this.app.scopes];
    this.model = new OrgModel(options.org);
    this.faults = { ...options.faults };
    this.random = mulberry32(options.seed ?? 1);
    this.pusher = options.events
      ? new EventPusher(options.events, () => this.app.appId, this.random)
      : undefined;
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => {
        this.server.off("error", reject);
        const address = this.server.address() as AddressInfo;
        this.url = `http://127.0.0.1:${address.port}`;
        resolve();
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  // ---- configuration --------------------------------------------------------------------------

  setFaults(faults: SandboxFaults): void {
    this.faults = { ...faults };
    this.failCallCounts = new Map();
    this.failCallFired = new Set();
    this.limiter.reset();
  }

  /** The faults now in force (for the control API). */
  currentFaults(): SandboxFaults {
    return { ...this.faults };
  }

  setApp(app: Partial<SandboxApp>): void {
    const appIdChanged = app.appId !== undefined && app.appId !== this.app.appId;
    const secretChanged = app.appSecret !== undefined && app.appSecret !== this.app.appSecret;
    this.app = { ...this.app, ...app };
    // A new app id or a rotated secret invalidates the tokens issued before.
    if (appIdChanged || secretChanged) this.tokens.clear();
  }

  setOrg(org: SourceSnapshot): void {
    this.model.replace(org);
  }

  org(): SourceSnapshot {
    return this.model.snapshot();
  }

  resetStats(): void {
    // In place: a test may hold on to `sandbox.stats` or `sandbox.log`.
    Object.assign(this.stats, emptyStats());
    this.log.length = 0;
  }

  // ---- changes, with their events -------------------------------------------------------------

  async hire(user: SourceUser): Promise<void> {
    if (this.model.user(user.id)) {
      throw new Error(`feishu sandbox: user ${JSON.stringify(user.id)} already exists`);
    }
    const copy = structuredClone(user);
    this.checkDepartments(copy);
    this.model.putUser(copy);
    await this.emit("contact.user.created_v3", { object: this.userEvent(copy.id) });
  }

  async updateUser(id: string, change: Partial<Omit<SourceUser, "id">>): Promise<void> {
    const current = this.requireUser(id);
    const before = this.userEvent(id);
    const next: SourceUser = { ...structuredClone(current), ...structuredClone(change), id };
    if (change.raw) next.raw = { ...current.raw, ...structuredClone(change.raw) };
    if (change.departmentIds && !change.primaryDepartmentId) {
      next.primaryDepartmentId = change.departmentIds.includes(current.primaryDepartmentId ?? "")
        ? current.primaryDepartmentId
        : change.departmentIds[0];
    }
    this.checkDepartments(next);
    this.model.putUser(next);
    const after = this.userEvent(id);
    // Feishu announces a resignation as a deletion, whichever way it was made.
    if (next.status === "resigned" && current.status !== "resigned") {
      await this.emit("contact.user.deleted_v3", {
        object: after,
        old_object: { department_ids: before.department_ids, open_id: before.open_id },
      });
      return;
    }
    await this.emit("contact.user.updated_v3", {
      object: after,
      old_object: changedFields(before, after),
    });
  }

  async resign(id: string): Promise<void> {
    // The person stays listed with is_resigned, as the core model keeps resigned users.
    if (this.requireUser(id).status === "resigned") return;
    await this.updateUser(id, { status: "resigned" });
  }

  async addDepartment(department: SourceDepartment): Promise<void> {
    if (department.id === ROOT_ID || this.model.department(department.id)) {
      throw new Error(`feishu sandbox: department ${JSON.stringify(department.id)} already exists`);
    }
    this.requireParent(department.parentId);
    const copy = structuredClone(department);
    this.model.putDepartment(copy);
    await this.emit("contact.department.created_v3", {
      object: departmentEventObject(this.model, copy),
    });
  }

  async renameDepartment(id: string, name: string): Promise<void> {
    await this.changeDepartment(id, (department) => {
      department.name = name;
      department.raw = { ...department.raw, name };
      const i18n = department.raw.i18n_name;
      if (typeof i18n === "object" && i18n !== null) {
        department.raw.i18n_name = { ...i18n, zh_cn: name };
      }
    });
  }

  async moveDepartment(id: string, parentId: string): Promise<void> {
    this.requireParent(parentId);
    if (parentId === id || this.model.ancestors(parentId).includes(id)) {
      throw new Error(
        `feishu sandbox: cannot move department ${JSON.stringify(id)} under its own subtree`,
      );
    }
    await this.changeDepartment(id, (department) => {
      department.parentId = parentId;
      department.raw = { ...department.raw, parent_department_id: parentId };
    });
  }

  async deleteDepartment(id: string): Promise<void> {
    const department = this.requireDepartment(id);
    // Feishu refuses to delete a department that still has sub-departments or members.
    if (this.model.children(id, false).length > 0) {
      throw new Error(`feishu sandbox: department ${JSON.stringify(id)} still has sub-departments`);
    }
    if (this.model.members(id).length > 0) {
      throw new Error(`feishu sandbox: department ${JSON.stringify(id)} still has members`);
    }
    const object = departmentEventObject(this.model, department, true);
    this.model.removeDepartment(id);
    await this.emit("contact.department.deleted_v3", {
      object,
      old_object: { status: { is_deleted: false }, open_department_id: id },
    });
  }

  sendChallenge(): Promise<{ challenge: string; status: number; body: unknown }> {
    return this.requirePusher().sendChallenge();
  }

  pushRaw(body: string, headers: Record<string, string> = {}): Promise<PushResult> {
    return this.requirePusher().pushRaw(body, headers);
  }

  private async changeDepartment(
    id: string,
    change: (department: SourceDepartment) => void,
  ): Promise<void> {
    const department = structuredClone(this.requireDepartment(id));
    const before = departmentEventObject(this.model, department);
    change(department);
    this.model.putDepartment(department);
    const after = departmentEventObject(this.model, department);
    await this.emit("contact.department.updated_v3", {
      object: after,
      old_object: changedFields(before, after),
    });
  }

  private userEvent(id: string): Record<string, unknown> {
    return userEventObject(this.model, this.requireUser(id), this.app.scopes);
  }

  private async emit(type: ContactEventType, event: Record<string, unknown>): Promise<void> {
    if (this.pusher) await this.pusher.push(type, event);
  }

  private requirePusher(): EventPusher {
    if (!this.pusher) {
      throw new Error("feishu sandbox: no event receiver configured (options.events)");
    }
    return this.pusher;
  }

  private requireUser(id: string): SourceUser {
    const user = this.model.user(id);
    if (!user) throw new Error(`feishu sandbox: no user ${JSON.stringify(id)}`);
    return user;
  }

  private requireDepartment(id: string): SourceDepartment {
    const department = this.model.department(id);
    if (!department) throw new Error(`feishu sandbox: no department ${JSON.stringify(id)}`);
    return department;
  }

  private requireParent(id: string): void {
    if (id !== ROOT_ID) this.requireDepartment(id);
  }

  private checkDepartments(user: SourceUser): void {
    if (user.departmentIds.length === 0) {
      throw new Error(
        `feishu sandbox: user ${JSON.stringify(user.id)} needs a department ("0" is the root)`,
      );
    }
    for (const id of user.departmentIds) this.requireParent(id);
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(request.url ?? "/", "http://sandbox.invalid");
    const method = request.method ?? "GET";
    const body = await readBody(request);
    const { reply, route } = await this.route(method, url, body, request.headers.authorization);
    const entry: LogEntry = {
      method,
      path: url.pathname,
      query: url.search.slice(1),
      status: reply.status,
      at,
      ...(route ? { route } : {}),
    };
    this.log.push(entry);
    const limit = this.options.logLimit ?? 10_000;
    if (this.log.length > limit) this.log.splice(0, this.log.length - limit);
    send(response, reply);
  }

  private async route(
    method: string,
    url: URL,
    body: string,
    authorization: string | undefined,
  ): Promise<{ reply: Reply; route?: string }> {
    const path = url.pathname;
    if (path.startsWith("/_sandbox/")) {
      return { reply: await handleControl(this, method, path.slice("/_sandbox/".length), body) };
    }
    if (path === TOKEN_PATH && method === "POST") {
      this.count("token");
      await this.delay();
      return { reply: this.issueToken(body), route: "token" };
    }
    const match = matchContactRoute(method, path);
    if (!match) {
      return { reply: { status: 404, body: "404 page not found", raw: true } };
    }
    this.count(match.route);
    await this.delay();
    return {
      reply: this.contact(match.route, match.pathId, url, authorization),
      route: match.route,
    };
  }

  private contact(
    route: ContactRoute,
    pathId: string | undefined,
    url: URL,
    authorization: string | undefined,
  ): Reply {
    const auth = this.authenticate(authorization);
    if (typeof auth !== "string") return auth;
    const fault = this.fault(route, auth);
    if (fault) return fault;
    return handleContact(
      { model: this.model, app: this.app, faults: this.faults, pageSecret: this.pageSecret },
      { route, query: url.searchParams, ...(pathId === undefined ? {} : { pathId }) },
    );
  }

  private issueToken(body: string): Reply {
    let request: { app_id?: unknown; app_secret?: unknown } = {};
    try {
      request = parseJson(body) as typeof request;
    } catch {
      return { status: 200, body: { code: 10003, msg: "invalid param" } };
    }
    if (request.app_id !== this.app.appId) {
      return { status: 200, body: { code: 10003, msg: "invalid param" } };
    }
    if (request.app_secret !== this.app.appSecret) {
      return { status: 200, body: { code: 10014, msg: "app secret invalid" } };
    }
    const now = Date.now();
    const ttlCalls = this.faults.tokenTtlCalls ?? Number.POSITIVE_INFINITY;
    for (const [token, issued] of this.tokens) {
      const remaining = Math.floor((issued.expiresAt - now) / 1000);
      if (
        issued.appId === this.app.appId &&
        remaining >= TOKEN_REUSE_MIN_S &&
        issued.calls < ttlCalls
      ) {
        return {
          status: 200,
          body: { code: 0, msg: "ok", tenant_access_token: token, expire: remaining },
        };
      }
    }
    const token = `t-g${randomHex(this.random, 40)}`;
    this.tokens.set(token, {
      appId: this.app.appId,
      expiresAt: now + TOKEN_LIFETIME_S * 1000,
      calls: 0,
    });
    this.stats.tokensIssued++;
    return {
      status: 200,
      body: { code: 0, msg: "ok", tenant_access_token: token, expire: TOKEN_LIFETIME_S },
    };
  }

  /** The app id the bearer token belongs to, or the 99991661/99991663 reply. */
  private authenticate(authorization: string | undefined): string | Reply {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!match?.[1]) {
      return fail(
        400,
        99991661,
        "Missing access token for authorization. Please make a request with token attached.",
      );
    }
    const issued = this.tokens.get(match[1]);
    const ttlCalls = this.faults.tokenTtlCalls ?? Number.POSITIVE_INFINITY;
    if (issued) issued.calls++;
    if (
      !issued ||
      issued.appId !== this.app.appId ||
      issued.expiresAt <= Date.now() ||
      issued.calls > ttlCalls
    ) {
      return fail(
        this.options.invalidTokenStatus ?? 400,
        99991663,
        "Invalid access token for authorization. Please make a request with token attached.",
      );
    }
    return issued.appId;
  }

  /** Throttling and injected failures, in the order a gateway would meet them. */
  private fault(route: ContactRoute, appId: string): Reply | undefined {
    const faults = this.faults;
    if (faults.enforceLimits) {
      const decision = this.limiter.take(appId, Date.now());
      if (!decision.allowed) return this.throttled(decision.limit, decision.resetSeconds);
    }
    if ((faults.rate429 ?? 0) > 0 && this.random() < (faults.rate429 ?? 0)) {
      return this.throttled(50, faults.resetSeconds ?? 1);
    }
    if ((faults.rate5xx ?? 0) > 0 && this.random() < (faults.rate5xx ?? 0)) {
      this.stats.serverErrors++;
      return serverError(Math.floor(this.random() * 3));
    }
    const failCalls = faults.failCall ?? [];
    if (failCalls.length > 0) {
      const nth = (this.failCallCounts.get(route) ?? 0) + 1;
      this.failCallCounts.set(route, nth);
      const index = failCalls.findIndex(
        (entry, i) => entry.route === route && entry.nth === nth && !this.failCallFired.has(i),
      );
      const entry = failCalls[index];
      if (entry) {
        this.failCallFired.add(index);
        if (entry.status === 429) this.stats.throttled++;
        if (entry.status >= 500) this.stats.serverErrors++;
        return fail(entry.status, entry.code, `sandbox: injected failure of ${route} call #${nth}`);
      }
    }
    return undefined;
  }

  private throttled(limit: number, resetSeconds: number): Reply {
    this.stats.throttled++;
    return {
      status: 429,
      body: { code: 99991400, msg: "request trigger frequency limit" },
      headers: {
        "x-ogw-ratelimit-limit": String(limit),
        "x-ogw-ratelimit-reset": String(resetSeconds),
      },
    };
  }

  private count(route: string): void {
    this.stats.calls[route] = (this.stats.calls[route] ?? 0) + 1;
  }

  private async delay(): Promise<void> {
    const ms = this.faults.latencyMs ?? 0;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

/** The 5xx a gateway or the service may answer: two are not even JSON. */
function serverError(kind: number): Reply {
  if (kind === 0) return fail(500, 55001, "internal error");
  if (kind === 1) {
    return { status: 502, body: "<html><body><h1>502 Bad Gateway</h1></body></html>", raw: true };
  }
  return {
    status: 503,
    body: "upstream connect error or disconnect/reset before headers",
    raw: true,
  };
}

function emptyStats(): SandboxStats {
  return { calls: {}, throttled: 0, serverErrors: 0, tokensIssued: 0 };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
