import { DirectoryError } from "../errors.ts";

/**
 * Distinguished names as strings (RFC 4514): escaping, parsing and the comparison OpenLDAP
 * makes. Pure functions: the planner names entries before they exist, targets address them, and
 * both must agree on when two spellings are the same entry.
 *
 * Multi-valued RDNs (`cn=a+sn=b`) are not supported: orgsync never writes them, and a DN that
 * has one is refused as `invalidDn` rather than silently misread.
 */

/** One relative distinguished name: `cn=研发中心` is `{ attribute: "cn", value: "研发中心" }`. */
export interface Rdn {
  attribute: string;
  /** The value unescaped, as the entry's attribute holds it. */
  value: string;
}

// Characters RFC 4514 requires escaping anywhere in a value.
const SPECIALS = new Set([",", "+", '"', "\\", "<", ">", ";", "="]);
const HEX_PAIR = /^[0-9a-fA-F]{2}$/;
const ATTRIBUTE_TYPE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*)$/;
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Escapes an attribute value for use in a DN: `, + " \ < > ; =` get a backslash, so do a leading
 * `#` or space and a trailing space; NUL becomes `\00`. Everything else (Chinese, emoji) stays as
 * is, because OpenLDAP stores and returns UTF-8 DNs verbatim.
 */
export function escapeDnValue(value: string): string {
  let out = "";
  const last = value.length - 1;
  for (let i = 0; i < value.length; i++) {
    const char = value.charAt(i);
    if (char === "\0") out += "\\00";
    else if (SPECIALS.has(char)) out += `\\${char}`;
    else if (i === 0 && (char === "#" || char === " ")) out += `\\${char}`;
    else if (i === last && char === " ") out += "\\ ";
    else out += char;
  }
  return out;
}

/**
 * Reverses escaping: `\,` and any `\<char>`, and `\XX` hex pairs, where consecutive pairs are
 * decoded together as UTF-8 (`\E7\A0\94` is `研`). Throws `DirectoryError("invalidDn")` for a
 * dangling backslash or hex pairs that are not UTF-8.
 */
export function unescapeDnValue(value: string): string {
  if (!value.includes("\\")) return value;
  let out = "";
  let i = 0;
  while (i < value.length) {
    const char = value.charAt(i);
    if (char !== "\\") {
      out += char;
      i++;
      continue;
    }
    if (i + 1 >= value.length) throw invalidDn(value, "ends with a lone backslash");
    if (HEX_PAIR.test(value.slice(i + 1, i + 3))) {
      // Collect the run of hex pairs: a multi-byte character spans several of them.
      const bytes: number[] = [];
      while (value.charAt(i) === "\\" && HEX_PAIR.test(value.slice(i + 1, i + 3))) {
        bytes.push(Number.parseInt(value.slice(i + 1, i + 3), 16));
        i += 3;
      }
      out += decodeUtf8(bytes, value);
      continue;
    }
    // `\` before any other character escapes that character (RFC 4514 `\` special; lenient for
    // the rest, as OpenLDAP is).
    const codePoint = value.codePointAt(i + 1) ?? 0;
    const escaped = String.fromCodePoint(codePoint);
    out += escaped;
    i += 1 + escaped.length;
  }
  return out;
}

/**
 * Splits a DN into its RDNs, most specific first: `cn=a\,b,ou=x,dc=example,dc=com` gives four,
 * the first with value `a,b`. Tolerates spaces around `,` and `=` (RFC 2253 style DNs still
 * found in old configs), `\XX` escapes and `#`-prefixed BER values. `""` is the root: `[]`.
 */
export function parseDn(dn: string): Rdn[] {
  return tokenize(dn).map(({ attribute, value }) => ({ attribute, value }));
}

/** Joins RDNs into a DN, escaping every value: the inverse of `parseDn`. */
export function formatDn(rdns: readonly Rdn[]): string {
  return rdns
    .map((rdn) => {
      if (!ATTRIBUTE_TYPE.test(rdn.attribute)) {
        throw invalidDn(rdn.attribute, "is not an attribute type");
      }
      return `${rdn.attribute}=${escapeDnValue(rdn.value)}`;
    })
    .join(",");
}

