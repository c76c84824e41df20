/**
 * The template language: literal text with `{{ expr }}` interpolations.
 *
 *   template   = ( text | "{{" expression "}}" )*
 *   expression = head ( "|" filter ( ":" arg ( "," arg )* )? )*
 *   head       = path | string
 *   arg        = string | integer | path
 *   string     = '"' … '"' | "'" … "'"   (escapes: \" \' \\)
 *
 * A hand-written scanner rather than a generated grammar: it gives every problem a column and a
 * fix, and it validates filter calls (name, arity, argument kinds) while parsing, so a relation
 * is either fully valid when saved or refused with a message an admin can act on.
 */
import { ConfigError } from "../errors.ts";
import type { FilterArg, FilterArgKind, FilterSignature } from "./filters.ts";
import { describeArg, FILTERS } from "./filters.ts";
import { describeChar, type ParsedPath, scanPath } from "./path.ts";
import { closestMatch } from "./suggest.ts";

export type HeadNode =
  | { kind: "path"; path: string; segments: readonly string[]; position: number }
  | { kind: "string"; value: string; position: number };

export interface FilterCallNode {
  name: string;
  args: FilterArg[];
  /** Column of the filter's name. */
  position: number;
}

export interface ExpressionNode {
  head: HeadNode;
  filters: FilterCallNode[];
  /** Column of the opening `{{`. */
  position: number;
}

export type TemplatePart =
  | { kind: "text"; value: string; position: number }
  | { kind: "expression"; expression: ExpressionNode; position: number };

export interface TemplateAst {
  source: string;
  parts: TemplatePart[];
}

/** A problem at a 0-based column: what is wrong, and (when there is one) how to fix it. */
export interface TemplateProblem {
  position: number;
  what: string;
  fix?: string;
}

/** The message of a problem without its column: `unknown filter "lowr"; did you mean "lower"? …`. */
export function problemText(problem: Omit<TemplateProblem, "position">): string {
  return problem.fix === undefined ? problem.what : `${problem.what}; ${problem.fix}`;
}

/** A template that cannot be parsed. `position` is the 0-based column in the template. */
export class TemplateSyntaxError extends ConfigError {
  override name = "TemplateSyntaxError";
  readonly position: number;
  /** The message without the column, for callers that show the column themselves. */
  readonly detail: string;
  constructor(readonly problem: TemplateProblem) {
    const column = `at column ${problem.position}`;
    const message =
      problem.fix === undefined
        ? `${problem.what} ${column}`
        : `${problem.what} ${column}; ${problem.fix}`;
    super(`field relations: ${message}`, [{ path: "", message }]);
    this.position = problem.position;
    this.detail = problemText(problem);
  }
}

