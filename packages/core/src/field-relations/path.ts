/**
 * Field paths: `email`, `status.is_frozen`, `department_ids.0`.
 *
 * Grammar: `ident ( "." ident | "." digits )*`, ident = `[A-Za-z_][A-Za-z0-9_]*`. Resolution walks
 * own properties of plain objects and indexes of arrays only. Source records come from IM APIs
 * (attacker-influenced JSON), so a path must never reach a prototype, a getter on a class, or a
 * function: `__proto__`, `constructor` and `prototype` resolve to nothing, whatever the object holds.
 */

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const INDEX = /^[0-9]+$/;

/** Segments that would reach into an object's machinery rather than its data. */
const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** A path syntax problem at a 0-based position of the parsed text. */
export interface PathSyntaxProblem {
  position: number;
  /** What is wrong and how to fix it, without the position (the caller places it). */
  message: string;
}

export interface ParsedPath {
  /** The path as written. */
  path: string;
  segments: readonly string[];
}

/**
 * Reads a path starting at `start` in `source` and stops at the first character that cannot
 * continue it. Used on its own (whole-string paths) and by the template parser (paths inside `{{ }}`).
 */
export function scanPath(
  source: string,
  start: number,
): { ok: true; path: ParsedPath; end: number } | { ok: false; problem: PathSyntaxProblem } {
  const segments: string[] = [];
  let i = start;
  const first = source[i];
  if (first === undefined || !IDENT_START.test(first)) {
    return {
      ok: false,
      problem: {
        position: i,
        message:
          first === undefined
            ? "expected a field name"
            : `expected a field name, found ${describeChar(first)}; field names start with a letter or "_"`,
      },
    };
  }
  let segmentStart = i;
  while (i < source.length && IDENT_PART.test(source[i] as string)) i++;
  segments.push(source.slice(segmentStart, i));
  while (source[i] === ".") {
    i++;
    segmentStart = i;
    const next = source[i];
    if (next !== undefined && DIGIT.test(next)) {
      while (i < source.length && DIGIT.test(source[i] as string)) i++;
      if (i < source.length && IDENT_PART.test(source[i] as string)) {
        return {
          ok: false,
          problem: {
            position: segmentStart,
            message: `path segment "${source.slice(segmentStart, i + 1)}…" mixes an index and a name; an index is digits only, a name starts with a letter or "_"`,
          },
        };
      }
    } else if (next !== undefined && IDENT_START.test(next)) {
      while (i < source.length && IDENT_PART.test(source[i] as string)) i++;
    } else {
      return {
        ok: false,
        problem: {
          position: i,
          message: `expected a field name or an index after ".", found ${next === undefined ? "the end" : describeChar(next)}`,
        },
      };
    }
    segments.push(source.slice(segmentStart, i));
  }
  return { ok: true, path: { path: source.slice(start, i), segments }, end: i };
}

/** Parses a whole string as a path; anything left over is a problem. */
export function parsePath(
  source: string,
): { ok: true; path: ParsedPath } | { ok: false; problem: PathSyntaxProblem } {
  const scanned = scanPath(source, 0);
  if (!scanned.ok) return scanned;
  if (scanned.end !== source.length) {
    const rest = source.slice(scanned.end);
    return { ok: false, problem: { position: scanned.end, message: leftoverHint(rest) } };
  }
  return { ok: true, path: scanned.path };
}

function leftoverHint(rest: string): string {
  const char = rest[0] as string;
  if (/^\s*\|/.test(rest)) {
    return `unexpected ${describeChar(char)}: filters only work inside a template; wrap the expression in "{{ }}", e.g. {{ name | pinyin }}`;
  }
  if (/^\s/.test(char)) {
    return `unexpected ${describeChar(char)} in a path; remove it, or use a template ("{{ … }}") to mix fields and text`;
  }
  return `unexpected ${describeChar(char)} in a path; a path is names and indexes joined by "." (e.g. status.is_frozen, department_ids.0), use a template ("{{ … }}") to mix fields and text`;
}

export function describeChar(char: string): string {
  if (char === " ") return "a space";
  if (/\s/.test(char))
    return `whitespace (U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")})`;
  return `"${char}"`;
}

function isPlainContainer(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** One step of resolution: an own data property of a plain object, or an array index. */
function step(container: unknown, segment: string): unknown {
  if (!isPlainContainer(container) || FORBIDDEN_SEGMENTS.has(segment)) return undefined;
  if (Array.isArray(container)) {
    // Arrays answer to indexes only: `length` and friends are machinery, not data.
    if (!INDEX.test(segment)) return undefined;
    const index = Number(segment);
    return index < container.length ? container[index] : undefined;
  }
  return Object.hasOwn(container, segment) ? container[segment] : undefined;
}

/** Resolves parsed segments against a root value; anything unreachable is `undefined`. */
export function resolvePath(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    current = step(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

/**
 * Compiles segments into a resolver closure. Paths of one or two segments (nearly all of them)
 * get a straight-line version: the planner resolves them for every user on every run.
 */
export function compilePath(segments: readonly string[]): (root: unknown) => unknown {
  const [first, second] = segments;
  if (segments.length === 1 && first !== undefined) return (root) => step(root, first);
  if (segments.length === 2 && first !== undefined && second !== undefined) {
    return (root) => step(step(root, first), second);
  }
  const copy = [...segments];
  return (root) => resolvePath(root, copy);
}