/**
 * The form OpenLDAP compares DNs in, for the case-ignoring matching rules of `cn`, `uid`, `ou`
 * and `dc`: attribute types and values lower-cased, values NFKC-normalised (slapd folds
 * compatibility forms: `（` is `(`, `ＡＢＣ` is `abc`, an ideographic space is a space), leading and trailing
 * spaces dropped and inner runs of spaces collapsed (RFC 4518 insignificant space handling, so
 * `cn=a  b` and `cn=A b` are the same entry, as slapd says), canonical escaping, no spaces
 * around `,` or `=`. Two DNs name the same entry exactly when their normal forms are equal.
 */
export function normalizeDn(dn: string): string {
  // Most DNs need no escaping at all: compare them with a cheap lower-casing. The planner calls
  // this for every member value, so the full parse below would dominate a no-op plan.
  if (isPlainDn(dn)) {
    const folded = dn.normalize("NFKC").toLowerCase().normalize("NFKC");
    // A compatibility form can fold into DN syntax (a fullwidth comma becomes a comma): parse those.
    if (folded === dn || isPlainDn(folded)) return folded;
  }
  return formatDn(
    parseDn(dn).map((rdn) => ({
      attribute: rdn.attribute.toLowerCase(),
      value: normalizeDnValue(rdn.value),
    })),
  );
}

/** Whether two DNs name the same entry; equal strings need no parsing. */
export function sameDn(a: string, b: string): boolean {
  return a === b || normalizeDn(a) === normalizeDn(b);
}

/**
 * A DN whose canonical form is just its lower-cased self: no escapes, quotes, multi-valued or
 * hex RDNs, exactly one `=` per RDN, and no spaces that normalisation would fold or drop.
 */
