import { ConfigError, isDescendantDn, parseAnchor, parseDn, sameDn } from "@orgsync/core";
import type { RawDirectoryEntry } from "@orgsync/ldap";
import { NotFoundError } from "../../errors.ts";

/**
 * One directory entry as an admin may see it: its attributes and its source anchor, with
 * password attributes named but never shown. Only entries in a provider's managed subtrees
 * (its group root and the users container) can be read, so the admin app is no general LDAP
 * browser over whatever else the directory holds.
 */

/** Where an entry sits: a department, a person, or one of the two containers themselves. */
export type DirectoryEntryKind = "group" | "user" | "container";

export interface DirectoryEntryView {
  dn: string;
  kind: DirectoryEntryKind;
  /** `<flag>:<source id>`; `null` for entries nobody anchored (and the containers). */
  anchor: string | null;
  /** Carries this provider's anchor: orgsync created or adopted it and keeps it in step. */
  managed: boolean;
  /** `orgsyncDisabled: TRUE`: the account cannot bind. */
  disabled: boolean;
  objectClasses: string[];
  /** Text attributes by name, without the bookkeeping ones shown as fields and secrets. */
  attributes: { attribute: string; values: string[] }[];
  /** Password attributes the entry holds; their values are never returned. */
  secretAttributes: string[];
  /** Binary attributes (photos, certificates) the entry holds, by name. */
  binaryAttributes: string[];
  /** `entryUUID`. */
  uuid: string | null;
  createdAt: Date | null;
  modifiedAt: Date | null;
}

/** The subtrees a provider's entries live in. */
export interface ManagedBases {
  /** `ou=<flag>root,<base DN>`: the provider's departments. */
  groupRoot: string;
  /** `ou=people,<base DN>`: every provider's people. */
  users: string;
}

/**
 * Attributes that hold passwords or keys, whatever the schema calls them: `userPassword`,
 * `authPassword`, `sambaNTPassword`, `krbPrincipalKey`, `userPKCS12`…
 */
const SECRET_ATTRIBUTE = /password|passwd|secret|privatekey|principalkey|pkcs12|^pwdhistory$/i;

/** Shown as fields of their own rather than in the attribute list. */
const AS_FIELDS = new Set([
  "objectclass",
  "orgsyncanchor",
  "orgsyncdisabled",
  "entryuuid",
  "createtimestamp",
  "modifytimestamp",
]);

export function isSecretAttribute(name: string): boolean {
  return SECRET_ATTRIBUTE.test(name);
}

/**
 * Refuses a DN that does not parse or lies outside the provider's subtrees, naming the
 * subtrees it may read; returns where the entry sits.
 */
export function checkEntryDn(dn: string, bases: ManagedBases): DirectoryEntryKind {
  let parsed = false;
  try {
    parsed = parseDn(dn).length > 0;
  } catch {
    parsed = false;
  }
  if (!parsed) {
    throw new ConfigError(`directory: "${dn}" is not a DN; copy it from the directory tree`, [
      { path: "dn", message: "is not a valid DN, e.g. uid=zhangsan,ou=people,dc=example,dc=com" },
    ]);
  }
  if (sameDn(dn, bases.groupRoot) || sameDn(dn, bases.users)) return "container";
  if (isDescendantDn(dn, bases.groupRoot)) return "group";
  if (isDescendantDn(dn, bases.users)) return "user";
  const allowed = `${bases.groupRoot} or ${bases.users}`;
  throw new ConfigError(
    `directory: "${dn}" is outside the provider's managed subtrees; only entries under ${allowed} can be read`,
    [{ path: "dn", message: `must be under ${allowed}` }],
  );
}

function flagOf(anchor: string | null): string | undefined {
  if (anchor === null) return undefined;
  try {
    return parseAnchor(anchor).flag;
  } catch {
    return undefined;
  }
}

/** LDAP GeneralizedTime (`20260301080000Z`, optionally with fractions) as a date. */
export function parseGeneralizedTime(value: string | undefined): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d+))?Z$/.exec(value ?? "");
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction] = match;
  const ms = fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
  const date = new Date(
    Date.UTC(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour),
      Number(minute),
      Number(second),
      ms,
    ),
  );
  return Number.isNaN(date.getTime()) ? null : date;
}

/** What the admin sees of `raw`: secrets withheld, bookkeeping lifted into fields. */
export function toEntryView(
  raw: RawDirectoryEntry,
  { flag, kind }: { flag: string; kind: DirectoryEntryKind },
): DirectoryEntryView {
  const byKey = new Map<string, { name: string; values: string[] }>();
  for (const [name, values] of Object.entries(raw.attributes)) {
    byKey.set(name.toLowerCase(), { name, values });
  }
  const first = (key: string) => byKey.get(key)?.values[0];
  const anchor = first("orgsyncanchor") ?? null;
  const attributes: DirectoryEntryView["attributes"] = [];
  const secretAttributes: string[] = [];
  for (const [key, { name, values }] of byKey) {
    if (AS_FIELDS.has(key)) continue;
    if (isSecretAttribute(name)) secretAttributes.push(name);
    else attributes.push({ attribute: name, values });
  }
  const binaryAttributes: string[] = [];
  for (const name of raw.binaryAttributes) {
    (isSecretAttribute(name) ? secretAttributes : binaryAttributes).push(name);
  }
  const byName = (a: string, b: string) => a.localeCompare(b, "en", { sensitivity: "base" });
  attributes.sort((a, b) => byName(a.attribute, b.attribute));
  return {
    dn: raw.dn,
    kind,
    anchor,
    managed: flagOf(anchor) === flag,
    disabled: first("orgsyncdisabled")?.toUpperCase() === "TRUE",
    objectClasses: byKey.get("objectclass")?.values ?? [],
    attributes,
    secretAttributes: secretAttributes.sort(byName),
    binaryAttributes: binaryAttributes.sort(byName),
    uuid: first("entryuuid") ?? null,
    createdAt: parseGeneralizedTime(first("createtimestamp")),
    modifiedAt: parseGeneralizedTime(first("modifytimestamp")),
  };
}

/** The DN names no entry in the provider's subtrees. */
export class DirectoryEntryNotFoundError extends NotFoundError {
  override name = "DirectoryEntryNotFoundError";
  constructor(
    readonly flag: string,
    readonly dn: string,
    options?: ErrorOptions,
  ) {
    super("directory entry", dn, options);
    this.message = `directory: there is no entry "${dn}" in provider ${flag}'s subtrees; it may have been renamed or deleted since the tree was read`;
  }
}
