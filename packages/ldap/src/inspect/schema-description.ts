/**
 * Parses the values of a subschema entry's `attributeTypes` and `objectClasses` (RFC 4512 §4.1):
 * `( 2.5.4.4 NAME ( 'sn' 'surname' ) SUP name )`. Only what orgsync asks about is kept (names,
 * superiors, MUST/MAY, kind); every other field, including vendor `X-` extensions, is read
 * past generically, so a server that adds its own does not break the parse.
 */

export interface AttributeTypeDescription {
  oid: string;
  /** The primary name first, then its aliases: `["sn", "surname"]`. Empty for an OID-only type. */
  names: string[];
  /** The supertype (`SUP name` for `cn`), when there is one. */
  superior?: string;
  /** `USAGE` other than `userApplications`: the server maintains it, nobody writes it. */
  operational: boolean;
  obsolete: boolean;
}

export interface ObjectClassDescription {
  oid: string;
  names: string[];
  kind: "abstract" | "structural" | "auxiliary";
  /** `SUP`, as written (names or OIDs); empty for `top`. */
  superior: string[];
  /** Attributes the class itself requires, as written; inherited ones are not repeated. */
  must: string[];
  may: string[];
  obsolete: boolean;
}

/** A description the parser cannot read: unbalanced parentheses, an unterminated quote. */
export class SchemaSyntaxError extends Error {
  override name = "SchemaSyntaxError";
}

export function parseAttributeType(text: string): AttributeTypeDescription {
  const { oid, fields, flags } = parseDescription(text);
  const superior = fields.get("SUP")?.[0];
  const usage = fields.get("USAGE")?.[0];
  return {
    oid,
    names: fields.get("NAME") ?? [],
    ...(superior ? { superior } : {}),
    operational: usage !== undefined && usage !== "userApplications",
    obsolete: flags.has("OBSOLETE"),
  };
}

export function parseObjectClass(text: string): ObjectClassDescription {
  const { oid, fields, flags } = parseDescription(text);
  return {
    oid,
    names: fields.get("NAME") ?? [],
    // RFC 4512: STRUCTURAL is the default kind.
    kind: flags.has("ABSTRACT") ? "abstract" : flags.has("AUXILIARY") ? "auxiliary" : "structural",
    superior: fields.get("SUP") ?? [],
    must: fields.get("MUST") ?? [],
    may: fields.get("MAY") ?? [],
    obsolete: flags.has("OBSOLETE"),
  };
}

/** Keywords that stand alone; every other keyword is followed by a value or a list. */
const FLAGS = new Set([
  "OBSOLETE",
  "SINGLE-VALUE",
  "COLLECTIVE",
  "NO-USER-MODIFICATION",
  "ABSTRACT",
  "STRUCTURAL",
  "AUXILIARY",
]);

interface Description {
  oid: string;
  /** Keyword → its values: one for `SUP name`, several for `( a $ b )` and `( 'a' 'b' )`. */
  fields: Map<string, string[]>;
  flags: Set<string>;
}

type Token = { kind: "open" | "close" | "dollar" } | { kind: "word" | "quoted"; text: string };

function parseDescription(text: string): Description {
  const tokens = tokenize(text);
  let at = 0;
  const fail = (why: string): never => {
    throw new SchemaSyntaxError(`ldap: cannot parse schema description (${why}): ${text}`);
  };
  const next = (): Token => tokens[at++] ?? fail("it ends early");

  if (next().kind !== "open") fail("it does not start with '('");
  const first = next();
  if (first.kind !== "word") fail("no OID after '('");
  const oid = (first as { text: string }).text;
  const fields = new Map<string, string[]>();
  const flags = new Set<string>();

  for (;;) {
    const token = next();
    if (token.kind === "close") break;
    if (token.kind !== "word") fail(`expected a keyword, got ${describe(token)}`);
    const keyword = (token as { text: string }).text.toUpperCase();
    if (takesValue(keyword, tokens[at])) fields.set(keyword, readValue(next, fail));
    else flags.add(keyword);
  }
  if (at !== tokens.length) fail("text after the closing ')'");
  return { oid, fields, flags };
}

/** One value (`name`, `'sn'`) or a list: `( 'sn' 'surname' )`, `( cn $ sn )`. */
function readValue(next: () => Token, fail: (why: string) => never): string[] {
  const token = next();
  if (token.kind === "word" || token.kind === "quoted") return [token.text];
  if (token.kind !== "open") fail(`expected a value, got ${describe(token)}`);
  const values: string[] = [];
  for (;;) {
    const item = next();
    if (item.kind === "close") return values;
    if (item.kind === "dollar") continue;
    if (item.kind === "open") fail("nested '('");
    values.push((item as { text: string }).text);
  }
}

/**
 * Known keywords and `X-` extensions take a value. A keyword we do not know (a vendor's) takes
 * one unless a known keyword or the end follows, so an unknown flag does not swallow the next field.
 */
function takesValue(keyword: string, following: Token | undefined): boolean {
  if (FLAGS.has(keyword)) return false;
  if (KNOWN_KEYWORDS.has(keyword) || keyword.startsWith("X-")) return true;
  if (following === undefined || following.kind === "close") return false;
  return !(
    following.kind === "word" &&
    (FLAGS.has(following.text.toUpperCase()) || KNOWN_KEYWORDS.has(following.text.toUpperCase()))
  );
}

/** Keywords of attribute type and object class descriptions that take a value (RFC 4512). */
const KNOWN_KEYWORDS = new Set([
  "NAME",
  "DESC",
  "SUP",
  "EQUALITY",
  "ORDERING",
  "SUBSTR",
  "SYNTAX",
  "USAGE",
  "MUST",
  "MAY",
]);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (/\s/.test(char)) {
      i++;
    } else if (char === "(" || char === ")" || char === "$") {
      tokens.push({ kind: char === "(" ? "open" : char === ")" ? "close" : "dollar" });
      i++;
    } else if (char === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) {
        throw new SchemaSyntaxError(
          `ldap: cannot parse schema description (unterminated quote): ${text}`,
        );
      }
      tokens.push({ kind: "quoted", text: unescapeQuoted(text.slice(i + 1, end)) });
      i = end + 1;
    } else {
      // A bare word ends at space, a parenthesis, `$` or a quote: `1.3.6.1.4.1.1466.115.121.1.15{32768}`.
      const match = /^[^\s()$']+/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: "word", text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

/** RFC 4512 qdstring escapes: `\27` is a quote, `\5C` a backslash. */
function unescapeQuoted(value: string): string {
  return value.replace(/\\(27|5c)/gi, (_, hex: string) => (hex === "27" ? "'" : "\\"));
}

function describe(token: Token): string {
  return "text" in token ? `'${token.text}'` : token.kind === "dollar" ? "'$'" : `'${token.kind}'`;
}
