import { createDecipheriv, createHash, timingSafeEqual } from "node:crypto";

/**
 * Feishu's webhook crypto (wire spec §6.2), on the raw body: the SDK hashes a re-serialised
 * body (node-sdk #46), which fails for any sender that does not emit compact JSON in the same
 * key order.
 */

/** hex(sha256(timestamp + nonce + encryptKey + rawBody)), as `X-Lark-Signature`. */
export function expectedSignature(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  rawBody: string,
): string {
  return createHash("sha256")
    .update(timestamp + nonce + encryptKey + rawBody, "utf8")
    .digest("hex");
}

/** Compares two secrets in constant time (length aside, which is not secret here). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Decrypts `{"encrypt": …}`: base64(iv ‖ AES-256-CBC(PKCS#7)), key = sha256(encryptKey), iv the
 * first 16 bytes. Throws on a wrong key or damaged input.
 */
export function decryptPayload(encrypted: string, encryptKey: string): string {
  const buffer = Buffer.from(encrypted, "base64");
  if (buffer.length < 32 || buffer.length % 16 !== 0) {
    throw new Error("the encrypted payload is not whole AES blocks");
  }
  const key = createHash("sha256").update(encryptKey, "utf8").digest();
  const decipher = createDecipheriv("aes-256-cbc", key, buffer.subarray(0, 16));
  return Buffer.concat([decipher.update(buffer.subarray(16)), decipher.final()]).toString("utf8");
}
