import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FILTERS, localPart, truncateCodePoints } from "./filters.ts";
import { render } from "./test-render.ts";

describe("filters", () => {
  it("declares every filter it implements", () => {
    expect([...FILTERS.keys()]).toEqual([
      "pinyin",
      "lower",
      "upper",
      "trim",
      "localpart",
      "default",
      "replace",
      "truncate",
    ]);
  });

  it("pinyin", () => {
    expect(render("{{ name | pinyin }}", { name: "张伟" })).toBe("zhangwei");
    expect(render("{{ name | pinyin }}", { name: "研发中心" })).toBe("yanfazhongxin");
    expect(render("{{ name | pinyin }}", { name: "中国银行" })).toBe("zhongguoyinhang");
    expect(render('{{ name | pinyin: "name" }}', { name: "曾小明" })).toBe("zengxiaoming");
    expect(render('{{ name | pinyin: "name" }}', { name: "单雄信" })).toBe("shanxiongxin");
    expect(render('{{ name | pinyin: "name" }}', { name: "单于明" }, { 单于: "chanyu" })).toBe(
      "chanyuming",
    );
    expect(render("{{ name | pinyin }}", { name: "Tom 李" })).toBe("Tom li");
    expect(render("{{ name | pinyin }}", {})).toBeUndefined();
  });

  it("lower, upper, trim", () => {
    expect(render("{{ a | lower }}", { a: "ÀBC İ" })).toBe("àbc i̇");
    expect(render("{{ a | upper }}", { a: "straße" })).toBe("STRASSE");
    expect(render("[{{ a | trim }}]", { a: "  x y \n" })).toBe("[x y]");
    expect(render("{{ a | lower }}", {})).toBeUndefined();
  });

  it("localpart: before the last @, or the whole text without @", () => {
    expect(render("{{ e | localpart }}", { e: "zhang.wei@example.com" })).toBe("zhang.wei");
    expect(render("{{ e | localpart }}", { e: '"a@b"@example.com' })).toBe('"a@b"');
    expect(render("{{ e | localpart }}", { e: "zhangwei" })).toBe("zhangwei");
    expect(localPart("@example.com")).toBe("");
  });

  it("default: literal, number and path arguments; only when absent or blank", () => {
    expect(render('{{ n | default: "0000" }}', {})).toBe("0000");
    expect(render('{{ n | default: "0000" }}', { n: "" })).toBe("0000");
    expect(render('{{ n | default: "0000" }}', { n: "   " })).toBe("0000");
    expect(render('{{ n | default: "0000" }}', { n: "42" })).toBe("42");
    expect(render("{{ n | default: 7 }}", {})).toBe("7");
    expect(
      render("{{ email | default: default_email }}", { default_email: "zw@example.com" }),
    ).toBe("zw@example.com");
    expect(
      render("{{ email | default: default_email }}", {
        email: "a@b.c",
        default_email: "zw@example.com",
      }),
    ).toBe("a@b.c");
    expect(render("{{ email | default: default_email }}", {})).toBeUndefined();
    // A filter before default can produce the blank that default replaces.
    expect(render('{{ e | localpart | default: "anon" }}', { e: "@example.com" })).toBe("anon");
  });

  it("replace: every occurrence, literally", () => {
    expect(render('{{ a | replace: " ", "." }}', { a: "a b  c" })).toBe("a.b..c");
    expect(render('{{ a | replace: ".*", "x" }}', { a: "a.*b.*" })).toBe("axbx");
    expect(render('{{ a | replace: "(", "[" }}', { a: "(x)(y)" })).toBe("[x)[y)");
    expect(render('{{ a | replace: "a", "$&$&" }}', { a: "aba" })).toBe("$&$&b$&$&");
    expect(render('{{ a | replace: "\\\\", "/" }}', { a: "a\\b" })).toBe("a/b");
    expect(render('{{ a | replace: "-", "" }}', { a: "1-2-3" })).toBe("123");
    expect(render("{{ a | replace: 1, 2 }}", { a: "101" })).toBe("202");
  });

  it("truncate: by code points, never splitting a surrogate pair", () => {
    expect(render("{{ a | truncate: 3 }}", { a: "abcdef" })).toBe("abc");
    expect(render("{{ a | truncate: 10 }}", { a: "abc" })).toBe("abc");
    expect(render("{{ a | truncate: 2 }}", { a: "😀😁😂" })).toBe("😀😁");
    expect(render("{{ a | truncate: 3 }}", { a: "a😀b😁" })).toBe("a😀b");
    expect(render("{{ a | truncate: 2 }}", { a: "𠀀𠀁𠀂" })).toBe("𠀀𠀁");
    expect(render("{{ a | truncate: 2 }}", { a: "张伟明" })).toBe("张伟");
    expect(truncateCodePoints("a\uD800b", 5)).toBe("a\uFFFDb");
    expect(truncateCodePoints("\uDC00😀", 1)).toBe("\uFFFD");
  });

  it("chains filters left to right", () => {
    expect(
      render('{{ name | pinyin | upper | truncate: 5 | replace: "G", "g" }}', { name: "张伟" }),
    ).toBe("ZHANg");
  });

  it("property: truncate never yields more than n code points or a lone surrogate", () => {
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "grapheme" }),
          fc.string({ unit: "binary" }),
          fc.string({ unit: "grapheme-composite" }),
        ),
        fc.integer({ min: 1, max: 40 }),
        (s, n) => {
          const out = render(`{{ s_field | truncate: ${n} }}`, { s_field: s });
          if (s.trim() === "") {
            expect(out).toBeUndefined();
            return;
          }
          expect(out).toBeDefined();
          expect(Array.from(out ?? "").length).toBeLessThanOrEqual(n);
          expect(loneSurrogate.test(out ?? "")).toBe(false);
          // What is kept is a prefix of the input (lone surrogates aside).
          if (!loneSurrogate.test(s)) expect(s.startsWith(out ?? "")).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
