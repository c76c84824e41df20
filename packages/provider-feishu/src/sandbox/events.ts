import type { SourceDepartment, SourceUser } from "@orgsync/core";
import { encryptEvent, signEvent } from "./event-crypto.ts";
import type { OrgModel, RenderContext } from "./org-model.ts";
import { randomHex } from "./prng.ts";
import type { FeishuScope } from "./types.ts";

/**
 * Contact events as Feishu pushes them in webhook mode (§6): schema 2.0 envelopes, compact JSON,
 * encrypted and signed when the app has an Encrypt Key.
 */

export type ContactEventType =
  | "contact.user.created_v3"
  | "contact.user.updated_v3"
  | "contact.user.deleted_v3"
  | "contact.department.created_v3"
  | "contact.department.updated_v3"
  | "contact.department.deleted_v3";

export interface EventTarget {
  url: string;
  encryptKey?: string;
  verificationToken: string;
}

/** What the receiver answered. */
export interface PushResult {
  status: number;
  body: string;
}

/** A user as events carry it: every id type at once, departments as open_department_ids. */
export function userEventObject(
  model: OrgModel,
  user: SourceUser,
  scopes: readonly FeishuScope[],
): Record<string, unknown> {
  const context: RenderContext = {
    departmentIdType: "open_department_id",
    userIdType: "open_id",
    scopes: new Set(scopes),
  };
  return model.renderUser(user, context);
}

/** A department as events carry it: `order` is a number here, unlike REST (§3.2). */
export function departmentEventObject(
  model: OrgModel,
  department: SourceDepartment,
  deleted = false,
): Record<string, unknown> {
  const rendered = model.renderDepartment(department, {
    departmentIdType: "open_department_id",
    userIdType: "open_id",
    scopes: new Set(),
  });
  const { member_count: _count, primary_member_count: _primary, ...rest } = rendered;
  return { ...rest, order: department.order, status: { is_deleted: deleted } };
}

/** The fields of `before` whose value differs in `after`: Feishu's `old_object` (§6.1). */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  const old: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) old[key] = before[key] ?? null;
  }
  return old;
}

export class EventPusher {
  private counter = 0;

  constructor(
    private readonly target: EventTarget,
    private readonly appId: () => string,
    private readonly random: () => number,
  ) {}

  /** Pushes one event and waits for the receiver; a non-2xx answer rejects. */
  async push(eventType: ContactEventType, event: Record<string, unknown>): Promise<PushResult> {
    this.counter++;
    const envelope = {
      schema: "2.0",
      header: {
        event_id: `ev-sandbox-${this.counter}-${randomHex(this.random, 16)}`,
        event_type: eventType,
        create_time: String(Date.now()),
        token: this.target.verificationToken,
        app_id: this.appId(),
        tenant_key: "sandbox-tenant",
      },
      event,
    };
    const result = await this.send(envelope);
    if (result.status < 200 || result.status > 299) {
      throw new Error(
        `feishu sandbox: event receiver ${this.target.url} answered ${result.status} to ${eventType}: ${result.body.slice(0, 200)}`,
      );
    }
    return result;
  }

  /** Sends a `url_verification` challenge, as Feishu does when the URL is configured. */
  async sendChallenge(): Promise<{ challenge: string; status: number; body: unknown }> {
    const challenge = `challenge-${randomHex(this.random, 16)}`;
    const result = await this.send({
      challenge,
      token: this.target.verificationToken,
      type: "url_verification",
    });
    let body: unknown = result.body;
    try {
      body = JSON.parse(result.body);
    } catch {
      // Not JSON: hand back the text; the caller checks the echo.
    }
    return { challenge, status: result.status, body };
  }

  /** Encrypts and signs a plaintext payload per the target's settings, then posts it. */
  async send(payload: unknown): Promise<PushResult> {
    const plain = JSON.stringify(payload);
    const key = this.target.encryptKey;
    if (!key) return this.pushRaw(plain, {});
    const body = JSON.stringify({ encrypt: encryptEvent(plain, key) });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomHex(this.random, 16);
    return this.pushRaw(body, {
      "X-Lark-Request-Timestamp": timestamp,
      "X-Lark-Request-Nonce": nonce,
      "X-Lark-Signature": signEvent(timestamp, nonce, key, body),
    });
  }

  /** Posts a body verbatim (bad signatures, replays, junk): never throws on a non-2xx answer. */
  async pushRaw(body: string, headers: Record<string, string>): Promise<PushResult> {
    let response: Response;
    try {
      response = await fetch(this.target.url, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8", ...headers },
        body,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new Error(`feishu sandbox: event receiver ${this.target.url} unreachable`, {
        cause: error,
      });
    }
    return { status: response.status, body: await response.text() };
  }
}