/** Whether an expression is a template (as opposed to a plain path). */
export function isTemplate(expression: string): boolean {
  return expression.includes("{{") || expression.includes("}}");
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const SPACE = /\s/;

const KIND_NAMES: Record<FilterArgKind, string> = {
  string: "a quoted text",
  integer: "a whole number",
  path: "a field",
};

/**
 * Parses a template. Throws `TemplateSyntaxError` at the first problem; the column points at the
 * offending character (or at the `{{` of an expression that never closes).
 */
export function parseTemplate(
  source: string,
  filters: ReadonlyMap<string, FilterSignature> = FILTERS,
): TemplateAst {
  return new Parser(source, filters).template();
}

class Parser {
  private pos = 0;

  constructor(
    private readonly source: string,
    private readonly filters: ReadonlyMap<string, FilterSignature>,
  ) {}

  template(): TemplateAst {
    const { source } = this;
    const parts: TemplatePart[] = [];
    while (this.pos < source.length) {
      const open = source.indexOf("{{", this.pos);
      const close = source.indexOf("}}", this.pos);
      if (close !== -1 && (open === -1 || close < open)) {
        this.fail(
          close,
          'stray "}}" without a matching "{{"',
          'remove it, or write {{ "}}" }} for literal braces',
        );
      }
      const textEnd = open === -1 ? source.length : open;
      if (textEnd > this.pos) {
        parts.push({ kind: "text", value: source.slice(this.pos, textEnd), position: this.pos });
      }
      if (open === -1) break;
      this.pos = open;
      parts.push({ kind: "expression", expression: this.expression(), position: open });
    }
    return { source, parts };
  }

  private expression(): ExpressionNode {
    const open = this.pos;
    this.pos += 2;
    this.skipSpace();
    if (this.atEnd()) this.unclosed(open);
    if (this.source.startsWith("}}", this.pos)) {
      this.fail(
        open,
        "empty expression",
        'put a field or a quoted text between "{{" and "}}", e.g. {{ name }}',
      );
    }
    const head = this.head();
    const filters: FilterCallNode[] = [];
    for (;;) {
      this.skipSpace();
      if (this.atEnd()) this.unclosed(open);
      if (this.source.startsWith("}}", this.pos)) {
        this.pos += 2;
        return { head, filters, position: open };
      }
      const char = this.source[this.pos] as string;
      if (char === "|") {
        this.pos++;
        filters.push(this.filter());
        continue;
      }
      if (this.source.startsWith("{{", this.pos)) {
        this.fail(
          this.pos,
          'unexpected "{{" inside an expression',
          'expressions do not nest; close the open one with "}}" first',
        );
      }
      this.fail(
        this.pos,
        `unexpected ${describeChar(char)}`,
        'after a value write "| filter" or close the expression with "}}"',
      );
    }
  }

  private head(): HeadNode {
    const start = this.pos;
    const char = this.source[start] as string;
    if (char === '"' || char === "'") {
      return { kind: "string", value: this.string(), position: start };
    }
    if (IDENT_START.test(char)) {
      const path = this.path();
      return { kind: "path", path: path.path, segments: path.segments, position: start };
    }
    if (DIGIT.test(char) || char === "-") {
      this.fail(
        start,
        "a number cannot start an expression",
        'quote it to use it as text, e.g. {{ "0000" }}',
      );
    }
    if (char === "|") {
      this.fail(
        start,
        'a filter needs a value before "|"',
        "start with a field or a quoted text, e.g. {{ name | pinyin }}",
      );
    }
    this.fail(
      start,
      `unexpected ${describeChar(char)}`,
      "an expression starts with a field (e.g. name) or a quoted text",
    );
  }

  private path(): ParsedPath {
    const scanned = scanPath(this.source, this.pos);
    if (!scanned.ok) this.fail(scanned.problem.position, scanned.problem.message);
    this.pos = scanned.end;
    return scanned.path;
  }

  private string(): string {
    const { source } = this;
    const start = this.pos;
    const quote = source[start] as string;
    let value = "";
    let i = start + 1;
    for (;;) {
      const char = source[i];
      if (char === undefined) {
        this.fail(start, "unterminated text", `close the text that starts here with ${quote}`);
      }
      if (char === quote) break;
      if (char === "\\") {
        const next = source[i + 1];
        if (next === '"' || next === "'" || next === "\\") {
          value += next;
          i += 2;
          continue;
        }
        this.fail(
          i,
          `unknown escape "\\${next ?? ""}"`,
          "only \\\", \\' and \\\\ are escapes; write other characters as they are",
        );
      }
      value += char;
      i++;
    }
    this.pos = i + 1;
    return value;
  }

  private filter(): FilterCallNode {
    this.skipSpace();
    const start = this.pos;
    const known = [...this.filters.keys()].join(", ");
    const first = this.source[start];
    if (first === undefined || !IDENT_START.test(first)) {
      this.fail(
        start,
        `expected a filter name after "|", found ${first === undefined ? "the end" : describeChar(first)}`,
        `known filters: ${known}`,
      );
    }
    while (this.pos < this.source.length && IDENT_PART.test(this.source[this.pos] as string))
      this.pos++;
    const name = this.source.slice(start, this.pos);
    const signature = this.filters.get(name);
    if (signature === undefined) {
      const suggestion = closestMatch(name, this.filters.keys());
      this.fail(
        start,
        `unknown filter "${name}"`,
        `${suggestion === undefined ? "" : `did you mean "${suggestion}"? `}Known filters: ${known}`,
      );
    }
    const args: FilterArg[] = [];
    this.skipSpace();
    if (this.source[this.pos] === ":") {
      this.pos++;
      for (;;) {
        this.skipSpace();
        args.push(this.arg(name));
        this.skipSpace();
        if (this.source[this.pos] !== ",") break;
        this.pos++;
      }
    }
    this.checkCall(signature, args, start);
    return { name, args, position: start };
  }

  private arg(filter: string): FilterArg {
    const { source } = this;
    const start = this.pos;
    const char = source[start];
    if (char === '"' || char === "'")
      return { kind: "string", value: this.string(), position: start };
    if (
      char !== undefined &&
      (DIGIT.test(char) || (char === "-" && DIGIT.test(source[start + 1] ?? "")))
    ) {
      this.pos++;
      while (this.pos < source.length && DIGIT.test(source[this.pos] as string)) this.pos++;
      if (this.pos < source.length && IDENT_PART.test(source[this.pos] as string)) {
        this.fail(
          start,
          `"${source.slice(start, this.pos + 1)}…" is neither a number nor a field`,
          "quote it to use it as text",
        );
      }
      const value = Number(source.slice(start, this.pos));
      if (!Number.isSafeInteger(value))
        this.fail(start, `the number ${source.slice(start, this.pos)} is too large`);
      return { kind: "integer", value, position: start };
    }
    if (char !== undefined && IDENT_START.test(char)) {
      const path = this.path();
      return { kind: "path", path: path.path, segments: path.segments, position: start };
    }
    this.fail(
      start,
      `expected an argument for filter "${filter}", found ${char === undefined ? "the end" : describeChar(char)}`,
      'an argument is a quoted text ("x"), a whole number (20) or a field (default_email)',
    );
  }

  private checkCall(
    signature: FilterSignature,
    args: readonly FilterArg[],
    position: number,
  ): void {
    const { name, params, required } = signature;
    if (args.length < required || args.length > params.length) {
      const expected =
        params.length === 0
          ? "no arguments"
          : required === params.length
            ? `${params.length} argument${params.length === 1 ? "" : "s"} (${params.map((p) => p.name).join(", ")})`
            : `${required} to ${params.length} arguments (${params.map((p) => p.name).join(", ")})`;
      this.fail(
        position,
        `filter "${name}" takes ${expected}, got ${args.length}`,
        `write it like ${signature.example}`,
      );
    }
    args.forEach((arg, index) => {
      const param = params[index];
      if (param !== undefined && !param.accepts.includes(arg.kind)) {
        const allowed = param.accepts.map((kind) => KIND_NAMES[kind]).join(" or ");
        this.fail(
          arg.position,
          `argument "${param.name}" of filter "${name}" must be ${allowed}, got ${describeArg(arg)}`,
          `write it like ${signature.example}`,
        );
      }
    });
    const problem = signature.check?.(args);
    if (problem !== undefined) {
      this.fail(problem.arg.position, problem.message, `write it like ${signature.example}`);
    }
  }

  private skipSpace(): void {
    while (this.pos < this.source.length && SPACE.test(this.source[this.pos] as string)) this.pos++;
  }

  private atEnd(): boolean {
    return this.pos >= this.source.length;
  }

  private unclosed(open: number): never {
    this.fail(open, 'unclosed "{{"', 'close the expression with "}}"');
  }

  private fail(position: number, what: string, fix?: string): never {
    throw new TemplateSyntaxError(fix === undefined ? { position, what } : { position, what, fix });
  }
}
