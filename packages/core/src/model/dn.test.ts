import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DirectoryError } from "../errors.ts";
import {
  escapeDnValue,
  formatDn,
  isDescendantDn,
  normalizeDn,
  parentDn,
  parseDn,
  type Rdn,
  unescapeDnValue,
} from "./dn.ts";

// Any code point, lone surrogates excluded: what a JS string from an IM can hold.
const anyString = fc.string({ unit: "binary", maxLength: 40 });
const specialHeavy = fc.string({
  unit: fc.constantFrom(",", "+", '"', "\\", "<", ">", ";", "=", "#", " ", "\0", "a", "研", "🚀"),
  maxLength: 12,
});
const attributeType = fc.constantFrom("cn", "uid", "ou", "dc", "CN", "employeeNumber", "2.5.4.3");
const rdn: fc.Arbitrary<Rdn> = fc.record({
  attribute: attributeType,
  value: fc.oneof(anyString, specialHeavy),
});

describe("escapeDnValue", () => {
  it.each([
    ["a,b", "a\\,b"],
    ["a+b", "a\\+b"],
    ['a"b', 'a\\"b'],
    ["a\\b", "a\\\\b"],
    ["<a>", "\\<a\\>"],
    ["a;b=c", "a\\;b\\=c"],
    ["#a#", "\\#a#"],
    [" a ", "\\ a\\ "],
    [" ", "\\ "],
    ["a\0b", "a\\00b"],
    ["研发中心 🚀", "研发中心 🚀"],
    ["", ""],
  ])("escapes %j as %j", (value, escaped) => {
    expect(escapeDnValue(value)).toBe(escaped);
  });

  it("round-trips any string", () => {
    fc.assert(
      fc.property(fc.oneof(anyString, specialHeavy), (value) => {
        expect(unescapeDnValue(escapeDnValue(value))).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("unescapeDnValue", () => {
  it("decodes hex pairs, multi-byte UTF-8 included", () => {
    expect(unescapeDnValue("\\E7\\A0\\94\\E5\\8F\\91")).toBe("研发");
    expect(unescapeDnValue("a\\2cb\\2Bc")).toBe("a,b+c");
    expect(unescapeDnValue("\\F0\\9F\\9A\\80!")).toBe("🚀!");
    expect(unescapeDnValue("\\00")).toBe("\0");
  });

  it("refuses a dangling backslash and hex that is not UTF-8", () => {
    expect(() => unescapeDnValue("a\\")).toThrow(DirectoryError);
    expect(() => unescapeDnValue("\\E7\\A0")).toThrow(/not UTF-8/);
  });
});

describe("parseDn", () => {
  it("splits on unescaped commas only", () => {
    expect(parseDn("cn=a\\,b,ou=feishuroot,dc=example,dc=com")).toEqual([
      { attribute: "cn", value: "a,b" },
      { attribute: "ou", value: "feishuroot" },
      { attribute: "dc", value: "example" },
      { attribute: "dc", value: "com" },
    ]);
  });

  it("decodes hex escapes and BER values", () => {
    expect(parseDn("cn=\\E7\\A0\\94\\E5\\8F\\91\\2C1,dc=x")).toEqual([
      { attribute: "cn", value: "研发,1" },
      { attribute: "dc", value: "x" },
    ]);
    // #04024869 is an OCTET STRING "Hi".
    expect(parseDn("cn=#04024869,dc=x")[0]).toEqual({ attribute: "cn", value: "Hi" });
  });

  it("tolerates spaces around separators but keeps escaped ones", () => {
    expect(parseDn(" cn = a b , dc = x ")).toEqual([
      { attribute: "cn", value: "a b" },
      { attribute: "dc", value: "x" },
    ]);
    expect(parseDn("cn=\\ a\\ ,dc=x")[0]?.value).toBe(" a ");
    expect(parseDn("cn=a\\20,dc=x")[0]?.value).toBe("a ");
  });

  it("reads the root DSE as no RDNs and an empty value as empty", () => {
    expect(parseDn("")).toEqual([]);
    expect(parseDn("cn=,dc=x")[0]?.value).toBe("");
  });

  it.each(["cn", "cn=a,", "=a", "c n=a", "cn=a+sn=b", "cn=a;b", 'cn=a"b', "cn=a\\", "cn=#zz"])(
    "refuses %j as invalidDn",
    (dn) => {
      expect(() => parseDn(dn)).toThrow(
        expect.objectContaining({ name: "DirectoryError", category: "invalidDn" }),
      );
    },
  );

  it("round-trips formatDn", () => {
    fc.assert(
      fc.property(fc.array(rdn, { maxLength: 6 }), (rdns) => {
        expect(parseDn(formatDn(rdns))).toEqual(rdns);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("normalizeDn", () => {
  it("compares as OpenLDAP does for cn/uid/ou/dc", () => {
    expect(normalizeDn("CN=Sales , OU=FeishuRoot,DC=Example,DC=com")).toBe(
      "cn=sales,ou=feishuroot,dc=example,dc=com",
    );
    expect(normalizeDn("cn=a\\2cb,dc=x")).toBe(normalizeDn("cn=A\\,B,dc=x"));
    // NFC: a decomposed é equals the composed one.
    expect(normalizeDn("cn=e\u0301,dc=x")).toBe(normalizeDn("cn=\u00e9,dc=x"));
    // Insignificant spaces (RFC 4518): slapd treats these as one entry.
    expect(normalizeDn("cn=a  b,dc=x")).toBe(normalizeDn("cn=a b,dc=x"));
    expect(normalizeDn("cn=\\ a,dc=x")).toBe("cn=a,dc=x");
  });

  it("folds compatibility forms as slapd does (NFKC), even into DN syntax", () => {
    // Sibling departments slapd holds to be one name must get distinct RDNs from the planner.
    expect(normalizeDn("cn=研发（一）部,dc=x")).toBe(normalizeDn("cn=研发(一)部,dc=x"));
    expect(normalizeDn("cn=ＡＢＣ,dc=x")).toBe("cn=abc,dc=x");
    expect(normalizeDn("cn=a\u3000b,dc=x")).toBe(normalizeDn("cn=a b,dc=x"));
    // A fullwidth comma is a value character, which folds into an escaped comma, not a separator.
    expect(normalizeDn("cn=a，b,dc=x")).toBe("cn=a\\,b,dc=x");
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.array(rdn, { maxLength: 5 }), (rdns) => {
        const once = normalizeDn(formatDn(rdns));
        expect(normalizeDn(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("parentDn and isDescendantDn", () => {
  it("keeps the parent's spelling", () => {
    expect(parentDn("cn=a\\,b, OU=X\\2c,dc=com")).toBe("OU=X\\2c,dc=com");
    expect(parentDn("dc=com")).toBe("");
    expect(parentDn("")).toBeNull();
  });

  it("tests strict descent case-insensitively", () => {
    const root = "ou=feishuroot,dc=example,dc=com";
    expect(isDescendantDn("cn=a,cn=b,OU=FeishuRoot,dc=example,dc=com", root)).toBe(true);
    expect(isDescendantDn(root, root)).toBe(false);
    expect(isDescendantDn("ou=feishuroot,dc=com", root)).toBe(false);
    // An escaped comma does not make a parent.
    expect(isDescendantDn("cn=x\\,ou=feishuroot,dc=example,dc=com", root)).toBe(false);
    expect(isDescendantDn("dc=com", "")).toBe(true);
  });

  it("agrees with parentDn", () => {
    fc.assert(
      fc.property(fc.array(rdn, { minLength: 1, maxLength: 5 }), (rdns) => {
        const dn = formatDn(rdns);
        const parent = parentDn(dn);
        expect(parent).not.toBeNull();
        expect(isDescendantDn(dn, parent ?? "")).toBe(true);
        expect(parseDn(parent ?? "")).toEqual(rdns.slice(1));
      }),
    );
  });
});
