import {
  CallbackCryptoError,
  callbackCrypto,
  type EventOutcome,
  type EventReceiver,
} from "@orgsync/core";

/**
 * WeCom's 接收事件服务器 for contact changes (`change_contact`), on the core's WXBizMsgCrypt.
 * The URL check is a GET whose `echostr` is decrypted and echoed; deliveries are POSTs of
 * `<xml><Encrypt>…</Encrypt></xml>` signed in the query. Events are hints: the ids they name are
 * re-read with `targeted`, and a periodic full run catches lost deliveries.
 */

/** `corpId`: what every push is encrypted for; `token`, `encodingAesKey`: the console's pair. */
export interface WeComEventReceiverOptions {
  flag: string;
  corpId: string;
  token: string;
  encodingAesKey: string;
}

export function wecomEventReceiver(options: WeComEventReceiverOptions): EventReceiver {
  const prefix = `wecom (${options.flag})`;
  const crypto = callbackCrypto(options.token, options.encodingAesKey, options.corpId, prefix);
  const refuse = (why: string): never => {
    throw new CallbackCryptoError(`${prefix}: event refused: ${why}`);
  };
  return {
    async receive(request): Promise<EventOutcome> {
      const query = request.query ?? {};
      const signature = query.msg_signature ?? refuse("the URL has no msg_signature parameter");
      const timestamp = query.timestamp ?? refuse("the URL has no timestamp parameter");
      const nonce = query.nonce ?? refuse("the URL has no nonce parameter");
      if ((request.method ?? "POST") === "GET") {
        const echo =
          query.echostr ?? refuse("a GET without echostr is not WeCom's URL check (验证URL有效性)");
        crypto.verify(signature, timestamp, nonce, echo);
        const plain = crypto.decrypt(echo);
        return { kind: "challenge", response: plain, reply: { text: plain } };
      }
      const encrypted =
        parseXml(request.body).Encrypt ??
        refuse("the body is not WeCom's <xml><Encrypt>…</Encrypt></xml>");
      crypto.verify(signature, timestamp, nonce, encrypted);
      const event = parseXml(crypto.decrypt(encrypted));
      // WeCom needs only a 200; an empty text body is what its docs show.
      const reply = { text: "" };
      const ignored = (reason: string) => ({ kind: "ignored", reason, reply }) as const;
      if (event.MsgType !== "event" || event.Event !== "change_contact") {
        return ignored(`not a contact change (${event.MsgType ?? "?"}/${event.Event ?? "?"})`);
      }
      const change = event.ChangeType ?? "";
      if (/^(create|update|delete)_user$/.test(change)) {
        // A changed userid (NewUserID): the old id is gone, the new one must be read.
        const userIds = [...new Set([event.UserID, event.NewUserID])].filter(
          (id) => !!id,
        ) as string[];
        if (userIds.length === 0) return ignored(`${change} without UserID`);
        return { kind: "changes", departmentIds: [], userIds, reply };
      }
      if (/^(create|update|delete)_party$/.test(change)) {
        if (!event.Id) return ignored(`${change} without Id`);
        return { kind: "changes", departmentIds: [event.Id], userIds: [], reply };
      }
      return ignored(`change_contact ${change || "(none)"} is not read`);
    },
  };
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * The flat `<xml>` WeCom sends: each child's CDATA (sections joined) or plain text, by tag. Enough for its
 * callbacks (no nesting, no attributes), and no XML dependency.
 */
function parseXml(xml: string): Record<string, string | undefined> {
  const fields: Record<string, string | undefined> = {};
  const inner = /<xml>([\s\S]*)<\/xml>/.exec(xml)?.[1] ?? "";
  for (const [, tag, content = ""] of inner.matchAll(/<([A-Za-z_][\w.-]*)>([\s\S]*?)<\/\1>/g)) {
    fields[tag as string] = content.includes("<![CDATA[")
      ? [...content.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)].map((part) => part[1]).join("")
      : content.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name] ?? "");
  }
  return fields;
}
