import { SlapdHarnessError } from "./errors.ts";

/** One entry of a search result, as `ldapsearch` printed it. */
export interface LdifEntry {
  dn: string;
  /** Attribute name as the server spelled it → values in server order. */
  attributes: Record<string, string[]>;
}

/**
 * Parses the LDIF content records `ldapsearch -LLL` prints (RFC 2849): folded lines (a line
 * starting with one space continues the previous one), `::` base64 values (which slapd uses for
 * non-ASCII text and for values starting with a space, `:` or `<`), comments, an optional
 * `version: 1`. Base64 values are decoded as UTF-8, so binary attributes come back lossy; the
 * harness is for text. Change records and `:<` URL values are refused: `ldapsearch` never prints
 * them, so seeing one means the input is not what the caller thinks.
 */
export function parseLdif(text: string): LdifEntry[] {
  const entries: LdifEntry[] = [];
  let current: LdifEntry | undefined;
  let first = true;
  for (const line of unfold(text)) {
    if (line === undefined) {
      // A blank line ends the record.
      if (current) entries.push(current);
      current = undefined;
      continue;
    }
    if (line.startsWith("#")) continue;
    const { name, value } = parseLine(line);
    if (!current) {
      if (first && name.toLowerCase() === "version") {
        first = false;
        continue;
      }
      if (name.toLowerCase() !== "dn") {
        throw new SlapdHarnessError(
          `slapd harness: LDIF record must start with "dn:", got ${JSON.stringify(line.slice(0, 80))}`,
        );
      }
      first = false;
      current = { dn: value, attributes: {} };
      continue;
    }
    if (name === "-" || name.toLowerCase() === "changetype") {
      throw new SlapdHarnessError(
        `slapd harness: LDIF change records are not search results (entry ${current.dn})`,
      );
    }
    const values = current.attributes[name];
    if (values) values.push(value);
    else current.attributes[name] = [value];
  }
  if (current) entries.push(current);
  return entries;
}

/** Logical lines, with `undefined` for a record separator. */
function* unfold(text: string): Generator<string | undefined> {
  let pending: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (raw.startsWith(" ") && pending !== undefined) {
      // Folding inserts exactly one space; the rest of the line is content (RFC 2849 note 2).
      pending += raw.slice(1);
      continue;
    }
    if (pending !== undefined) yield pending;
    pending = undefined;
    if (raw === "") yield undefined;
    else pending = raw;
  }
  if (pending !== undefined) yield pending;
}

function parseLine(line: string): { name: string; value: string } {
  const colon = line.indexOf(":");
  if (colon <= 0) {
    if (line === "-") return { name: "-", value: "" };
    throw new SlapdHarnessError(
      `slapd harness: malformed LDIF line ${JSON.stringify(line.slice(0, 80))}`,
    );
  }
  const name = line.slice(0, colon);
  const rest = line.slice(colon + 1);
  if (rest.startsWith(":")) {
    return { name, value: Buffer.from(rest.slice(1).trim(), "base64").toString("utf8") };
  }
  if (rest.startsWith("<")) {
    throw new SlapdHarnessError(`slapd harness: LDIF URL values are not supported (${name}:<)`);
  }
  // A SAFE-STRING cannot start with a space, so every leading space is separator; trailing
  // spaces are content (slapd would have base64-encoded a value ending in one, but be exact).
  return { name, value: rest.replace(/^ +/, "") };
}

/**
 * One `name: value` LDIF line, base64-encoded (`name:: …`) when the value is not a SAFE-STRING:
 * non-ASCII (Chinese names), a leading space, `:` or `<`, a trailing space, or a line break.
 * Use it to build LDIF for `ldapadd`/`ldapmodify` from values a test does not control.
 * @example formatLdifAttribute("cn", "张伟") // "cn:: 5byg5Lyf"
 */
export function formatLdifAttribute(name: string, value: string): string {
  const safe = isSafeString(value);
  return safe ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, "utf8").toString("base64")}`;
}

// RFC 2849 SAFE-STRING: ASCII without NUL/CR/LF, not starting with space, ":" or "<". A trailing
// space is legal but dropped by many tools, so it is encoded too.
function isSafeString(value: string): boolean {
  if (value === "") return true;
  if (/^[ :<]/.test(value) || value.endsWith(" ")) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0 || code === 10 || code === 13 || code > 127) return false;
  }
  return true;
}
