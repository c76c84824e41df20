import type { SourceDepartment, SourceSnapshot, SourceUser } from "@orgsync/core";

/**
 * The public surface of the WeCom sandbox: a wire-compatible fake of the qyapi contact
 * endpoints orgsync uses (and the legacy ones it must not use), for tests, the demo and
 * benchmarks.
 */

/** Route names, as counted in `stats.calls` and addressed by forced errors. */
export type WeComRoute =
  | "gettoken"
  | "department/simplelist"
  | "department/get"
  | "user/list_id"
  | "user/get"
  | "department/list"
  | "user/list"
  | "user/simplelist";

export interface SandboxApp {
  corpId: string;
  corpSecret: string;
}

export interface SandboxFaults {
  /** Share of API calls (not gettoken) answered 45009 "api freq out of limit". @default 0 */
  rateLimitShare?: number;
  /** Share of API calls answered HTTP 500. @default 0 */
  serverErrorShare?: number;
  /** A token stops working after this many API calls made with it (42001). @default Infinity */
  tokenTtlCalls?: number;
  /** Extra latency per answer, in ms. @default 0 */
  latencyMs?: number;
  /** Routes answered 48009 "api forbidden" (as for an app's secret, or a new IP). @default [] */
  forbiddenEndpoints?: WeComRoute[];
  /** Every API call answers 60020 "not allow to access from your ip … from ip: 1.2.3.4". */
  untrustedIp?: boolean;
  /** The sandbox ignores access_token, so every API call answers 41001, as behind a bad proxy. */
  dropToken?: boolean;
  /** user/get leaves out mobile, email and avatar, as for a self-built app since 2022-06-20. */
  appSecretFields?: boolean;
  /** Forced answers: a route (optionally for one id, optionally after N good calls) answers `code`. */
  errors?: {
    route: WeComRoute;
    code: number;
    /** The department id or userid the call names; any when absent. */
    id?: string;
    /** Good calls of this route before the error starts. @default 0 */
    afterCalls?: number;
    errmsg?: string;
  }[];
}

export interface SandboxOptions {
  /** The org; department ids must be numeric strings, the root is "1". */
  org?: SourceSnapshot;
  /** The corp the sandbox knows. @default DEFAULT_APP */
  app?: Partial<SandboxApp>;
  /** @default 0 (a free port on 127.0.0.1) */
  port?: number;
  faults?: SandboxFaults;
  /** Where to push change_contact callbacks, signed and encrypted like WeCom. */
  events?: { url: string; token: string; aesKey: string; agentId?: string };
  /**
   * Largest page `user/list_id` answers, whatever `limit` asks (WeCom: `limit`, at most
   * 10000): lets a small org exercise cursors.
   * @default 10000
   */
  pageSize?: number;
  /** Seed of the PRNG behind injected faults. @default 1 */
  seed?: number;
}

export interface SandboxStats {
  /** Calls per route (`gettoken`, `user/get`, …). */
  calls: Partial<Record<WeComRoute, number>>;
  rateLimited: number;
  serverErrors: number;
  tokensIssued: number;
}

/** What one push (or URL check) got back from the receiver. */
export interface PushResult {
  status: number;
  body: string;
}

export interface WeComSandbox {
  /** Base URL to configure as `baseUrl`, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly app: SandboxApp;
  readonly stats: SandboxStats;
  setOrg(org: SourceSnapshot): void;
  /** The org as the sandbox holds it now, in the core's shape. */
  org(): SourceSnapshot;
  setFaults(faults: SandboxFaults): void;
  resetStats(): void;
  /** Changes; each pushes the matching change_contact callback when `events` is configured. */
  hire(user: SourceUser): Promise<void>;
  updateUser(id: string, change: Partial<Omit<SourceUser, "id">>): Promise<void>;
  resign(id: string): Promise<void>;
  addDepartment(department: SourceDepartment): Promise<void>;
  renameDepartment(id: string, name: string): Promise<void>;
  moveDepartment(id: string, parentId: string): Promise<void>;
  deleteDepartment(id: string): Promise<void>;
  /** WeCom's URL check: a signed GET with an encrypted echostr; `echo` is what must come back. */
  verifyUrl(): Promise<PushResult & { echo: string }>;
  close(): Promise<void>;
}
