import { createDecipheriv, createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CallbackCryptoError, callbackCrypto } from "./callback-crypto.ts";

const AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

describe("callbackCrypto", () => {
  const crypto = callbackCrypto("QDG6eK", AES_KEY, "wx5823bf96d3bd56c7", "wecom (test)");

  it("round-trips a message and binds it to the receiver", () => {
    const encrypted = crypto.encrypt("<xml>张三 🚀</xml>");
    expect(crypto.decrypt(encrypted)).toBe("<xml>张三 🚀</xml>");
    const other = callbackCrypto("QDG6eK", AES_KEY, "another-corp", "wecom (test)");
    expect(() => other.decrypt(encrypted)).toThrow(/encrypted for "wx5823bf96d3bd56c7"/);
  });

  it("lays the plaintext out as WeCom does: random, big-endian length, message, receiver, PKCS#7 to 32", () => {
    const random = Buffer.alloc(16, 7);
    const encrypted = crypto.encrypt("hello", random);
    const key = Buffer.from(`${AES_KEY}=`, "base64");
    const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(
      false,
    );
    const plain = Buffer.concat([
      decipher.update(Buffer.from(encrypted, "base64")),
      decipher.final(),
    ]);
    expect(plain.length % 32).toBe(0);
    expect(plain.subarray(0, 16)).toEqual(random);
    expect(plain.readUInt32BE(16)).toBe(5);
    expect(plain.subarray(20, 25).toString()).toBe("hello");
    const pad = plain.at(-1) as number;
    expect(plain.subarray(25, plain.length - pad).toString()).toBe("wx5823bf96d3bd56c7");
    expect([...plain.subarray(plain.length - pad)].every((byte) => byte === pad)).toBe(true);
  });

  it("signs with sha1 of the sorted token, timestamp, nonce and message, and verifies", () => {
    const signature = crypto.sign("1409659813", "1372623149", "msg");
    expect(signature).toBe(
      createHash("sha1")
        .update(["QDG6eK", "1409659813", "1372623149", "msg"].sort().join(""))
        .digest("hex"),
    );
    expect(() => crypto.verify(signature, "1409659813", "1372623149", "msg")).not.toThrow();
    expect(() => crypto.verify(signature, "1409659814", "1372623149", "msg")).toThrow(
      CallbackCryptoError,
    );
    expect(() => crypto.verify("", "1", "2", "msg")).toThrow(/signature does not match/);
  });

  it("refuses a wrong key, garbage and a malformed EncodingAESKey with the fix", () => {
    const encrypted = crypto.encrypt("x");
    const wrongKey = callbackCrypto("QDG6eK", "a".repeat(43), "wx5823bf96d3bd56c7", "w");
    expect(() => wrongKey.decrypt(encrypted)).toThrow(/EncodingAESKey/);
    expect(() => crypto.decrypt("not base64 at all")).toThrow(CallbackCryptoError);
    expect(() => callbackCrypto("t", "short", "r", "dingtalk (d)")).toThrow(
      /dingtalk \(d\): the EncodingAESKey must be the 43/,
    );
  });
});
