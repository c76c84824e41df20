import { describe, expect, it } from "vitest";
import { isTemplate, parseTemplate, TemplateSyntaxError } from "./template.ts";
import { render } from "./test-render.ts";

function syntaxError(source: string): TemplateSyntaxError {
  try {
    parseTemplate(source);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be refused`);
}

describe("parseTemplate", () => {
  it("parses text, heads, filters and arguments", () => {
    const ast = parseTemplate(
      '{{ email | localpart | lower }}@example.com{{ "x" | replace: "a", \'b\' }}',
    );
    expect(ast.parts.map((part) => part.kind)).toEqual(["expression", "text", "expression"]);
    const [first, , third] = ast.parts;
    expect(first).toMatchObject({
      kind: "expression",
      position: 0,
      expression: {
        head: { kind: "path", path: "email", segments: ["email"], position: 3 },
        filters: [
          { name: "localpart", args: [], position: 11 },
          { name: "lower", args: [], position: 23 },
        ],
      },
    });
    expect(third).toMatchObject({
      expression: {
        head: { kind: "string", value: "x" },
        filters: [
          {
            name: "replace",
            args: [
              { kind: "string", value: "a" },
              { kind: "string", value: "b" },
            ],
          },
        ],
      },
    });
  });

  it("reads escapes in quoted text and braces inside strings", () => {
    expect(render('{{ "say \\"hi\\" \\\\ it\'s" }}')).toBe('say "hi" \\ it\'s');
    expect(render("{{ 'it\\'s' }}")).toBe("it's");
    expect(render('{{ "}}" }}{{ "{{" }}')).toBe("}}{{");
  });

  it("accepts integers and paths as arguments, and no spaces at all", () => {
    expect(render("{{name|truncate:2}}", { name: "abcdef" })).toBe("ab");
    expect(render("{{ a | default: b.c }}", { b: { c: "deep" } })).toBe("deep");
  });

  it("tells templates from paths", () => {
    expect(isTemplate("{{ name }}")).toBe(true);
    expect(isTemplate("a }} b")).toBe(true);
    expect(isTemplate("status.is_frozen")).toBe(false);
  });

  it.each([
    ["{{ name", 0, 'unclosed "{{"', 'close the expression with "}}"'],
    ["x {{ name | lower ", 2, 'unclosed "{{"', "}}"],
    ["name }}", 5, 'stray "}}"', "remove it"],
    ["{{ a }} }}", 8, 'stray "}}"', "literal braces"],
    ["{{ }}", 0, "empty expression", "e.g. {{ name }}"],
    ["{{}}", 0, "empty expression", "between"],
    [
      "{{ name | }}",
      10,
      'expected a filter name after "|", found "}"',
      "known filters: pinyin, lower",
    ],
    ["{{ name | 1 }}", 10, "expected a filter name", "known filters"],
    [
      "{{ email | lowr }}",
      11,
      'unknown filter "lowr"',
      'did you mean "lower"? Known filters: pinyin, lower, upper',
    ],
    ["{{ email | xyzzy }}", 11, 'unknown filter "xyzzy"', "Known filters: pinyin"],
    ["{{ name lower }}", 8, 'unexpected "l"', '"| filter"'],
    ["{{ name.}}", 8, 'expected a field name or an index after "."', undefined],
    ["{{ 123 }}", 3, "a number cannot start an expression", '{{ "0000" }}'],
    ["{{ | lower }}", 3, 'a filter needs a value before "|"', undefined],
    ["{{ @x }}", 3, 'unexpected "@"', "quoted text"],
    ['{{ "abc }}', 3, "unterminated text", 'with "'],
    ['{{ "a\\nb" }}', 5, 'unknown escape "\\n"', "only"],
    ["{{ a {{ b }} }}", 5, 'unexpected "{{" inside an expression', "do not nest"],
    [
      "{{ name | truncate }}",
      10,
      'filter "truncate" takes 1 argument (n), got 0',
      "{{ name | truncate: 20 }}",
    ],
    [
      "{{ name | truncate: }}",
      20,
      'expected an argument for filter "truncate", found "}"',
      "a whole number",
    ],
    [
      '{{ name | truncate: "5" }}',
      20,
      'argument "n" of filter "truncate" must be a whole number, got the text "5"',
      "truncate: 20",
    ],
    ["{{ name | truncate: 0 }}", 20, "at least 1, got 0", undefined],
    ["{{ name | truncate: -3 }}", 20, "at least 1, got -3", undefined],
    ["{{ name | truncate: 99999999999999999999 }}", 20, "too large", undefined],
    ["{{ name | truncate: 5x }}", 20, "neither a number nor a field", undefined],
    ["{{ name | truncate: 1, 2 }}", 10, "takes 1 argument (n), got 2", undefined],
    [
      "{{ name | lower: 1 }}",
      10,
      'filter "lower" takes no arguments, got 1',
      "{{ email | lower }}",
    ],
    [
      "{{ name | default }}",
      10,
      'filter "default" takes 1 argument (value), got 0',
      "default_email",
    ],
    [
      '{{ name | replace: "a" }}',
      10,
      'filter "replace" takes 2 arguments (from, to), got 1',
      'replace: " ", "."',
    ],
    [
      '{{ name | replace: x, "b" }}',
      19,
      'argument "from" of filter "replace" must be a quoted text or a whole number, got the field x',
      undefined,
    ],
    ['{{ name | replace: "", "b" }}', 19, "non-empty text to replace", undefined],
    ['{{ name | pinyin: "surname" }}', 18, 'takes no argument or "name"', 'pinyin: "name"'],
    [
      '{{ name | pinyin: "name", "x" }}',
      10,
      'filter "pinyin" takes 0 to 1 arguments (mode), got 2',
      undefined,
    ],
    ["{{ name | pinyin: name }}", 18, "must be a quoted text, got the field name", undefined],
  ])("refuses %j at column %i", (source, position, what, fix) => {
    const error = syntaxError(source);
    expect(error.position).toBe(position);
    expect(error.message).toContain(what);
    expect(error.message).toContain(`at column ${position}`);
    expect(error.message.startsWith("field relations: ")).toBe(true);
    if (fix !== undefined) expect(error.message).toContain(fix);
    expect(error.detail).not.toContain("at column");
  });

  it("formats the message as problem, column, fix", () => {
    const error = syntaxError("{{ email | lowr }}");
    expect(error.message).toBe(
      'field relations: unknown filter "lowr" at column 11; did you mean "lower"? Known filters: pinyin, lower, upper, trim, localpart, default, replace, truncate',
    );
  });
});

describe("template evaluation", () => {
  it("concatenates text and values", () => {
    expect(
      render("{{ email | localpart | lower }}@example.com", { email: "Zhang.Wei@corp.cn" }),
    ).toBe("zhang.wei@example.com");
    expect(render('{{ "constant" }}')).toBe("constant");
    expect(render("plain {{ a }} and {{ b }}", { a: 1, b: true })).toBe("plain 1 and true");
  });

  it("has no value when any part has none, so no half-made values", () => {
    expect(render("{{ email | localpart }}@example.com", {})).toBeUndefined();
    expect(render("{{ a }}.{{ b }}", { a: "x", b: "" })).toBeUndefined();
    expect(render('{{ a }}.{{ b | default: "" }}', { a: "x" })).toBe("x.");
  });

  it("joins arrays with commas and ignores objects", () => {
    expect(render("{{ ids }}", { ids: ["a", "", 2, null, "b"] })).toBe("a,2,b");
    expect(render("{{ obj }}", { obj: { a: 1 } })).toBeUndefined();
    expect(render("{{ ids.1 }}", { ids: ["a", "b"] })).toBe("b");
  });
});
