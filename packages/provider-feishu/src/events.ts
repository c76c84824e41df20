import { type EventOutcome, type EventReceiver, OrgsyncError } from "@orgsync/core";
import { decryptPayload, expectedSignature, safeEqual } from "./event-crypto.ts";

/**
 * Feishu's contact events in webhook mode (wire spec §6), turned into ids to re-read.
 *
 * Written without the SDK's EventDispatcher on purpose: it hashes a re-serialised body (#46),
 * never checks the verification token, and answers 200 to a forged push. Here, in order:
 * signature over the raw body (when an Encrypt Key is set) with a freshness window, decryption,
 * verification token, challenge, de-duplication by `event_id`, mapping.
 *
 * Events are hints, not data (old_object is partial, deliveries can be lost): the caller
 * re-reads what they name with `targeted`, and a periodic full run catches the rest. After
 * `contact.scope.updated_v3` the app's visible org changed as a whole, so a full run should
 * follow the targeted one.
 */

export interface FeishuEventReceiverOptions {
  /** Names this provider in messages. @example "feishu" */
  flag: string;
  /**
   * Which id of a person to report, as the provider's source ids.
   * @default "union_id"
   * @example "open_id"
   */
  userIdType?: "union_id" | "open_id";
  /**
   * The app's Encrypt Key. When set, every push must be signed and encrypted with it.
   * @example "kZ3vQ…"
   */
  encryptKey?: string;
  /**
   * The app's Verification Token. When set, every push must carry it.
   * @example "v7dE…"
   */
  verificationToken?: string;
  /**
   * Oldest signed push accepted, in seconds, against replays of captured requests.
   * @default 300
   * @example 60
   */
  maxAgeSeconds?: number;
  /**
   * Event ids remembered for de-duplication (Feishu re-pushes an event it thinks was lost).
   * @default 10000
   * @example 1000
   */
  dedupeSize?: number;
  /** Clock in ms, for tests. @default Date.now */
  now?: () => number;
}

/**
 * A push that failed verification or is not Feishu's format. `status` is what to answer over
 * HTTP: Feishu re-pushes on a non-2xx, which a forger gains nothing from.
 */
