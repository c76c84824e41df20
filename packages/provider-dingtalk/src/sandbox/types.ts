import type { SourceSnapshot } from "@orgsync/core";

/**
 * The public surface of the DingTalk sandbox: a wire-compatible fake of the oapi contact
 * endpoints and the v1.0 leave records orgsync uses, for tests, the demo and benchmarks.
 */

export interface SandboxApp {
  appKey: string;
  appSecret: string;
}

/** Stats route names. */
export type SandboxRoute =
  | "token"
  | "listsub"
  | "userList"
  | "departmentGet"
  | "userGet"
  | "leaveRecords";

export interface SandboxFaults {
  /** Share of API calls answered with a rate-limit errcode (90002; HTTP 429 on v1.0). @default 0 */
  rateLimitShare?: number;
  /** Share of API calls answered HTTP 502. @default 0 */
  serverErrorShare?: number;
  /** A token stops working after this many API calls made with it (42001). @default Infinity */
  tokenTtlCalls?: number;
  /** Extra latency per answer, in ms. @default 0 */
  latencyMs?: number;
  /** Answers 90020 (free edition's monthly quota used up) once this many API calls were served. */
  monthlyQuotaAfterCalls?: number;
  /** Department ids outside the app's contact scope: reads of them answer 50004. @default [] */
  outOfScopeDepartments?: string[];
  /** Routes the app lacks the permission for: 60011 (v1.0: HTTP 403). @default [] */
  missingPermission?: SandboxRoute[];
  /** Answer the N-th call (1-based) of a route with this errcode, once. */
  failCall?: { route: SandboxRoute; nth: number; errcode: number; errmsg?: string }[];
}

export interface SandboxEvents {
  /** The receiver's URL (orgsync's callback endpoint). */
  url: string;
  /** 事件订阅 → 签名 token. */
  token: string;
  /** 事件订阅 → 加密 aes_key (43 characters). */
  aesKey: string;
  /** @default the app key */
  receiverId?: string;
}

export interface SandboxOptions {
  /**
   * The org: numeric department ids, root "1". `raw` may be Feishu-shaped (`generateOrg`);
   * DingTalk records are built from it. A resigned user's leave time is `raw.leaveTime` (ISO)
   * when present, else the sandbox's start.
   */
  org?: SourceSnapshot;
  /** @default DEFAULT_APP */
  app?: SandboxApp;
  /** @default 0 (a free port on 127.0.0.1) */
  port?: number;
  faults?: SandboxFaults;
  /** Where to push callbacks, signed and encrypted like DingTalk. */
  events?: SandboxEvents;
  /** Seed of the PRNG behind injected faults and tokens. @default 1 */
  seed?: number;
}

export interface SandboxStats {
  /** Calls per route. */
  calls: Partial<Record<SandboxRoute, number>>;
  /** Rate-limit answers. */
  rateLimited: number;
  serverErrors: number;
  tokensIssued: number;
  /** Pushes delivered whose answer was the encrypted "success". */
  pushes: number;
  /** Pushes the receiver did not answer with the encrypted "success". */
  pushFailures: number;
}

/** What a push got back. */
export interface PushResult {
  status: number;
  body: string;
  /** The answer decrypted to "success" with a valid signature. */
  acknowledged: boolean;
}
