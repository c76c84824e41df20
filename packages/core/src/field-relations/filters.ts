/**
 * The filters a template may apply: `{{ name | pinyin }}`, `{{ email | localpart | lower }}`.
 *
 * Each filter declares its parameters so the parser rejects a wrong call when relations are
 * saved, not when the 40 000th user is synced. Filters work on text: `undefined` is "no value"
 * and passes through every filter but `default`.
 */
import type { PinyinConverter } from "./pinyin.ts";
import type { Scope } from "./scope.ts";
import { isBlank } from "./value.ts";

/** Text flowing through a filter chain; `undefined` means "no value". */
export type FilterValue = string | undefined;

/** A filter argument as written, with its 0-based column in the expression. */
export type FilterArg =
  | { kind: "string"; value: string; position: number }
  | { kind: "integer"; value: number; position: number }
  | { kind: "path"; path: string; segments: readonly string[]; position: number };

export type FilterArgKind = FilterArg["kind"];

export interface FilterParam {
  name: string;
  /** What may be written in this place. An integer where a string is expected becomes its digits. */
  accepts: readonly FilterArgKind[];
}

/** What the parser needs to validate a call. */
export interface FilterSignature {
  name: string;
  /** One line for error messages and the relation editor. */
  description: string;
  params: readonly FilterParam[];
  /** How many leading params are required; the rest are optional. */
  required: number;
  /** A correct call, shown when a call is wrong. */
  example: string;
  /** Checks argument values that the kinds alone cannot: returns the bad argument and why. */
  check?(args: readonly FilterArg[]): { arg: FilterArg; message: string } | undefined;
}

/** Everything a filter instance may use, fixed when relations are compiled. */
export interface FilterEnvironment {
  pinyin: PinyinConverter;
  /** Compiles a path argument into a reader of its text in a scope. */
  readPath(segments: readonly string[]): (scope: Scope) => FilterValue;
}

export type FilterFunction = (input: FilterValue, scope: Scope) => FilterValue;

export interface FilterDefinition extends FilterSignature {
  /** Builds the filter for arguments the parser already validated. */
  create(args: readonly FilterArg[], env: FilterEnvironment): FilterFunction;
}

/** Text of a literal argument (integers are accepted where text is, as their digits). */
function literalText(arg: FilterArg | undefined): string {
  if (arg === undefined || arg.kind === "path") return "";
  return String(arg.value);
}

function argReader(
  arg: FilterArg | undefined,
  env: FilterEnvironment,
): (scope: Scope) => FilterValue {
  if (arg === undefined) return () => undefined;
  if (arg.kind === "path") return env.readPath(arg.segments);
  const text = String(arg.value);
  return () => text;
}

/** Wraps a text → text function so "no value" stays "no value". */
function onText(transform: (text: string) => string): () => FilterFunction {
  return () => (input) => (input === undefined ? undefined : transform(input));
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Keeps the first `max` code points. Counting code points (not UTF-16 units) keeps an emoji or a
 * rare Han character (outside the BMP) whole. Lone surrogates already in the input become U+FFFD:
 * they cannot be encoded as UTF-8, so an LDAP server would reject the value.
 */
export function truncateCodePoints(text: string, max: number): string {
  // Without surrogates, units are code points: the common case needs no walk.
  if (!SURROGATE.test(text)) return text.length <= max ? text : text.slice(0, max);
  let out = "";
  let count = 0;
  let i = 0;
  while (i < text.length && count < max) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += text.slice(i, i + 2);
      i += 2;
    } else {
      out += code >= 0xd800 && code <= 0xdfff ? "\uFFFD" : text.charAt(i);
      i += 1;
    }
    count++;
  }
  return out;
}

/** The part before the last `@`; without `@`, the whole text (it may already be a local part). */
export function localPart(text: string): string {
  const at = text.lastIndexOf("@");
  return at === -1 ? text : text.slice(0, at);
}

const TEXT: readonly FilterArgKind[] = ["string", "integer"];
const TEXT_OR_PATH: readonly FilterArgKind[] = ["string", "integer", "path"];

