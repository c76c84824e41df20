import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { passwordModifyRequest, randomPassword, sshaHash } from "./passwords.ts";

describe("sshaHash", () => {
  it("is base64(sha1(password + salt) + salt) behind {SSHA}", () => {
    const salt = Buffer.from("0102030405060708", "hex");
    const hash = sshaHash("123456", salt);
    const raw = Buffer.from(hash.slice("{SSHA}".length), "base64");
    expect(raw.subarray(20)).toEqual(salt);
    expect(raw.subarray(0, 20)).toEqual(createHash("sha1").update("123456").update(salt).digest());
  });

  it("salts every hash differently", () => {
    expect(sshaHash("same")).not.toBe(sshaHash("same"));
  });
});

describe("randomPassword", () => {
  it("gives 24 unambiguous characters, different every time", () => {
    const password = randomPassword();
    expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{24}$/);
    expect(randomPassword()).not.toBe(password);
  });
});

describe("passwordModifyRequest", () => {
  it("encodes RFC 3062's request value", () => {
    const value = passwordModifyRequest("uid=a", "pw");
    // SEQUENCE { [0] "uid=a", [2] "pw" }
    expect([...value]).toEqual([
      0x30,
      0x0b,
      0x80,
      0x05,
      ...Buffer.from("uid=a"),
      0x82,
      0x02,
      ...Buffer.from("pw"),
    ]);
  });

  it("uses long-form lengths past 127 bytes", () => {
    const dn = `uid=${"x".repeat(200)}`;
    const value = passwordModifyRequest(dn, "pw");
    expect(value[1]).toBe(0x81);
    expect(value.length).toBe(3 + 3 + dn.length + 2 + 2);
  });
});
