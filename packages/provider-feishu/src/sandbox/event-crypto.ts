import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Feishu's event crypto (§6.2 of the wire spec), shared by the sandbox's pusher and by tests of
 * receivers: `encrypt` = base64(iv ‖ AES-256-CBC(PKCS#7, key = sha256(encryptKey))(json)).
 */

/**
 * Encrypts a JSON string as Feishu does for an app with an Encrypt Key.
 * @example encryptEvent(JSON.stringify(event), "my-encrypt-key") // "q83v…" (base64)
 */
export function encryptEvent(
  json: string,
  encryptKey: string,
  iv: Buffer = randomBytes(16),
): string {
  if (iv.length !== 16) throw new Error("feishu sandbox: an AES-CBC iv is 16 bytes");
  const key = createHash("sha256").update(encryptKey).digest();
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([iv, cipher.update(json, "utf8"), cipher.final()]).toString("base64");
}

/** The inverse of {@link encryptEvent}; throws on a wrong key or a damaged payload. */
export function decryptEvent(encrypted: string, encryptKey: string): string {
  const buffer = Buffer.from(encrypted, "base64");
  if (buffer.length < 32) throw new Error("feishu sandbox: encrypted event is too short");
  const key = createHash("sha256").update(encryptKey).digest();
  const decipher = createDecipheriv("aes-256-cbc", key, buffer.subarray(0, 16));
  return Buffer.concat([decipher.update(buffer.subarray(16)), decipher.final()]).toString("utf8");
}

/**
 * `X-Lark-Signature`: hex(sha256(timestamp + nonce + encryptKey + rawBody)). The body must be the
 * exact bytes sent; the node SDK re-stringifies the parsed body, so only compact JSON verifies.
 * @example signEvent("1700000000", "nonce", "my-encrypt-key", '{"encrypt":"…"}')
 */
export function signEvent(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  body: string,
): string {
  return createHash("sha256")
    .update(timestamp + nonce + encryptKey + body)
    .digest("hex");
}
