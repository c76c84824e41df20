import type { SourceSnapshot } from "@orgsync/core";

/**
 * The public surface of the Feishu sandbox: a wire-compatible fake of the Feishu Open API
 * endpoints orgsync uses, for tests, the demo and benchmarks. The provider's tests drive the
 * real SDK against it; nothing here is a mock of the SDK.
 */

/** The scopes (permissions) an app can be granted; missing ones make the sandbox answer as Feishu does. */
export type FeishuScope =
  | "contact:department.organize:readonly"
  | "contact:user.base:readonly"
  | "contact:user.phone:readonly"
  | "contact:contact:readonly_as_app"
  | "contact:user.email:readonly"
  | "contact:user.employee_id:readonly"
  | "contact:user.employee:readonly";

export const ALL_SCOPES: readonly FeishuScope[] = [
  "contact:department.organize:readonly",
  "contact:user.base:readonly",
  "contact:user.phone:readonly",
  "contact:contact:readonly_as_app",
  "contact:user.email:readonly",
  "contact:user.employee_id:readonly",
  "contact:user.employee:readonly",
];

export interface SandboxApp {
  appId: string;
  appSecret: string;
  /** Scopes granted to the app. @default ALL_SCOPES */
  scopes?: FeishuScope[];
  /**
   * The app's contact scope: `"all"` (every member) or the open_department_ids it may see (with
   * their subtrees). Outside it, department reads answer 40004.
   * @default "all"
   */
  contactScope?: "all" | string[];
}

export interface SandboxFaults {
  /** Share of API calls (not token calls) answered 429 + `x-ogw-ratelimit-reset`. @default 0 */
  rate429?: number;
  /** Seconds announced in `x-ogw-ratelimit-reset` for injected 429s. @default 1 */
  resetSeconds?: number;
  /** Share of API calls answered with a 5xx. @default 0 */
  rate5xx?: number;
  /** Enforce Feishu's real limits for contact APIs per app: 50/s and 1000/min, answering 429. @default false */
  enforceLimits?: boolean;
  /** Extra latency per answer, in ms. @default 0 */
  latencyMs?: number;
  /** A token stops being valid after this many API calls made with it (99991663). @default Infinity */
  tokenTtlCalls?: number;
  /** open_department_ids that answer 403/40004 on every read. @default [] */
  noAuthorityDepartments?: string[];
  /** Fail the N-th call (1-based, API calls only) of this route with this status/code, once. */
  failCall?: {
    route: "children" | "findByDepartment" | "department";
    nth: number;
    status: number;
    code: number;
  }[];
}

export interface SandboxOptions {
  /** The org: a core snapshot whose `raw` records are Feishu-shaped (`generateOrg` makes such). */
  org?: SourceSnapshot;
  /** The one app the sandbox knows. @default { appId: "cli_sandbox", appSecret: "sandbox-secret" } */
  app?: SandboxApp;
  /** @default 0 (a free port on 127.0.0.1) */
  port?: number;
  faults?: SandboxFaults;
  /** Where to push contact events (webhook mode), signed and encrypted like Feishu. */
  events?: { url: string; encryptKey?: string; verificationToken: string };
  /**
   * Seed of the PRNG behind injected faults, tokens and event ids: the same seed, the same run.
   * @default 1
   * @example 42
   */
  seed?: number;
  /**
   * HTTP status of a 99991663 (invalid or expired token) answer; Feishu's is unconfirmed (§5).
   * @default 400
   * @example 200
   */
  invalidTokenStatus?: number;
  /**
   * Most request-log entries kept (oldest dropped), so a long benchmark does not grow memory.
   * @default 10000
   */
  logLimit?: number;
}

export interface SandboxStats {
  /** Calls per route: `token`, `children`, `findByDepartment`, `department`, `batch`, `scopes`. */
  calls: Record<string, number>;
  /** 429s answered (injected or enforced). */
  throttled: number;
  /** 5xx answered. */
  serverErrors: number;
  tokensIssued: number;
}

export interface FeishuSandbox {
  /** Base URL to give the SDK as `domain` (no trailing slash), e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly app: Required<SandboxApp>;
  readonly stats: SandboxStats;
  /** Every request: method, path, query, status, time. */
  readonly log: readonly {
    method: string;
    path: string;
    status: number;
    at: number;
    /** The query string without `?` (empty when none). */
    query?: string;
    /** The stats route name (`children`, `token`, …) when the path is one. */
    route?: string;
  }[];
  setFaults(faults: SandboxFaults): void;
  setApp(app: Partial<SandboxApp>): void;
  /** Replaces the whole org. */
  setOrg(org: SourceSnapshot): void;
  /** The org as the sandbox holds it now, in the core's shape. */
  org(): SourceSnapshot;
  /** Changes while running; each pushes the matching event when `events` is configured. */
  hire(user: SourceSnapshot["users"][number]): Promise<void>;
  updateUser(
    id: string,
    change: Partial<Omit<SourceSnapshot["users"][number], "id">>,
  ): Promise<void>;
  resign(id: string): Promise<void>;
  addDepartment(department: SourceSnapshot["departments"][number]): Promise<void>;
  renameDepartment(id: string, name: string): Promise<void>;
  moveDepartment(id: string, parentId: string): Promise<void>;
  deleteDepartment(id: string): Promise<void>;
  resetStats(): void;
  close(): Promise<void>;
  /** Sends a `url_verification` challenge to the event receiver; resolves with its answer. */
  sendChallenge?(): Promise<{ challenge: string; status: number; body: unknown }>;
  /** Posts a body verbatim to the event receiver (bad signatures, junk); never rejects on non-2xx. */
  pushRaw?(
    body: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: string }>;
}
