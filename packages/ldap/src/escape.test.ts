import { describe, expect, it } from "vitest";
import { escapeFilterValue, wireDn, wireRdn } from "./escape.ts";

describe("escapeFilterValue", () => {
  it("escapes what RFC 4515 reserves", () => {
    expect(escapeFilterValue("a*b(c)d\\e\0")).toBe("a\\2ab\\28c\\29d\\5ce\\00");
    expect(escapeFilterValue("研发 (R&D)")).toBe("研发 \\28R&D\\29");
  });
});

describe("wireDn", () => {
  it("writes a backslash in a value as \\5C so ldapts splits modifyDN targets right", () => {
    expect(wireRdn("cn", "back\\")).toBe("cn=back\\5C");
    expect(wireDn("cn=a\\\\,ou=x")).toBe("cn=a\\5C,ou=x");
  });

  it("keeps other escapes", () => {
    expect(wireRdn("cn", "a,b+c")).toBe("cn=a\\,b\\+c");
    expect(wireRdn("cn", " #x ")).toBe("cn=\\ #x\\ ");
  });
});
