import {
  ConfigError,
  type DirectoryEntry,
  type DirectorySnapshot,
  normalizeDn,
  normalizeName,
  parentDn,
  parseAnchor,
  parseDn,
} from "@orgsync/core";
import { NotFoundError } from "../../errors.ts";

/**
 * The managed tree of one provider as the directory holds it, built from one read of the
 * directory (`target.read(flag)`): paging and searching happen here, in memory, so no LDAP
 * filter is ever built from what a user typed.
 */

/** A group (department) entry, or the provider's group root. */
export interface DirectoryGroupNode {
  dn: string;
  /** The RDN value (`cn`, or `ou` for an OU layout). */
  name: string;
  /**
   * `description`: go-ldap-admin's remark, which its layout (and orgsync's default relations)
   * fill with the department's name in the IM, e.g. `研发中心` beside the pinyin `cn`.
   */
  description: string | null;
  /** `<flag>:<department id>`; `null` for the group root and for entries nobody anchored. */
  anchor: string | null;
  /** The DN of the entry above; the base DN for the group root. */
  parentDn: string | null;
  /** Groups directly below. */
  childCount: number;
  /** Member values the group holds (without the placeholder member). */
  memberCount: number;
}

/** A user entry in the users container. */
export interface DirectoryUserNode {
  dn: string;
  /** `uid`. */
  username: string;
  /**
   * `displayName`, else `cn`: go-ldap-admin's layout writes the username to `cn` and the
   * person's name to `displayName`.
   */
  displayName: string | null;
  mail: string | null;
  /** `<flag>:<user id>`; `null` for an entry nobody anchored. */
  anchor: string | null;
  /** Disabled accounts cannot bind (`orgsyncDisabled`). */
  disabled: boolean;
}

/** One page of one list. */
export interface DirectoryListPage<T> {
  items: T[];
  /** Entries in the whole list, all pages together. */
  totalCount: number;
  /** More entries follow this page in this list. */
  hasNextPage: boolean;
}

export interface DirectoryBrowseResult {
  /** The group browsed: the provider's group root when no `parentDn` was given. */
  parent: DirectoryGroupNode;
  /** Whether `parent` is the provider's group root. */
  isRoot: boolean;
  /** False only for the group root of a provider that has not synced yet. */
  exists: boolean;
  /** Groups directly below `parent`, by name. */
  groups: DirectoryListPage<DirectoryGroupNode>;
  /** Users who are members of `parent`, by name; always empty for the group root. */
  users: DirectoryListPage<DirectoryUserNode>;
  /** Pass as `after` for the next page of both lists; `undefined` when neither has more. */
  endCursor: string | undefined;
  hasNextPage: boolean;
}

export interface DirectorySearchResult {
  /** Exact matches first, then prefix matches, then the rest; by name within each. */
  items: DirectoryUserNode[];
  totalCount: number;
}

/** Page sizes above this are refused: a page is for a screen, not an export. */
export const MAX_PAGE_SIZE = 1000;

