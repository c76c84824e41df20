import {
  CallbackCryptoError,
  callbackCrypto,
  type EventOutcome,
  type EventReceiver,
} from "@orgsync/core";

/**
 * DingTalk's HTTP callback (事件订阅 → HTTP 推送): a POST of `{"encrypt": …}` signed in the query
 * (`signature` or `msg_signature`, `timestamp`, `nonce`), with the WXBizMsgCrypt scheme the core
 * implements. Events are hints: the caller re-reads what they name.
 *
 * Every answer, even for an ignored event, is the encrypted "success" DingTalk expects; without
 * it DingTalk retries the push and, after enough failures, disables the callback. Every refused
 * push throws `CallbackCryptoError`.
 */

export interface DingTalkEventReceiverOptions {
  /** Names the provider in messages. @example "dingtalk" */
  flag: string;
  /** 事件订阅 → 签名 token. */
  token: string;
  /** 事件订阅 → 加密 aes_key (43 characters). */
  aesKey: string;
  /** The id pushes are encrypted for: the app key. @example "dingsandboxkey" */
  receiverId: string;
}

const USER_EVENTS = new Set([
  "user_add_org",
  "user_modify_org",
  "user_leave_org",
  "user_active_org",
]);
const DEPARTMENT_EVENTS = new Set(["org_dept_create", "org_dept_modify", "org_dept_remove"]);

export function dingtalkEventReceiver(options: DingTalkEventReceiverOptions): EventReceiver {
  const where = `dingtalk (${options.flag})`;
  const crypto = callbackCrypto(options.token, options.aesKey, options.receiverId, where);
  const success = () => {
    const timeStamp = String(Date.now());
    const nonce = Math.random().toString(36).slice(2, 10);
    const encrypt = crypto.encrypt("success");
    return {
      json: { msg_signature: crypto.sign(timeStamp, nonce, encrypt), timeStamp, nonce, encrypt },
    };
  };

  return {
    async receive(request): Promise<EventOutcome> {
      const query = request.query ?? {};
      const signature = query.msg_signature ?? query.signature;
      const { timestamp, nonce } = query;
      if (!signature || !timestamp || !nonce) {
        refuse(
          where,
          "the query lacks signature/msg_signature, timestamp or nonce (not a DingTalk push)",
        );
      }
      const encrypted = parse(request.body, where, "the body is not JSON")?.encrypt;
      if (typeof encrypted !== "string") refuse(where, 'the body has no "encrypt" field');
      crypto.verify(signature, timestamp, nonce, encrypted);
      const event = parse(crypto.decrypt(encrypted), where, "the decrypted push is not JSON") ?? {};
      const type = typeof event.EventType === "string" ? event.EventType : "";
      const reply = success();
      if (type === "check_url") return { kind: "challenge", response: reply.json, reply };
      if (USER_EVENTS.has(type)) {
        return { kind: "changes", departmentIds: [], userIds: ids(event.UserId), reply };
      }
      if (DEPARTMENT_EVENTS.has(type)) {
        return { kind: "changes", departmentIds: ids(event.DeptId), userIds: [], reply };
      }
      return {
        kind: "ignored",
        reason: `event type ${type || "(none)"} is not a contact change orgsync follows`,
        reply,
      };
    },
  };
}

function refuse(where: string, why: string): never {
  throw new CallbackCryptoError(`${where}: event refused: ${why}`);
}

function parse(text: string, where: string, why: string): Record<string, unknown> | null {
  try {
    return JSON.parse(text) as Record<string, unknown> | null;
  } catch {
    return refuse(where, why);
  }
}

function ids(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  const valid = list.filter(
    (id) => (typeof id === "string" && id !== "") || typeof id === "number",
  );
  return [...new Set(valid.map(String))];
}
