import { describe, expect, it } from "vitest";
import { SlapdHarnessError } from "./errors.ts";
import { formatLdifAttribute, parseLdif } from "./ldif.ts";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

describe("parseLdif", () => {
  it("parses entries separated by blank lines, keeping value order", () => {
    const ldif = [
      "dn: dc=example,dc=com",
      "objectClass: dcObject",
      "objectClass: organization",
      "dc: example",
      "",
      "dn: ou=people,dc=example,dc=com",
      "objectClass: organizationalUnit",
      "ou: people",
      "",
    ].join("\n");
    expect(parseLdif(ldif)).toEqual([
      {
        dn: "dc=example,dc=com",
        attributes: { objectClass: ["dcObject", "organization"], dc: ["example"] },
      },
      {
        dn: "ou=people,dc=example,dc=com",
        attributes: { objectClass: ["organizationalUnit"], ou: ["people"] },
      },
    ]);
  });

  it("unfolds continued lines, removing exactly one leading space", () => {
    const ldif = [
      "dn: uid=zhangwei,ou=people,dc=exa",
      " mple,dc=com",
      "description: a long value that slapd folds at seventy-six columns when ldif-w",
      " rap is on;",
      "  the second continuation keeps its own leading space",
      "",
    ].join("\n");
    expect(parseLdif(ldif)).toEqual([
      {
        dn: "uid=zhangwei,ou=people,dc=example,dc=com",
        attributes: {
          description: [
            "a long value that slapd folds at seventy-six columns when ldif-wrap is on; the second continuation keeps its own leading space",
          ],
        },
      },
    ]);
  });

  it("decodes base64 values as UTF-8, including folded base64 and Chinese DNs", () => {
    const dn = "cn=研发中心,ou=feishuroot,dc=example,dc=com";
    const encodedDn = b64(dn);
    const ldif = [
      `dn:: ${encodedDn.slice(0, 20)}`,
      ` ${encodedDn.slice(20)}`,
      `cn:: ${b64("研发中心")}`,
      `sn:: ${b64("张")}`,
      "",
    ].join("\r\n");
    expect(parseLdif(ldif)).toEqual([{ dn, attributes: { cn: ["研发中心"], sn: ["张"] } }]);
  });

  it("keeps a leading space that was base64-encoded, and trailing spaces of plain values", () => {
    const ldif = [
      "dn: cn=x,dc=example,dc=com",
      `description:: ${b64(" leading space")}`,
      "title: trailing ",
      "empty:",
      "",
    ].join("\n");
    expect(parseLdif(ldif)[0]?.attributes).toEqual({
      description: [" leading space"],
      title: ["trailing "],
      empty: [""],
    });
  });

  it("skips comments and a version line; an empty text has no entries", () => {
    expect(parseLdif("")).toEqual([]);
    expect(parseLdif("version: 1\n# search result\n\ndn: dc=a\ndc: a\n")).toEqual([
      { dn: "dc=a", attributes: { dc: ["a"] } },
    ]);
  });

  it("refuses what is not a search result", () => {
    expect(() => parseLdif("objectClass: top\n")).toThrow(SlapdHarnessError);
    expect(() => parseLdif("dn: dc=a\nchangetype: modify\n")).toThrow(/change records/);
    expect(() => parseLdif("dn: dc=a\njpegPhoto:< file:///tmp/x.jpg\n")).toThrow(/URL values/);
    expect(() => parseLdif("dn: dc=a\nno colon here\n")).toThrow(/malformed LDIF line/);
  });
});

describe("formatLdifAttribute", () => {
  it("writes safe strings as they are and base64-encodes the rest", () => {
    expect(formatLdifAttribute("cn", "zhangwei")).toBe("cn: zhangwei");
    expect(formatLdifAttribute("cn", "")).toBe("cn: ");
    expect(formatLdifAttribute("cn", "张伟")).toBe(`cn:: ${b64("张伟")}`);
    for (const unsafe of [" lead", "trail ", ":colon", "<angle", "two\nlines"]) {
      expect(formatLdifAttribute("description", unsafe)).toBe(`description:: ${b64(unsafe)}`);
    }
  });

  it("round-trips through parseLdif", () => {
    const values = ["张伟", " 前导空格", "plain", "a:b<c", "末尾 "];
    const ldif = ["dn: cn=x", ...values.map((v) => formatLdifAttribute("description", v))].join(
      "\n",
    );
    expect(parseLdif(ldif)[0]?.attributes.description).toEqual(values);
  });
});