export class EventRejectedError extends OrgsyncError {
  override name = "EventRejectedError";
  constructor(
    message: string,
    readonly status: 400 | 401,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

type Json = Record<string, unknown>;

const USER_EVENTS = new Set([
  "contact.user.created_v3",
  "contact.user.updated_v3",
  "contact.user.deleted_v3",
]);
const DEPARTMENT_EVENTS = new Set([
  "contact.department.created_v3",
  "contact.department.updated_v3",
  "contact.department.deleted_v3",
]);
const SCOPE_EVENT = "contact.scope.updated_v3";

export function feishuEventReceiver(options: FeishuEventReceiverOptions): EventReceiver {
  const prefix = `feishu (${options.flag})`;
  const userIdType = options.userIdType ?? "union_id";
  const maxAgeMs = (options.maxAgeSeconds ?? 300) * 1000;
  const now = options.now ?? Date.now;
  const seen = new BoundedSet(options.dedupeSize ?? 10_000);

  const reject = (message: string, status: 400 | 401, cause?: unknown): never => {
    throw new EventRejectedError(
      `${prefix}: event refused: ${message}`,
      status,
      cause === undefined ? undefined : { cause },
    );
  };

  return {
    async receive(request) {
      const headers = lowerCase(request.headers);
      const rawBody = request.body;
      let payload = parseObject(rawBody) ?? reject("the body is not a JSON object", 400);

      const { encryptKey, verificationToken } = options;
      const signature = headers["x-lark-signature"];
      if (encryptKey) {
        if (signature !== undefined) {
          const timestamp = headers["x-lark-request-timestamp"] ?? "";
          const nonce = headers["x-lark-request-nonce"] ?? "";
          const expected = expectedSignature(timestamp, nonce, encryptKey, rawBody);
          if (!safeEqual(signature.toLowerCase(), expected)) {
            reject("X-Lark-Signature does not match the body (wrong Encrypt Key, or forged)", 401);
          }
          const sentAt = Number(timestamp) * 1000;
          if (!Number.isFinite(sentAt) || Math.abs(now() - sentAt) > maxAgeMs) {
            reject(
              `X-Lark-Request-Timestamp ${JSON.stringify(timestamp)} is more than ${maxAgeMs / 1000} s off (a replay?)`,
              401,
            );
          }
        }
        if (typeof payload.encrypt !== "string") {
          reject("the app has an Encrypt Key, but the push is not encrypted", 401);
        }
        try {
          payload =
            parseObject(decryptPayload(payload.encrypt as string, encryptKey)) ??
            reject("the decrypted push is not a JSON object", 400);
        } catch (error) {
          if (error instanceof EventRejectedError) throw error;
          reject("the push does not decrypt with the Encrypt Key", 401, error);
        }
        // Without a signature only the URL check may pass: Feishu signs every event push.
        if (signature === undefined && payload.type !== "url_verification") {
          reject("the push carries no X-Lark-Signature", 401);
        }
      } else if (typeof payload.encrypt === "string") {
        reject("the push is encrypted, but no encryptKey is configured", 400);
      }

      const header = isObject(payload.header) ? payload.header : undefined;
      if (verificationToken) {
        const token = header?.token ?? payload.token;
        if (typeof token !== "string" || !safeEqual(token, verificationToken)) {
          reject("the verification token does not match", 401);
        }
      }

      if (payload.type === "url_verification") {
        if (typeof payload.challenge !== "string")
          reject("a url_verification without challenge", 400);
        return { kind: "challenge", response: { challenge: payload.challenge } };
      }

      if (payload.schema !== "2.0" || !header) {
        return { kind: "ignored", reason: "not a schema 2.0 event (contact events are 2.0)" };
      }
      const eventId = typeof header.event_id === "string" ? header.event_id : undefined;
      const eventType = typeof header.event_type === "string" ? header.event_type : "";
      if (eventId !== undefined) {
        if (seen.has(eventId)) {
          return { kind: "ignored", reason: `event ${eventId} was already received (a re-push)` };
        }
        seen.add(eventId);
      }
      const event = isObject(payload.event) ? payload.event : {};
      return mapEvent(eventType, event, userIdType);
    },
  };
}

function mapEvent(
  eventType: string,
  event: Json,
  userIdType: "union_id" | "open_id",
): EventOutcome {
  if (USER_EVENTS.has(eventType)) {
    const userIds = idsOf([event.object, event.old_object], userIdType);
    if (userIds.length === 0) {
      return {
        kind: "ignored",
        reason: `${eventType} carries no ${userIdType}; a full run will catch up`,
      };
    }
    return { kind: "changes", departmentIds: [], userIds };
  }
  if (DEPARTMENT_EVENTS.has(eventType)) {
    const departmentIds = idsOf([event.object, event.old_object], "open_department_id");
    if (departmentIds.length === 0) {
      return { kind: "ignored", reason: `${eventType} carries no open_department_id` };
    }
    return { kind: "changes", departmentIds, userIds: [] };
  }
  if (eventType === SCOPE_EVENT) {
    // Everything that entered or left the app's view; a full run should follow (see above).
    const sides = [event.added, event.removed].filter(isObject);
    const list = (key: string) =>
      sides.flatMap((side) => (Array.isArray(side[key]) ? side[key] : []));
    return {
      kind: "changes",
      departmentIds: idsOf(list("departments"), "open_department_id"),
      userIds: idsOf(list("users"), userIdType),
    };
  }
  return { kind: "ignored", reason: `event type ${eventType || "(none)"} is not a contact change` };
}

function idsOf(objects: unknown[], key: string): string[] {
  const ids = new Set<string>();
  for (const object of objects) {
    if (!isObject(object)) continue;
    const id = object[key];
    if (typeof id === "string" && id !== "") ids.add(id);
  }
  return [...ids];
}

function parseObject(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function lowerCase(headers: Record<string, string>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

/** A least-recently-seen set: forgets the entries not seen for longest beyond `limit`. */
class BoundedSet {
  readonly #items = new Set<string>();
  constructor(readonly limit: number) {}
  has(item: string): boolean {
    if (!this.#items.has(item)) return false;
    // Seen again: a re-pushed event keeps being re-pushed, keep it remembered.
    this.#items.delete(item);
    this.#items.add(item);
    return true;
  }
  add(item: string): void {
    this.#items.add(item);
    while (this.#items.size > this.limit) {
      const oldest = this.#items.values().next().value;
      if (oldest === undefined) break;
      this.#items.delete(oldest);
    }
  }
}
