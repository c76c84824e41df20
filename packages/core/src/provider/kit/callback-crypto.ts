import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";
import { OrgsyncError } from "../../errors.ts";

/**
 * The callback encryption DingTalk and WeCom share (WeCom's "WXBizMsgCrypt", which DingTalk's
 * callback crypto copies): the admin sets a token and a 43-character EncodingAESKey in the IM's
 * console; every push carries `encrypt` = base64(AES-256-CBC(16 random bytes ‖ length (4 bytes,
 * big-endian) ‖ message ‖ receiver id)), PKCS#7-padded to 32 bytes, IV = the key's first 16
 * bytes, and a signature = sha1 of the sorted token, timestamp, nonce and `encrypt`.
 * The receiver id (WeCom: the corp id; DingTalk: the app key) binds a push to one app.
 */

export class CallbackCryptoError extends OrgsyncError {
  override readonly name = "CallbackCryptoError";
}

const BLOCK = 32;

export interface CallbackCrypto {
  /** The signature of one push. */
  sign(timestamp: string, nonce: string, encrypted: string): string;
  /** Throws `CallbackCryptoError` unless `signature` is this token's signature of the push. */
  verify(signature: string, timestamp: string, nonce: string, encrypted: string): void;
  /** Encrypts `message` for this receiver (what the IM, or its sandbox, sends). */
  encrypt(message: string, random?: Buffer): string;
  /** Decrypts a push, throwing `CallbackCryptoError` when it is not for this receiver. */
  decrypt(encrypted: string): string;
}

/**
 * @param token The console's Token (any string).
 * @param encodingAesKey The console's EncodingAESKey: 43 characters of base64 without the `=`.
 * @param receiverId WeCom: the corp id; DingTalk: the app key.
 * @param where Prefixes every message (`"wecom (wecom)"`).
 */
export function callbackCrypto(
  token: string,
  encodingAesKey: string,
  receiverId: string,
  where: string,
): CallbackCrypto {
  const key = aesKeyOf(encodingAesKey, where);
  const iv = key.subarray(0, 16);
  const sign = (timestamp: string, nonce: string, encrypted: string) =>
    createHash("sha1").update([token, timestamp, nonce, encrypted].sort().join("")).digest("hex");
  return {
    sign,
    verify(signature, timestamp, nonce, encrypted) {
      const expected = Buffer.from(sign(timestamp, nonce, encrypted));
      const given = Buffer.from(signature ?? "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new CallbackCryptoError(
          `${where}: event refused: the signature does not match; check that the callback token in orgsync equals the IM console's Token`,
        );
      }
    },
    encrypt(message, random = randomBytes(16)) {
      const body = Buffer.from(message, "utf8");
      const length = Buffer.alloc(4);
      length.writeUInt32BE(body.length);
      const plain = Buffer.concat([random, length, body, Buffer.from(receiverId, "utf8")]);
      const pad = BLOCK - (plain.length % BLOCK);
      const cipher = createCipheriv("aes-256-cbc", key, iv).setAutoPadding(false);
      return Buffer.concat([
        cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])),
        cipher.final(),
      ]).toString("base64");
    },
    decrypt(encrypted) {
      const refuse = (why: string) =>
        new CallbackCryptoError(
          `${where}: event refused: ${why}; check that the EncodingAESKey in orgsync equals the IM console's`,
        );
      let plain: Buffer;
      try {
        const decipher = createDecipheriv("aes-256-cbc", key, iv).setAutoPadding(false);
        plain = Buffer.concat([
          decipher.update(Buffer.from(encrypted, "base64")),
          decipher.final(),
        ]);
      } catch {
        throw refuse("the message does not decrypt");
      }
      const pad = plain.at(-1) ?? 0;
      if (pad < 1 || pad > BLOCK || plain.length < 20 + pad)
        throw refuse("the message does not decrypt");
      const content = plain.subarray(16, plain.length - pad);
      const length = content.readUInt32BE(0);
      if (length > content.length - 4) throw refuse("the message does not decrypt");
      const message = content.subarray(4, 4 + length).toString("utf8");
      const receiver = content.subarray(4 + length).toString("utf8");
      if (receiver !== receiverId) {
        throw new CallbackCryptoError(
          `${where}: event refused: it was encrypted for "${receiver}", not for this provider's ${receiverId === "" ? "app" : `"${receiverId}"`}; check the corp id / app key`,
        );
      }
      return message;
    },
  };
}

function aesKeyOf(encodingAesKey: string, where: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) {
    throw new CallbackCryptoError(
      `${where}: the EncodingAESKey must be the 43 letters and digits the IM's console shows; copy it again`,
    );
  }
  return Buffer.from(`${encodingAesKey}=`, "base64");
}
