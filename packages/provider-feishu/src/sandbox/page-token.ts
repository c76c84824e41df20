import { createHash } from "node:crypto";

/**
 * Opaque, stateless page tokens. Real Feishu tokens contain `/`, `+` and `=`, and clients that
 * forget to URL-encode them break; these always contain all three so the sandbox catches that.
 * A token is bound to the listing it came from (route + parameters), so replaying it elsewhere
 * answers 40012 as an unknown token would.
 */

// 0xfb 0xef 0xff encodes as "++//": every token starts with both characters that need escaping.
const MAGIC = Buffer.from([0xfb, 0xef, 0xff]);

export function encodePageToken(secret: string, listing: string, offset: number): string {
  const payload = `${offset}:${mac(secret, listing, offset)}`;
  // Pad so (magic + payload) is not a multiple of 3 bytes: base64 then ends with "=".
  let bytes = Buffer.concat([MAGIC, Buffer.from(payload, "utf8")]);
  if (bytes.length % 3 === 0) bytes = Buffer.concat([bytes, Buffer.from(":")]);
  return bytes.toString("base64");
}

/** The offset a token stands for, or undefined when it is not one of ours for this listing. */
export function decodePageToken(
  secret: string,
  listing: string,
  token: string,
): number | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return undefined;
  const bytes = Buffer.from(token, "base64");
  if (bytes.length <= MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    return undefined;
  }
  const match = /^(\d+):([0-9a-f]{16}):?$/.exec(bytes.subarray(MAGIC.length).toString("utf8"));
  if (!match) return undefined;
  const offset = Number(match[1]);
  return match[2] === mac(secret, listing, offset) ? offset : undefined;
}

function mac(secret: string, listing: string, offset: number): string {
  return createHash("sha256").update(`${secret}\n${listing}\n${offset}`).digest("hex").slice(0, 16);
}
