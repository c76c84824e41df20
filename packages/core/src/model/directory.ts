import { normalizeDnValue } from "./dn.ts";

/**
 * The directory side of the model: entries as a target reports them, and attribute values as
 * the planner compares them.
 */

export type EntryKind = "group" | "user";

/** Attribute values by attribute name. Every value is a list; an absent attribute has no key. */
export type Attributes = Record<string, string[]>;

/** One entry under a managed subtree, as the target read it. */
export interface DirectoryEntry {
  dn: string;
  kind: EntryKind;
  /** `<flag>:<id>` when the entry is managed by a provider; `null` for an entry nobody anchored. */
  anchor: string | null;
  /** The RDN value: the username of a user, the name of a group. */
  name: string;
  /** The attributes the planner manages (relation outputs); the target may omit the rest. */
  attributes: Attributes;
  /** Groups: member DNs, without the target's placeholder member. */
  members?: string[];
  /** Users: the account is disabled (cannot bind). */
  disabled?: boolean;
  /** The directory's own immutable id (LDAP `entryUUID`), when it has one: survives renames and moves. */
  uuid?: string;
}

/** What a target read: every entry under the managed subtrees of one provider. */
export interface DirectorySnapshot {
  /**
   * The DN of the provider's root container (`ou=feishuroot,<base>`), which holds its top-level
   * groups, and whether it exists yet. Targets create it on the first write.
   */
  groupRoot: { dn: string; exists: boolean };
  entries: DirectoryEntry[];
}

/**
 * The comparison form of an entry name, as LDAP's `cn`/`uid`/`ou` matching rules see it:
 * case, and runs of spaces, do not tell two names apart.
 */
export function normalizeName(value: string): string {
  return normalizeDnValue(value);
}
