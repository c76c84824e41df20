import {
  type Attributes,
  type DirectoryEntry,
  type DirectorySnapshot,
  normalizeDn,
  parseDn,
} from "@orgsync/core";
import type { Client, Entry } from "ldapts";
import { escapeFilterValue } from "./escape.ts";
import type { ResolvedLayout } from "./layout.ts";
import { toDirectoryError } from "./ldap-errors.ts";

/** Large pages: fewer round trips; the server still never builds the whole result at once. */
const PAGE_SIZE = 2000;
/** Attributes the target writes itself: never shown to the planner as relation outputs. */
const BOOKKEEPING = new Set([
  "objectclass",
  "orgsyncanchor",
  "orgsyncdisabled",
  "userpassword",
  "entryuuid",
]);

/**
 * Reads the provider's group subtree and the users container with paged searches (simple
 * paged results control), so directories of any size read in bounded memory on the server.
 */
export async function readSnapshot(
  client: Client,
  layout: ResolvedLayout,
  flag: string,
  placeholderMember: string,
  managed?: readonly string[],
): Promise<DirectorySnapshot> {
  const rootDn = layout.groupRootDn(flag);
  const placeholder = normalizeDn(placeholderMember);
  // What the target itself needs, plus the relations' attributes (or all of them).
  const own = [
    "objectClass",
    "orgsyncAnchor",
    "orgsyncDisabled",
    "entryUUID",
    layout.groupRdn,
    "uid",
  ];
  if (layout.memberAttribute) own.push(layout.memberAttribute);
  const attributes = managed ? [...own, ...managed] : ["*", "entryUUID"];
  // One after the other on one connection: in parallel they only fight over the same CPUs.
  const rootExists = await exists(client, rootDn);
  const groups = rootExists
    ? await search(
        client,
        rootDn,
        "sub",
        `(objectClass=${escapeFilterValue(layout.groupClass)})`,
        attributes,
      )
    : [];
  const users = (await exists(client, layout.usersDn))
    ? await search(client, layout.usersDn, "one", "(objectClass=inetOrgPerson)", attributes)
    : [];
  const entries: DirectoryEntry[] = [];
  const rootKey = normalizeDn(rootDn);
  for (const entry of groups) {
    if (normalizeDn(entry.dn) !== rootKey)
      entries.push(toEntry(entry, "group", layout, placeholder));
  }
  for (const entry of users) entries.push(toEntry(entry, "user", layout, placeholder));
  return { groupRoot: { dn: rootDn, exists: rootExists }, entries };
}

async function exists(client: Client, dn: string): Promise<boolean> {
  try {
    await client.search(dn, { scope: "base", filter: "(objectClass=*)", attributes: ["1.1"] });
    return true;
  } catch (error) {
    const mapped = toDirectoryError(error, "read", dn);
    if (mapped.category === "noSuchObject") return false;
    throw mapped;
  }
}

async function search(
  client: Client,
  base: string,
  scope: "sub" | "one",
  filter: string,
  attributes: string[],
): Promise<Entry[]> {
  try {
    const { searchEntries } = await client.search(base, {
      scope,
      filter,
      attributes,
      paged: { pageSize: PAGE_SIZE },
    });
    return searchEntries;
  } catch (error) {
    throw toDirectoryError(error, "search", base);
  }
}

function toEntry(
  entry: Entry,
  kind: "group" | "user",
  layout: ResolvedLayout,
  placeholder: string,
): DirectoryEntry {
  const attributes: Attributes = {};
  let anchor: string | null = null;
  let disabled = false;
  let uuid: string | undefined;
  let members: string[] = [];
  const memberKey = layout.memberAttribute?.toLowerCase();
  for (const [name, raw] of Object.entries(entry)) {
    if (name === "dn") continue;
    const values = textValues(raw);
    const key = name.toLowerCase();
    if (key === "orgsyncanchor") anchor = values[0] ?? null;
    else if (key === "orgsyncdisabled") disabled = values[0]?.toUpperCase() === "TRUE";
    else if (key === "entryuuid") uuid = values[0];
    else if (kind === "group" && key === memberKey)
      members = toMemberDns(values, layout, placeholder);
    else if (!BOOKKEEPING.has(key)) attributes[name] = values;
  }
  const rdn = parseDn(entry.dn)[0];
  return {
    dn: entry.dn,
    kind,
    anchor,
    name: rdn?.value ?? entry.dn,
    attributes,
    ...(kind === "group" ? { members } : { disabled }),
    ...(uuid ? { uuid } : {}),
  };
}

/** Text values only: binary attributes (photos, certificates) are not relation outputs. */
function textValues(raw: Entry[string]): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((value): value is string => typeof value === "string");
}

/** Member values as DNs: posixGroup's memberUid holds usernames, the others hold DNs. */
function toMemberDns(values: string[], layout: ResolvedLayout, placeholder: string): string[] {
  if (layout.memberValue === "username") return values.map((username) => layout.userDn(username));
  return values.filter((dn) => safeNormalize(dn) !== placeholder);
}

function safeNormalize(dn: string): string {
  try {
    return normalizeDn(dn);
  } catch {
    return dn;
  }
}
