import type { CompiledFieldRelations } from "../field-relations/index.ts";
import { sanitizeUsername, UsernameAllocator } from "../identity/username.ts";
import { anchorOf } from "../model/anchor.ts";
import type { Attributes, DirectoryEntry } from "../model/directory.ts";
import { sameDn } from "../model/dn.ts";
import type { DepartureReason } from "../model/operations.ts";
import type { SourceUser } from "../model/source.ts";
import type { DirectoryLayout } from "../target/target.ts";
import { diffAttributes } from "./attribute-diff.ts";
import type { PlanBuilder } from "./plan-builder.ts";

/** What happens to people who left the IM (resigned, or gone from a complete read). */
export type DepartedUserPolicy = "disable" | "delete" | "keep";

/** Where a user ends up, for the membership pass. */
export interface UserOutcome {
  anchor: string;
  /** DN the user has once its own operations ran. */
  dn: string;
  /** DN the directory holds now (differs from `dn` after a move); null for new users. */
  currentDn: string | null;
  /** Memberships to reach: the departments' ids; null = leave memberships as they are. */
  departmentIds: string[] | null;
  /** The op after which the user exists at `dn` (its create, adopt or move). */
  readyOp?: string | undefined;
  /** Departure ops that must wait until the user is out of its groups. */
  departureOp?: { type: "disableUser" | "deleteUser"; reason: DepartureReason };
}

export interface UserPlanInput {
  flag: string;
  users: readonly SourceUser[];
  entries: readonly DirectoryEntry[];
  layout: DirectoryLayout;
  relations: CompiledFieldRelations;
  managedAttributes: readonly string[];
  builder: PlanBuilder;
  policy: DepartedUserPolicy;
  canMove: boolean;
  /** The target can disable accounts; without it frozen people are left as they are. */
  canDisable: boolean;
  /** go-ldap-admin's `is-update-syncd`: update attributes of existing accounts. */
  updateExisting: boolean;
  /** The op after which a department's group exists at its final DN (a user waits for its groups). */
  groupReadyOp: (departmentId: string) => string | undefined;
  /** Targeted run: only these user ids; `removed` ones are gone from the IM. */
  targeted?: { ids: ReadonlySet<string>; removed: ReadonlySet<string> };
}

/**
 * Plans user creates (with username allocation), adoptions, attribute updates, re-enables and
 * departures. Returns, per user, what the membership pass needs.
 */