function isPlainDn(dn: string): boolean {
  if (dn.length === 0 || /[\\"+;<>#\0]|\s[,=]|[,=]\s|\s\s|^\s|\s$|[\t\n\r]/.test(dn)) return false;
  let equals = 0;
  let commas = 0;
  for (let i = 0; i < dn.length; i++) {
    const code = dn.charCodeAt(i);
    if (code === 61) equals += 1;
    else if (code === 44) commas += 1;
  }
  return equals === commas + 1;
}

/** The comparison form of one RDN value (see `normalizeDn`). */
export function normalizeDnValue(value: string): string {
  // NFKC, as slapd: siblings it holds to be one name (`研发(一)部`, `研发（一）部`) must be one here,
  // or the planner gives both the same RDN and slapd refuses the second. Again after
  // lower-casing: a few case mappings produce sequences that compose.
  return value.normalize("NFKC").toLowerCase().normalize("NFKC").replace(/ +/g, " ").trim();
}

/**
 * The DN of the parent, spelled as in the input (not re-escaped), or `null` for the root DSE
 * `""`. The parent of a single RDN such as `dc=com` is `""`.
 */
export function parentDn(dn: string): string | null {
  if (isPlainDn(dn)) {
    const comma = dn.indexOf(",");
    return comma === -1 ? "" : dn.slice(comma + 1);
  }
  const rdns = tokenize(dn);
  const second = rdns[1];
  if (rdns.length === 0) return null;
  const last = rdns[rdns.length - 1];
  if (second === undefined || last === undefined) return "";
  return dn.slice(second.start, last.end);
}

/**
 * True when `dn` is strictly below `ancestorDn` (never for the same DN), comparing as
 * `normalizeDn` does. Every DN but the root itself is below the root `""`.
 */
export function isDescendantDn(dn: string, ancestorDn: string): boolean {
  const rdns = parseDn(dn);
  const ancestor = parseDn(ancestorDn);
  if (rdns.length <= ancestor.length) return false;
  const offset = rdns.length - ancestor.length;
  return ancestor.every((rdn, index) => {
    const candidate = rdns[index + offset];
    return (
      candidate !== undefined &&
      candidate.attribute.toLowerCase() === rdn.attribute.toLowerCase() &&
      normalizeDnValue(candidate.value) === normalizeDnValue(rdn.value)
    );
  });
}

interface Token extends Rdn {
  /** Index in the DN where this RDN starts (after separator whitespace). */
  start: number;
  /** Index just after its value (before separator whitespace). */
  end: number;
}

function tokenize(dn: string): Token[] {
  const tokens: Token[] = [];
  if (dn.trim() === "") return tokens;
  let i = 0;
  const n = dn.length;
  for (;;) {
    while (i < n && dn.charAt(i) === " ") i++;
    const start = i;
    const equals = dn.indexOf("=", i);
    if (equals < 0) throw invalidDn(dn, `has an RDN without "=" at offset ${start}`);
    const attribute = dn.slice(i, equals).trim();
    if (!ATTRIBUTE_TYPE.test(attribute)) {
      throw invalidDn(dn, `has "${attribute}" where an attribute type belongs`);
    }
    i = equals + 1;
    while (i < n && dn.charAt(i) === " ") i++;
    let value: string;
    let end: number;
    if (dn.charAt(i) === "#") {
      // `#` + hex is a BER-encoded value (RFC 4514 §2.4); an escaped `\#` never gets here.
      const match = /^#([0-9a-fA-F]{2})+/.exec(dn.slice(i));
      if (!match) throw invalidDn(dn, `has "#" not followed by hex at offset ${i}`);
      value = decodeBerString(match[0].slice(1), dn);
      i += match[0].length;
      end = i;
      while (i < n && dn.charAt(i) === " ") i++;
    } else {
      // Find the end of the value: the first unescaped `,`; unescaped trailing spaces are
      // separator whitespace, escaped ones (`\ `) belong to the value.
      const valueStart = i;
      let significantEnd = i;
      while (i < n) {
        const char = dn.charAt(i);
        if (char === "\\") {
          if (i + 1 >= n) throw invalidDn(dn, "ends with a lone backslash");
          const astral = (dn.codePointAt(i + 1) ?? 0) > 0xffff;
          i += HEX_PAIR.test(dn.slice(i + 1, i + 3)) ? 3 : astral ? 3 : 2;
          significantEnd = i;
          continue;
        }
        if (char === ",") break;
        if (char === "+")
          throw invalidDn(dn, "has a multi-valued RDN, which orgsync does not support");
        if (char === ";") throw invalidDn(dn, `has an unescaped ";" at offset ${i}`);
        // An unescaped `=` is tolerated: RFC 4514 does not require escaping it, slapd accepts it.
        if (char === '"' || char === "<" || char === ">") {
          throw invalidDn(dn, `has an unescaped "${char}" at offset ${i}`);
        }
        i++;
        if (char !== " ") significantEnd = i;
      }
      value = unescapeDnValue(dn.slice(valueStart, significantEnd));
      end = significantEnd;
    }
    tokens.push({ attribute, value, start, end });
    if (i >= n) break;
    if (dn.charAt(i) !== ",") throw invalidDn(dn, `expected "," at offset ${i}`);
    i++;
  }
  return tokens;
}

function decodeUtf8(bytes: number[], context: string): string {
  try {
    return utf8Decoder.decode(new Uint8Array(bytes));
  } catch (cause) {
    throw invalidDn(context, "has \\XX escapes that are not UTF-8", cause);
  }
}

// Minimal BER: one tag byte, a short or long definite length, the content taken as UTF-8 (every
// string syntax orgsync meets: directoryString, IA5String, printableString).
function decodeBerString(hex: string, dn: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < hex.length; i += 2) bytes.push(Number.parseInt(hex.slice(i, i + 2), 16));
  let offset = 1;
  let length = bytes[offset++];
  if (length === undefined) throw invalidDn(dn, "has a truncated BER value");
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let k = 0; k < count; k++) length = length * 256 + (bytes[offset++] ?? Number.NaN);
  }
  if (offset + length !== bytes.length) throw invalidDn(dn, "has a BER value of the wrong length");
  return decodeUtf8(bytes.slice(offset), dn);
}

function invalidDn(dn: string, problem: string, cause?: unknown): DirectoryError {
  return new DirectoryError(
    "invalidDn",
    `dn: "${dn}" ${problem}`,
    { dn, code: 34 },
    cause === undefined ? undefined : { cause },
  );
}