export function checkPageSize(first: number, path = "first"): void {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new ConfigError(
      `directory: ${path} must be a whole number from 1 to ${MAX_PAGE_SIZE}, got ${first}`,
      [{ path, message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` }],
    );
  }
}

/** Refuses a search for nothing (which would list everyone). */
export function checkQuery(query: string): void {
  if (normalizeName(query).length === 0) {
    throw new ConfigError("directory: the search text is empty; type part of a name or email", [
      { path: "query", message: "is empty" },
    ]);
  }
}

/** Where the two lists stopped: the last sort key shown, or `done` once a list is through. */
interface CursorState {
  /** The parent the cursor belongs to (normalised DN). */
  p: string;
  g: string | null;
  gd: boolean;
  u: string | null;
  ud: boolean;
}

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state), "utf8").toString("base64url");
}

function decodeCursor(cursor: string, parentKey: string): CursorState {
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    state = undefined;
  }
  const valid =
    typeof state === "object" &&
    state !== null &&
    "p" in state &&
    state.p === parentKey &&
    "gd" in state &&
    "ud" in state;
  if (!valid) {
    throw new ConfigError(
      `directory: the cursor "${cursor}" is not one this list returned; start again without "after"`,
      [{ path: "after", message: "is not a cursor of this list" }],
    );
  }
  return state as CursorState;
}

/** Orders entries by name as LDAP compares names, then by DN: stable across reads. */
function sortKey(entry: DirectoryEntry): string {
  return `${normalizeName(entry.name)}\u0000${safeNormalizeDn(entry.dn)}`;
}

function byKey<T extends { key: string }>(a: T, b: T): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function safeNormalizeDn(dn: string): string {
  try {
    return normalizeDn(dn);
  } catch {
    return dn;
  }
}

function safeParentDn(dn: string): string | null {
  try {
    return parentDn(dn);
  } catch {
    return null;
  }
}

/** The first value of an attribute, whatever case the server spelled its name in. */
function firstValue(entry: DirectoryEntry, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, values] of Object.entries(entry.attributes)) {
    if (key.toLowerCase() === wanted && values[0] !== undefined) return values[0];
  }
  return null;
}

function allValues(entry: DirectoryEntry, name: string): string[] {
  const wanted = name.toLowerCase();
  return Object.entries(entry.attributes)
    .filter(([key]) => key.toLowerCase() === wanted)
    .flatMap(([, values]) => values);
}

function toUserNode(entry: DirectoryEntry): DirectoryUserNode {
  return {
    dn: entry.dn,
    username: firstValue(entry, "uid") ?? entry.name,
    displayName: firstValue(entry, "displayName") ?? firstValue(entry, "cn"),
    mail: firstValue(entry, "mail"),
    anchor: entry.anchor,
    disabled: entry.disabled === true,
  };
}

function flagOf(anchor: string | null): string | undefined {
  if (anchor === null) return undefined;
  try {
    return parseAnchor(anchor).flag;
  } catch {
    return undefined;
  }
}

/** A snapshot indexed for browsing: children and members by normalised DN. */
export class DirectoryTree {
  readonly #rootKey: string;
  readonly #groups = new Map<string, DirectoryEntry>();
  readonly #children = new Map<string, { key: string; entry: DirectoryEntry }[]>();
  readonly #users = new Map<string, DirectoryEntry>();

  constructor(
    private readonly snapshot: DirectorySnapshot,
    private readonly flag: string,
  ) {
    this.#rootKey = safeNormalizeDn(snapshot.groupRoot.dn);
    for (const entry of snapshot.entries) {
      const key = safeNormalizeDn(entry.dn);
      if (entry.kind === "user") {
        this.#users.set(key, entry);
        continue;
      }
      this.#groups.set(key, entry);
      const parent = safeParentDn(entry.dn);
      if (parent === null) continue;
      const parentKey = safeNormalizeDn(parent);
      const siblings = this.#children.get(parentKey) ?? [];
      siblings.push({ key: sortKey(entry), entry });
      this.#children.set(parentKey, siblings);
    }
    for (const siblings of this.#children.values()) siblings.sort(byKey);
  }

  /** One page of the children and members of `parentDn` (the group root when omitted). */
  browse(options: { parentDn?: string; first: number; after?: string }): DirectoryBrowseResult {
    checkPageSize(options.first);
    const parentKey =
      options.parentDn === undefined ? this.#rootKey : this.#keyOf(options.parentDn);
    const isRoot = parentKey === this.#rootKey;
    const group = this.#groups.get(parentKey);
    if (!isRoot && !group) throw new DirectoryGroupNotFoundError(this.flag, options.parentDn ?? "");

    const state: CursorState =
      options.after === undefined
        ? { p: parentKey, g: null, gd: false, u: null, ud: false }
        : decodeCursor(options.after, parentKey);

    const children = this.#children.get(parentKey) ?? [];
    const members = isRoot || !group ? [] : this.#memberUsers(group);
    const groups = page(children, state.g, state.gd, options.first);
    const users = page(members, state.u, state.ud, options.first);
    const hasNextPage = groups.hasNextPage || users.hasNextPage;
    const next: CursorState = {
      p: parentKey,
      g: groups.lastKey ?? state.g,
      gd: !groups.hasNextPage,
      u: users.lastKey ?? state.u,
      ud: !users.hasNextPage,
    };

    const { dn: rootDn } = this.snapshot.groupRoot;
    const parent: DirectoryGroupNode =
      isRoot || !group
        ? {
            dn: rootDn,
            name: parseDn(rootDn)[0]?.value ?? rootDn,
            description: null,
            anchor: null,
            parentDn: safeParentDn(rootDn),
            childCount: children.length,
            memberCount: 0,
          }
        : this.#groupNode(group);
    return {
      parent,
      isRoot,
      exists: !isRoot || this.snapshot.groupRoot.exists,
      groups: {
        items: groups.items.map(({ entry }) => this.#groupNode(entry)),
        totalCount: children.length,
        hasNextPage: groups.hasNextPage,
      },
      users: {
        items: users.items.map(({ entry }) => toUserNode(entry)),
        totalCount: members.length,
        hasNextPage: users.hasNextPage,
      },
      endCursor: hasNextPage ? encodeCursor(next) : undefined,
      hasNextPage,
    };
  }

  /**
   * The provider's users whose `uid`, `cn`, `displayName` or `mail` contains `query`, ignoring
   * case and runs of spaces. The
   * provider's users: those anchored to its flag, and anyone a group of its holds.
   */
  searchUsers(options: { query: string; first: number }): DirectorySearchResult {
    checkPageSize(options.first);
    checkQuery(options.query);
    const query = normalizeName(options.query);
    const matches: { key: string; rank: number; entry: DirectoryEntry }[] = [];
    for (const entry of this.#providerUsers()) {
      let rank = Number.POSITIVE_INFINITY;
      for (const value of [
        ...allValues(entry, "uid"),
        ...allValues(entry, "cn"),
        ...allValues(entry, "displayName"),
        ...allValues(entry, "mail"),
      ]) {
        const normalized = normalizeName(value);
        if (normalized === query) rank = Math.min(rank, 0);
        else if (normalized.startsWith(query)) rank = Math.min(rank, 1);
        else if (normalized.includes(query)) rank = Math.min(rank, 2);
      }
      if (rank !== Number.POSITIVE_INFINITY) matches.push({ key: sortKey(entry), rank, entry });
    }
    matches.sort((a, b) => a.rank - b.rank || byKey(a, b));
    return {
      items: matches.slice(0, options.first).map(({ entry }) => toUserNode(entry)),
      totalCount: matches.length,
    };
  }

  #keyOf(dn: string): string {
    try {
      return normalizeDn(dn);
    } catch {
      throw new DirectoryGroupNotFoundError(this.flag, dn);
    }
  }

  #groupNode(entry: DirectoryEntry): DirectoryGroupNode {
    return {
      dn: entry.dn,
      name: entry.name,
      description: firstValue(entry, "description"),
      anchor: entry.anchor,
      parentDn: safeParentDn(entry.dn),
      childCount: this.#children.get(safeNormalizeDn(entry.dn))?.length ?? 0,
      memberCount: entry.members?.length ?? 0,
    };
  }

  #memberUsers(group: DirectoryEntry): { key: string; entry: DirectoryEntry }[] {
    const seen = new Set<string>();
    const users: { key: string; entry: DirectoryEntry }[] = [];
    for (const member of group.members ?? []) {
      const key = safeNormalizeDn(member);
      const user = this.#users.get(key);
      if (!user || seen.has(key)) continue;
      seen.add(key);
      users.push({ key: sortKey(user), entry: user });
    }
    return users.sort(byKey);
  }

  #providerUsers(): DirectoryEntry[] {
    const held = new Set<string>();
    for (const group of this.#groups.values()) {
      for (const member of group.members ?? []) held.add(safeNormalizeDn(member));
    }
    return [...this.#users.entries()]
      .filter(([key, entry]) => flagOf(entry.anchor) === this.flag || held.has(key))
      .map(([, entry]) => entry);
  }
}

/** The slice after `afterKey` (exclusive), or nothing once the list is through. */
function page<T extends { key: string }>(
  sorted: readonly T[],
  afterKey: string | null,
  done: boolean,
  first: number,
): { items: T[]; lastKey: string | undefined; hasNextPage: boolean } {
  if (done) return { items: [], lastKey: undefined, hasNextPage: false };
  const start = afterKey === null ? 0 : sorted.findIndex((item) => item.key > afterKey);
  if (start === -1) return { items: [], lastKey: undefined, hasNextPage: false };
  const items = sorted.slice(start, start + first);
  return { items, lastKey: items.at(-1)?.key, hasNextPage: start + first < sorted.length };
}

/** `browse` was given a `parentDn` that is not a group of the provider. */
export class DirectoryGroupNotFoundError extends NotFoundError {
  override name = "DirectoryGroupNotFoundError";
  constructor(
    readonly flag: string,
    readonly dn: string,
    options?: ErrorOptions,
  ) {
    super("directory group", dn, options);
    this.message = `directory: provider ${flag} has no group "${dn}" in the directory; browse from its root to find the group's DN`;
  }
}
