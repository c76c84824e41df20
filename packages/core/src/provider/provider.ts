import type { z } from "zod";
import type { FieldRelations } from "../field-relations/types.ts";
import type { SourceDepartment, SourceUser } from "../model/source.ts";

/**
 * The provider plugin contract. A plugin is installed once per kind (`feishu`); an admin can
 * configure several providers of one kind, each with its own `flag` (`feishu`, `lark_cn`).
 *
 * Two levels, because the registry must describe a kind before anyone configured it:
 * - `ProviderPlugin`: the kind — config schema, fields for the relation editor, defaults;
 * - `Provider`: one configured connection made by `plugin.create(config)` — reads the org chart.
 */
export interface ProviderPlugin<Config = unknown> {
  /** Stable forever: persisted state is keyed by it. Equals the package suffix (`provider-feishu`). */
  readonly kind: string;
  readonly displayName: string;
  /** The id of the IM's root department (Feishu `"0"`, DingTalk/WeCom `"1"`). */
  readonly rootDepartmentId: string;
  /** Validates configuration; its messages are shown next to the form field they name. */
  readonly configSchema: z.ZodType<Config>;
  /**
   * Top-level config keys holding secrets (`appSecret`). The service stores them encrypted,
   * never returns them and marks them `writeOnly` in the form's JSON Schema.
   * @example ["appSecret", "encryptKey"]
   */
  readonly secretFields: readonly string[];
  /** Field relations equivalent to what go-ldap-admin seeds for this IM. */
  readonly defaultFieldRelations: FieldRelations;
  /** Source fields the relation editor offers, per object kind. */
  describeFields(): FieldDescriptors;
  /** Makes a provider for validated configuration. Does no I/O until asked to read. */
  create(config: Config): Provider;
}

export interface Provider {
  readonly kind: string;
  /** The provider's flag: the first half of every anchor it produces. */
  readonly flag: string;
  readonly rootDepartmentId: string;
  /**
   * Every in-scope department, parents before or after children (the planner orders them).
   * The root department itself is not yielded. Stops with `CancelledError` when the signal aborts;
   * any failure rejects the iteration — never a silently shortened read.
   */
  fetchDepartments(options?: FetchOptions): AsyncIterable<SourceDepartment>;
  /** Every in-scope user. May yield a person once per department; `readSource` merges them. */
  fetchUsers(options?: FetchOptions): AsyncIterable<SourceUser>;
  /** Checks credentials, permissions and scope, one line per check, never throwing for a failed check. */
  testConnection(options?: { signal?: AbortSignal }): Promise<ConnectionReport>;
  /** Optional: re-reads just these objects, for event-driven runs. */
  readonly targeted?: TargetedReads;
  /** Optional: turns the IM's change events into hints for a targeted run. */
  readonly events?: EventReceiver;
}

export interface FetchOptions {
  signal?: AbortSignal;
}

export interface TargetedReads {
  /** Departments by id; ids the IM no longer knows are listed in `missing`. */
  departments(
    ids: readonly string[],
    options?: FetchOptions,
  ): Promise<TargetedResult<SourceDepartment>>;
  users(ids: readonly string[], options?: FetchOptions): Promise<TargetedResult<SourceUser>>;
}

export interface TargetedResult<T> {
  found: T[];
  missing: string[];
}

export interface EventReceiver {
  /**
   * Verifies and decodes one delivery of the IM's event callback. Returns the objects to re-read,
   * or a challenge answer the IM expects when the URL is registered. Throws an `OrgsyncError`
   * naming what failed verification.
   */
  receive(request: EventDelivery): Promise<EventOutcome>;
}

/** One HTTP request to the provider's callback URL. */
export interface EventDelivery {
  /** `POST` for deliveries; WeCom verifies the URL with a `GET`. @default "POST" */
  method?: "GET" | "POST";
  /** The URL's query parameters: DingTalk and WeCom sign there (`msg_signature`, `nonce`). */
  query?: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * What the IM must be answered, when it expects more than HTTP 200: a JSON value, or text
 * (WeCom's URL check echoes the decrypted `echostr`; DingTalk wants an encrypted "success").
 */
export type EventReply = { json: unknown } | { text: string };

export type EventOutcome =
  | { kind: "challenge"; response: unknown; reply?: EventReply }
  | { kind: "changes"; departmentIds: string[]; userIds: string[]; reply?: EventReply }
  | { kind: "ignored"; reason: string; reply?: EventReply };

export interface FieldDescriptor {
  /** The path a relation uses: `email`, `status.is_frozen`. */
  path: string;
  label: string;
  type: "string" | "number" | "boolean" | "string[]" | "object";
  description?: string;
  example?: string;
}

export interface FieldDescriptors {
  group: FieldDescriptor[];
  user: FieldDescriptor[];
}

export type ConnectionCheckStatus = "ok" | "missing" | "failed" | "warning" | "skipped";

export interface ConnectionCheck {
  /** Stable id, e.g. `credentials`, `permission:contact:user.base:readonly`. */
  id: string;
  label: string;
  status: ConnectionCheckStatus;
  /** What was found, e.g. the IM's error code and message. */
  detail?: string;
  /** What to do, e.g. where to click in the IM's developer console. */
  fix?: string;
}

export interface ConnectionReport {
  /** True when every check is `ok` or `warning`. */
  ok: boolean;
  checks: ConnectionCheck[];
}

export function connectionReport(checks: ConnectionCheck[]): ConnectionReport {
  return {
    ok: checks.every((check) => check.status === "ok" || check.status === "warning"),
    checks,
  };
}