export function planUsers(input: UserPlanInput): UserOutcome[] {
  const {
    flag,
    layout,
    relations,
    managedAttributes,
    builder,
    policy,
    canMove,
    canDisable,
    updateExisting,
  } = input;
  const { targeted } = input;
  const required = layout.requiredAttributes?.user ?? [];
  const userEntries = input.entries.filter((entry) => entry.kind === "user");
  const byAnchor = new Map<string, DirectoryEntry>();
  const unanchored = new Map<string, DirectoryEntry>();
  // Accounts sharing an anchor (a hand-made copy): none of them is touched, and the person is
  // not planned, until an admin removes the copy.
  const duplicated = new Set<string>();
  for (const entry of userEntries) {
    if (!entry.anchor?.startsWith(`${flag}:`)) continue;
    if (byAnchor.has(entry.anchor)) duplicated.add(entry.anchor);
    else byAnchor.set(entry.anchor, entry);
  }
  for (const anchor of duplicated) {
    byAnchor.delete(anchor);
    builder.warn({
      code: "duplicateAnchor",
      anchor,
      message: `several accounts carry the anchor ${anchor}; none is touched until the copies are removed`,
    });
  }
  for (const entry of userEntries) {
    if (entry.anchor === null) unanchored.set(entry.name.toLowerCase(), entry);
  }
  // Built only when someone needs a name: a sync with no newcomers never pays for it.
  let usernames: UsernameAllocator | undefined;
  const allocator = (): UsernameAllocator => {
    usernames ??= new UsernameAllocator(userEntries.map((entry) => entry.name));
    return usernames;
  };
  const outcomes: UserOutcome[] = [];

  const departed = (entry: DirectoryEntry, reason: DepartureReason): void => {
    // Frozen people come back: their account is disabled whatever the policy, never deleted.
    const keep = reason === "frozen" ? !canDisable : policy === "keep";
    if (keep) {
      outcomes.push({
        anchor: entry.anchor as string,
        dn: entry.dn,
        currentDn: entry.dn,
        departmentIds: null,
      });
      return;
    }
    const type = policy === "delete" && reason !== "frozen" ? "deleteUser" : "disableUser";
    const alreadyDone = type === "disableUser" && entry.disabled;
    outcomes.push({
      anchor: entry.anchor as string,
      dn: entry.dn,
      currentDn: entry.dn,
      departmentIds: [],
      ...(alreadyDone ? {} : { departureOp: { type, reason } }),
    });
  };

  // The people the source lists, by anchor (the first record of an id wins). Accounts are then
  // walked in directory order and matched against it: the directory side is the bigger one
  // (an object per attribute value), so walking it in memory order is what keeps a 100k-person
  // no-op plan near-linear; what remains in the map afterwards are the newcomers.
  const listed = new Map<string, SourceUser>();
  for (const user of input.users) {
    if (targeted && !targeted.ids.has(user.id)) continue;
    const anchor = anchorOf(flag, user.id);
    if (!listed.has(anchor) && !duplicated.has(anchor)) listed.set(anchor, user);
  }

  for (const entry of byAnchor.values()) {
    const anchor = entry.anchor as string;
    const user = listed.get(anchor);
    if (!user) {
      const id = anchor.slice(flag.length + 1);
      // A targeted run knows nothing about the people it did not re-read.
      if (!targeted || targeted.removed.has(id)) departed(entry, "removed");
      continue;
    }
    listed.delete(anchor);
    if (user.status === "resigned") {
      departed(entry, "resigned");
    } else if (user.status === "frozen") {
      departed(entry, "frozen");
    } else if (user.status === "notJoined") {
      outcomes.push({ anchor, dn: entry.dn, currentDn: entry.dn, departmentIds: null });
    } else {
      outcomes.push(planExisting(user, entry));
    }
  }

  const newcomers = [...listed.values()].filter((user) => user.status === "active");
  // Usernames are handed out in id order, so the same newcomers get the same names whatever
  // order the IM listed them in. Only newcomers are sorted: a 100k-person sort is not free.
  newcomers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const adoptions = matchAdoptions(newcomers, unanchored);
  for (const user of newcomers) {
    const adopted = adoptions.get(user.id);
    outcomes.push(adopted ? planAdoption(user, adopted) : planCreate(user));
  }
  return outcomes;

  function planExisting(user: SourceUser, entry: DirectoryEntry): UserOutcome {
    const anchor = entry.anchor as string;
    const username = entry.name;
    let dn = entry.dn;
    let readyOp: string | undefined;
    const wantedDn = layout.userDn(username);
    if (canMove && !sameDn(wantedDn, entry.dn)) {
      readyOp = builder.add({
        type: "moveUser",
        anchor,
        dn: entry.dn,
        newDn: wantedDn,
        newName: username,
      }).id;
      dn = wantedDn;
    }
    if (updateExisting) {
      const desired = relations.userAttributes(user, { username });
      const changes = diffAttributes(managedAttributes, desired, entry.attributes).filter(
        (change) => {
          if (change.new.length > 0 || !isRequired(change.attribute)) return true;
          builder.warn({
            code: "missingRequiredAttribute",
            anchor,
            message: `user ${user.id}: "${change.attribute}" would become empty but the directory requires it; it keeps its value`,
          });
          return false;
        },
      );
      if (changes.length > 0)
        builder.add({ type: "updateUser", anchor, dn, changes, dependsOn: [readyOp] });
    }
    if (entry.disabled) builder.add({ type: "enableUser", anchor, dn, dependsOn: [readyOp] });
    return { anchor, dn, currentDn: entry.dn, departmentIds: user.departmentIds, readyOp };
  }

  function planAdoption(user: SourceUser, entry: DirectoryEntry): UserOutcome {
    const anchor = anchorOf(flag, user.id);
    const username = entry.name;
    allocator().reserve(username);
    const desired = relations.userAttributes(user, { username });
    const changes = updateExisting
      ? diffAttributes(managedAttributes, desired, entry.attributes)
      : [];
    const op = builder.add({
      type: "updateUser",
      anchor,
      dn: entry.dn,
      changes: changes.filter((change) => change.new.length > 0 || !isRequired(change.attribute)),
      adopt: true,
    });
    if (entry.disabled)
      builder.add({ type: "enableUser", anchor, dn: entry.dn, dependsOn: [op.id] });
    return {
      anchor,
      dn: entry.dn,
      currentDn: entry.dn,
      departmentIds: user.departmentIds,
      readyOp: op.id,
    };
  }

  function planCreate(user: SourceUser): UserOutcome {
    const anchor = anchorOf(flag, user.id);
    const username = allocator().allocate(relations.usernameCandidates(user), user.id);
    const attributes = relations.userAttributes(user, { username });
    const missing = required.filter((name) => !hasAttribute(attributes, name));
    if (missing.length > 0) {
      builder.warn({
        code: "missingRequiredAttribute",
        anchor,
        message: `user ${user.id} "${user.name}" is not created: the directory requires ${missing.join(", ")}, which the field relations left empty`,
      });
      return { anchor, dn: layout.userDn(username), currentDn: null, departmentIds: null };
    }
    const dn = layout.userDn(username);
    const op = builder.add({
      type: "createUser",
      anchor,
      dn,
      name: username,
      attributes,
      dependsOn: user.departmentIds.map(input.groupReadyOp),
    });
    return { anchor, dn, currentDn: null, departmentIds: user.departmentIds, readyOp: op.id };
  }

  function isRequired(attribute: string): boolean {
    return required.some((name) => name.toLowerCase() === attribute.toLowerCase());
  }

  /**
   * Unanchored accounts (go-ldap-admin made `uid=<pinyin>` without any source id) are adopted,
   * not duplicated:
   * 1. by the newcomer whose first username candidate they carry; when several newcomers
   *    share it (two 张伟), the one whose mail, mobile or employee number matches wins;
   * 2. otherwise by the one newcomer whose mail, mobile or employee number they carry (the
   *    pinyin may differ: go-ldap-admin read 曾 as "ceng", we read the surname as "zeng").
   * When nothing decides, nobody adopts the account and it is left alone — a wrong adoption
   * would hand one person's account to another.
   */
  function matchAdoptions(
    newcomers: readonly SourceUser[],
    free: Map<string, DirectoryEntry>,
  ): Map<string, DirectoryEntry> {
    const matches = new Map<string, DirectoryEntry>();
    if (free.size === 0) return matches;
    const claimed = new Set<DirectoryEntry>();
    const firstCandidate = (user: SourceUser) =>
      relations
        .usernameCandidates(user)
        .map((candidate) => sanitizeUsername(candidate))
        .find(Boolean);

    const claimants = new Map<string, SourceUser[]>();
    for (const user of newcomers) {
      const first = firstCandidate(user);
      if (!first || !free.has(first)) continue;
      const list = claimants.get(first);
      if (list) list.push(user);
      else claimants.set(first, [user]);
    }
    for (const [name, users] of claimants) {
      const entry = free.get(name) as DirectoryEntry;
      const confirmed =
        users.length === 1
          ? users
          : users.filter((user) =>
              contactKeys(relations.userAttributes(user, { username: name })).some((key) =>
                contactKeys(entry.attributes).includes(key),
              ),
            );
      if (confirmed.length === 1) {
        matches.set((confirmed[0] as SourceUser).id, entry);
        claimed.add(entry);
      } else {
        builder.warn({
          code: "foreignEntryInTheWay",
          message: `the unmanaged account "${name}" could belong to ${users.length} people (${users.map((u) => u.id).join(", ")}); none adopts it — set its mail or employee number to tell them apart`,
        });
      }
    }

    const byContact = new Map<string, DirectoryEntry[]>();
    for (const entry of free.values()) {
      if (claimed.has(entry)) continue;
      for (const key of contactKeys(entry.attributes)) {
        const list = byContact.get(key);
        if (list) list.push(entry);
        else byContact.set(key, [entry]);
      }
    }
    if (byContact.size === 0) return matches;
    const wanted = new Map<DirectoryEntry, SourceUser[]>();
    for (const user of newcomers) {
      if (matches.has(user.id)) continue;
      const username = firstCandidate(user) ?? user.id;
      const found = new Set<DirectoryEntry>();
      for (const key of contactKeys(relations.userAttributes(user, { username }))) {
        for (const entry of byContact.get(key) ?? []) found.add(entry);
      }
      if (found.size !== 1) continue;
      const [entry] = found as Set<DirectoryEntry>;
      const list = wanted.get(entry as DirectoryEntry);
      if (list) list.push(user);
      else wanted.set(entry as DirectoryEntry, [user]);
    }
    for (const [entry, users] of wanted) {
      if (users.length === 1) matches.set((users[0] as SourceUser).id, entry);
    }
    return matches;
  }
}

function hasAttribute(attributes: Attributes, name: string): boolean {
  const key = name.toLowerCase();
  return Object.entries(attributes).some(
    ([attribute, values]) => attribute.toLowerCase() === key && values.length > 0,
  );
}

/** The values that identify a person across systems: mail, mobile, employee number. */
function contactKeys(attributes: Attributes): string[] {
  const keys: string[] = [];
  for (const [attribute, values] of Object.entries(attributes)) {
    const name = attribute.toLowerCase();
    if (name !== "mail" && name !== "mobile" && name !== "employeenumber") continue;
    for (const value of values)
      if (value.trim()) keys.push(`${name}:${value.trim().toLowerCase()}`);
  }
  return keys;
}