const definitions: readonly FilterDefinition[] = [
  {
    name: "pinyin",
    description:
      'Han characters to tone-less pinyin joined with nothing (张伟 → zhangwei); `pinyin: "name"` reads the first character as a surname (曾小明 → zengxiaoming)',
    params: [{ name: "mode", accepts: ["string"] }],
    required: 0,
    example: '{{ name | pinyin }} or {{ name | pinyin: "name" }}',
    check(args) {
      const [mode] = args;
      if (mode !== undefined && !(mode.kind === "string" && mode.value === "name")) {
        return {
          arg: mode,
          message: `filter "pinyin" takes no argument or "name" (read the first character as a surname), got ${describeArg(mode)}`,
        };
      }
      return undefined;
    },
    create(args, env) {
      const mode = args.length > 0 ? "name" : "text";
      const convert = env.pinyin;
      return (input) => (input === undefined ? undefined : convert(input, mode));
    },
  },
  {
    name: "lower",
    description: "lower case (Unicode, locale-independent)",
    params: [],
    required: 0,
    example: "{{ email | lower }}",
    create: onText((text) => text.toLowerCase()),
  },
  {
    name: "upper",
    description: "upper case (Unicode, locale-independent)",
    params: [],
    required: 0,
    example: "{{ employee_no | upper }}",
    create: onText((text) => text.toUpperCase()),
  },
  {
    name: "trim",
    description: "removes leading and trailing whitespace",
    params: [],
    required: 0,
    example: "{{ name | trim }}",
    create: onText((text) => text.trim()),
  },
  {
    name: "localpart",
    description:
      "the part before the last @ (zhang.wei@example.com → zhang.wei); text without @ as it is",
    params: [],
    required: 0,
    example: "{{ email | localpart }}",
    create: onText(localPart),
  },
  {
    name: "default",
    description: "the argument when the value is absent or blank; the argument may be a field",
    params: [{ name: "value", accepts: TEXT_OR_PATH }],
    required: 1,
    example: '{{ employee_no | default: "0000" }} or {{ email | default: default_email }}',
    create(args, env) {
      const fallback = argReader(args[0], env);
      return (input, scope) => (isBlank(input) ? fallback(scope) : input);
    },
  },
  {
    name: "replace",
    description:
      "replaces every occurrence of the first argument by the second, literally (no regular expressions)",
    params: [
      { name: "from", accepts: TEXT },
      { name: "to", accepts: TEXT },
    ],
    required: 2,
    example: '{{ name | replace: " ", "." }}',
    check(args) {
      const [from] = args;
      if (from !== undefined && literalText(from) === "") {
        return { arg: from, message: 'filter "replace" needs a non-empty text to replace' };
      }
      return undefined;
    },
    create(args) {
      const from = literalText(args[0]);
      const to = literalText(args[1]);
      // split/join, not String#replaceAll: its replacement string interprets `$&`, `$1`, ….
      return (input) => (input === undefined ? undefined : input.split(from).join(to));
    },
  },
  {
    name: "truncate",
    description:
      "keeps at most n characters (code points, so emoji and rare Han characters stay whole)",
    params: [{ name: "n", accepts: ["integer"] }],
    required: 1,
    example: "{{ name | truncate: 20 }}",
    check(args) {
      const [n] = args;
      if (
        n !== undefined &&
        n.kind === "integer" &&
        (n.value < 1 || !Number.isSafeInteger(n.value))
      ) {
        return {
          arg: n,
          message: `filter "truncate" needs a length of at least 1, got ${n.value}`,
        };
      }
      return undefined;
    },
    create(args) {
      const [n] = args;
      const max = n?.kind === "integer" ? n.value : Number.POSITIVE_INFINITY;
      return (input) => (input === undefined ? undefined : truncateCodePoints(input, max));
    },
  },
];

/** The built-in filters by name. */
export const FILTERS: ReadonlyMap<string, FilterDefinition> = new Map(
  definitions.map((definition) => [definition.name, definition]),
);

export function describeArg(arg: FilterArg): string {
  switch (arg.kind) {
    case "string":
      return `the text ${JSON.stringify(arg.value)}`;
    case "integer":
      return `the number ${arg.value}`;
    case "path":
      return `the field ${arg.path}`;
  }
}
