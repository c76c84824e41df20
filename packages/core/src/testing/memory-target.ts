import { CancelledError, DirectoryError } from "../errors.ts";
import { parseAnchor } from "../model/anchor.ts";
import type {
  Attributes,
  DirectoryEntry,
  DirectorySnapshot,
  EntryKind,
} from "../model/directory.ts";
import {
  escapeDnValue,
  formatDn,
  normalizeDn,
  normalizeDnValue,
  parentDn,
  parseDn,
} from "../model/dn.ts";
import type {
  CreateGroupOp,
  CreateUserOp,
  MoveGroupOp,
  MoveUserOp,
  Operation,
  OperationType,
  SetMembersOp,
  UpdateGroupOp,
  UpdateUserOp,
} from "../model/operations.ts";
import { OPERATION_TYPES } from "../model/operations.ts";
import type { DirectoryLayout, DirectoryTarget, TargetCapabilities } from "../target/target.ts";

/**
 * An in-memory `DirectoryTarget` that behaves like OpenLDAP where a sync can tell the
 * difference: DNs compare case-insensitively, adds collide, parents must exist, only leaves can
 * be deleted, a move carries its subtree, member values are plain strings (no refint overlay).
 * It passes the same conformance suite as the LDAP target, so planner and executor tests that
 * run on it say something about production.
 */

export interface MemoryTargetOptions {
  /**
   * The directory's suffix; it always exists.
   * @default "dc=example,dc=com"
   * @example "dc=corp,dc=example,dc=cn"
   */
  baseDn?: string;
  /**
   * Delay before each operation takes effect, in ms, or a function of the operation. `0` still
   * yields to the event loop once, so concurrent applies interleave as they would on a server.
   * @default 0
   * @example (op) => (op.type === "createUser" ? 5 : 1)
   */
  latency?: number | ((operation: Operation) => number);
  /**
   * Overrides of the advertised capabilities, e.g. to test how the planner copes without moves.
   * @default { move: true, disable: true, maxParallelism: 4 }
   * @example { move: false }
   */
  capabilities?: Partial<TargetCapabilities>;
  /**
   * Attributes every entry of a kind must have, as the LDAP schema demands (inetOrgPerson: `sn`).
   * @default { user: ["sn"] }
   * @example { user: ["sn", "mail"] }
   */
  requiredAttributes?: Partial<Record<EntryKind, readonly string[]>>;
  /**
   * Entries present from the start, e.g. a directory go-ldap-admin left behind (see `seed`).
   * @default []
   * @example [{ dn: "uid=zhangsan,ou=people,dc=example,dc=com", kind: "user", anchor: null, name: "zhangsan", attributes: { sn: ["张"] } }]
   */
  seed?: readonly MemorySeedEntry[];
  /**
   * Name shown in logs.
   * @default "memory"
   */
  name?: string;
}

/** An entry to start from; `members` and `disabled` default to none and `false`. */
export type MemorySeedEntry = DirectoryEntry;

/**
 * Decides whether an operation fails instead of being applied. Return a `DirectoryError` to
 * throw it (the operation has no effect), `undefined` to let it through.
 */
export type MemoryTargetFault = (operation: Operation) => DirectoryError | undefined;

export interface MemoryTarget extends DirectoryTarget {
  /** Adds entries as they are, bypassing the operation rules; parents must exist or be containers directly under the base. */
  seed(entries: readonly MemorySeedEntry[]): void;
  /** Every group and user entry (not the containers), deep copies. */
  entries(): DirectoryEntry[];
  /** The entry at a DN (any spelling), or `undefined`; a deep copy. */
  get(dn: string): DirectoryEntry | undefined;
  /** Registers a fault hook for every later operation. Returns a function that removes it. */
  inject(fault: MemoryTargetFault): () => void;
  /**
   * Makes the next `times` operations matching `predicate` fail with `error` (a transient error
   * to test retries, a permanent one to test skipping dependants).
   */
  failNext(
    predicate: (operation: Operation) => boolean,
    error: DirectoryError,
    times?: number,
  ): void;
  /** Operations applied successfully, by type. */
  readonly counts: Readonly<Record<OperationType, number>>;
  /** Operations applied successfully, in the order they took effect. */
  readonly applied: readonly Operation[];
  /** Every call to `apply`, including failed ones, in call order. */
  readonly attempts: readonly Operation[];
  /** The most operations that were in flight at once (to check an executor's parallelism bound). */
  readonly maxInFlight: number;
}

interface StoredEntry {
  dn: string;
  /** Normalised DN: the key. */
  key: string;
  parentKey: string;
  kind: EntryKind | "container";
  anchor: string | null;
  name: string;
  attributes: Attributes;
  members: string[];
  disabled: boolean;
}

const DEFAULT_BASE_DN = "dc=example,dc=com";
const PEOPLE_RDN = "ou=people";

export function memoryTarget(options: MemoryTargetOptions = {}): MemoryTarget {
  const baseDn = options.baseDn ?? DEFAULT_BASE_DN;
  const baseKey = normalizeDn(baseDn);
  const targetName = options.name ?? "memory";
  const required = options.requiredAttributes ?? { user: ["sn"] };
  const capabilities: TargetCapabilities = {
    move: true,
    disable: true,
    maxParallelism: 4,
    ...options.capabilities,
  };

  const layout: DirectoryLayout = {
    groupRootDn: (flag) => `ou=${escapeDnValue(`${flag}root`)},${baseDn}`,
    groupDn: (name, parent) => `cn=${escapeDnValue(name)},${parent}`,
    userDn: (username) => `uid=${escapeDnValue(username)},${PEOPLE_RDN},${baseDn}`,
    requiredAttributes: required,
  };
  const peopleDn = `${PEOPLE_RDN},${baseDn}`;
  const peopleKey = normalizeDn(peopleDn);

  const store = new Map<string, StoredEntry>();
  // Children by parent key: deletes check leafness and moves walk subtrees without scanning.
  const children = new Map<string, Set<string>>();
  const faults: MemoryTargetFault[] = [];
  const counts = Object.fromEntries(OPERATION_TYPES.map((type) => [type, 0])) as Record<
    OperationType,
    number
  >;
  const applied: Operation[] = [];
  const attempts: Operation[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  function insert(entry: StoredEntry): void {
    store.set(entry.key, entry);
    let siblings = children.get(entry.parentKey);
    if (!siblings) {
      siblings = new Set();
      children.set(entry.parentKey, siblings);
    }
    siblings.add(entry.key);
  }

  function remove(entry: StoredEntry): void {
    store.delete(entry.key);
    children.get(entry.parentKey)?.delete(entry.key);
  }

  function hasChildren(key: string): boolean {
    return (children.get(key)?.size ?? 0) > 0;
  }

  function container(dn: string): StoredEntry {
    const name = parseDn(dn)[0]?.value ?? "";
    return {
      dn,
      key: normalizeDn(dn),
      parentKey: normalizeDn(parentDn(dn) ?? ""),
      kind: "container",
      anchor: null,
      name,
      attributes: {},
      members: [],
      disabled: false,
    };
  }

  insert({ ...container(baseDn), parentKey: "" });

  function keyOf(dn: string): string {
    // parseDn throws DirectoryError("invalidDn"), which is what slapd answers too.
    return normalizeDn(dn);
  }

  function parentKeyOf(dn: string): string {
    const parent = parentDn(dn);
    return parent === null ? "" : keyOf(parent);
  }

  function existing(dn: string, what: string): StoredEntry {
    const entry = store.get(keyOf(dn));
    if (!entry || entry.kind === "container") {
      throw new DirectoryError("noSuchObject", `memory target: ${what}: no entry ${dn}`, {
        dn,
        code: 32,
      });
    }
    return entry;
  }

  function checkValues(dn: string, attributes: Attributes): void {
    for (const [attribute, values] of Object.entries(attributes)) {
      if (values.some((value) => value === "")) {
        // slapd refuses empty directoryString values (invalid syntax).
        throw new DirectoryError(
          "schemaViolation",
          `memory target: ${dn}: attribute ${attribute} has an empty value`,
          { dn, attribute, code: 21 },
        );
      }
    }
  }

  function checkRequired(entry: { dn: string; kind: EntryKind; attributes: Attributes }): void {
    for (const attribute of required[entry.kind] ?? []) {
      const name = findAttribute(entry.attributes, attribute);
      if (name === undefined || (entry.attributes[name]?.length ?? 0) === 0) {
        throw new DirectoryError(
          "schemaViolation",
          `memory target: ${entry.dn}: required attribute ${attribute} is missing (the ${entry.kind} object class requires it)`,
          { dn: entry.dn, attribute, code: 65 },
        );
      }
    }
  }

  function checkRdnName(dn: string, name: string): void {
    const rdnValue = parseDn(dn)[0]?.value;
    if (rdnValue === undefined || normalizeDnValue(rdnValue) !== normalizeDnValue(name)) {
      // A DN whose RDN is not the entry's name is a planner bug; slapd says namingViolation.
      throw new DirectoryError(
        "schemaViolation",
        `memory target: ${dn}: the RDN value is not the name "${name}"`,
        { dn, code: 64 },
      );
    }
  }

  function create(op: CreateGroupOp | CreateUserOp, kind: EntryKind) {
    checkRdnName(op.dn, op.name);
    checkValues(op.dn, op.attributes);
    checkRequired({ dn: op.dn, kind, attributes: op.attributes });
    const key = keyOf(op.dn);
    if (store.has(key)) {
      throw new DirectoryError("alreadyExists", `memory target: ${op.type}: ${op.dn} exists`, {
        dn: op.dn,
        code: 68,
      });
    }
    const parentKey = parentKeyOf(op.dn);
    if (!store.has(parentKey)) {
      // The provider's group root and the people container are the target's to create.
      const automatic =
        kind === "group" ? keyOf(layout.groupRootDn(parseAnchor(op.anchor).flag)) : peopleKey;
      if (parentKey !== automatic) {
        throw new DirectoryError(
          "noSuchObject",
          `memory target: ${op.type}: the parent of ${op.dn} does not exist`,
          { dn: op.dn, code: 32 },
        );
      }
      insert(container(parentDn(op.dn) ?? ""));
    }
    insert({
      dn: op.dn,
      key,
      parentKey,
      kind,
      anchor: op.anchor,
      name: op.name,
      attributes: cloneAttributes(op.attributes),
      members: [],
      disabled: false,
    });
  }

  function update(op: UpdateGroupOp | UpdateUserOp) {
    const entry = existing(op.dn, op.type);
    const attributes = cloneAttributes(entry.attributes);
    for (const change of op.changes) {
      // Attribute names are case-insensitive in LDAP: `Mail` changes the stored `mail`.
      const name = findAttribute(attributes, change.attribute) ?? change.attribute;
      if (change.new.length === 0) delete attributes[name];
      else attributes[name] = [...change.new];
    }
    checkValues(op.dn, attributes);
    if (entry.kind !== "container") checkRequired({ dn: op.dn, kind: entry.kind, attributes });
    entry.attributes = attributes;
    if (op.adopt) entry.anchor = op.anchor;
  }

  function move(op: MoveGroupOp | MoveUserOp) {
    const entry = existing(op.dn, op.type);
    checkRdnName(op.newDn, op.newName);
    const newKey = keyOf(op.newDn);
    const newParentKey = parentKeyOf(op.newDn);
    if (isInSubtree(newParentKey, entry.key)) {
      // slapd answers "new superior not found" for a move under the entry's own subtree.
      throw new DirectoryError(
        "noSuchObject",
        `memory target: ${op.type}: cannot move ${op.dn} under its own subtree (${op.newDn})`,
        { dn: op.dn, code: 32 },
      );
    }
    if (!store.has(newParentKey)) {
      throw new DirectoryError(
        "noSuchObject",
        `memory target: ${op.type}: the new parent of ${op.newDn} does not exist`,
        { dn: op.newDn, code: 32 },
      );
    }
    // A case-only rename is the same entry: slapd allows it.
    if (newKey !== entry.key && store.has(newKey)) {
      throw new DirectoryError("alreadyExists", `memory target: ${op.type}: ${op.newDn} exists`, {
        dn: op.newDn,
        code: 68,
      });
    }
    const subtree = collectSubtree(entry.key);
    const depth = parseDn(entry.dn).length;
    for (const moved of subtree) remove(moved);
    for (const moved of subtree) {
      if (moved === entry) {
        moved.dn = op.newDn;
        moved.key = newKey;
        moved.parentKey = newParentKey;
        moved.name = op.newName;
      } else {
        // Swap the moved entry's part of the descendant's DN, as modifyDN does server-side.
        const rdns = parseDn(moved.dn);
        const relative = formatDn(rdns.slice(0, rdns.length - depth));
        moved.dn = `${relative},${op.newDn}`;
        moved.key = keyOf(moved.dn);
        moved.parentKey = parentKeyOf(moved.dn);
      }
      insert(moved);
    }
  }

  function isInSubtree(key: string, ancestorKey: string): boolean {
    for (let current = store.get(key); current; current = store.get(current.parentKey)) {
      if (current.key === ancestorKey) return true;
      if (current.parentKey === "") return false;
    }
    return false;
  }

  function collectSubtree(key: string): StoredEntry[] {
    const out: StoredEntry[] = [];
    const stack = [key];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      const entry = store.get(next);
      if (entry) out.push(entry);
      for (const child of children.get(next) ?? []) stack.push(child);
    }
    return out;
  }

  function setMembers(op: SetMembersOp) {
    const entry = existing(op.dn, op.type);
    if (entry.kind !== "group") {
      throw new DirectoryError(
        "schemaViolation",
        `memory target: setMembers: ${op.dn} is not a group`,
        { dn: op.dn, attribute: "uniqueMember", code: 65 },
      );
    }
    // Idempotent by design: go-ldap-admin aborted on "Attribute Or Value Exists" / "No Such
    // Attribute"; the contract says present adds and absent removes succeed.
    const memberKey = (value: string) => {
      try {
        return normalizeDn(value);
      } catch (cause) {
        throw new DirectoryError(
          "schemaViolation",
          `memory target: setMembers: member value "${value}" of ${op.dn} is not a DN`,
          { dn: op.dn, attribute: "uniqueMember", code: 21 },
          { cause },
        );
      }
    };
    const removeKeys = new Set(op.remove.map(memberKey));
    const members = entry.members.filter((member) => !removeKeys.has(memberKey(member)));
    const present = new Set(members.map(memberKey));
    for (const value of op.add) {
      const key = memberKey(value);
      if (!present.has(key)) {
        present.add(key);
        members.push(value);
      }
    }
    entry.members = members;
  }

  function deleteEntry(op: Operation) {
    const entry = existing(op.dn, op.type);
    if (hasChildren(entry.key)) {
      throw new DirectoryError(
        "notAllowedOnNonLeaf",
        `memory target: ${op.type}: ${op.dn} has entries below it`,
        { dn: op.dn, code: 66 },
      );
    }
    remove(entry);
  }

  function applyNow(op: Operation): void {
    switch (op.type) {
      case "createGroup":
        create(op, "group");
        break;
      case "createUser":
        create(op, "user");
        break;
      case "updateGroup":
      case "updateUser":
        update(op);
        break;
      case "moveGroup":
      case "moveUser":
        move(op);
        break;
      case "setMembers":
        setMembers(op);
        break;
      case "enableUser":
        existing(op.dn, op.type).disabled = false;
        break;
      case "disableUser":
        existing(op.dn, op.type).disabled = true;
        break;
      case "deleteUser":
      case "deleteGroup":
        deleteEntry(op);
        break;
    }
  }

  function seed(entries: readonly MemorySeedEntry[]): void {
    // Parents first, whatever order the caller listed them in.
    const ordered = [...entries].sort((a, b) => parseDn(a.dn).length - parseDn(b.dn).length);
    for (const seedEntry of ordered) {
      const key = keyOf(seedEntry.dn);
      if (store.has(key)) {
        throw new Error(`memory target: seed: ${seedEntry.dn} is listed twice or exists`);
      }
      const parent = parentDn(seedEntry.dn) ?? "";
      const parentKey = keyOf(parent);
      if (!store.has(parentKey)) {
        if (parentKeyOf(parent) !== baseKey) {
          throw new Error(`memory target: seed: the parent of ${seedEntry.dn} is missing`);
        }
        insert(container(parent));
      }
      insert({
        dn: seedEntry.dn,
        key,
        parentKey,
        kind: seedEntry.kind,
        anchor: seedEntry.anchor,
        name: seedEntry.name,
        attributes: cloneAttributes(seedEntry.attributes),
        members: [...(seedEntry.members ?? [])],
        disabled: seedEntry.disabled ?? false,
      });
    }
  }

  if (options.seed) seed(options.seed);

  function cancelled(signal: AbortSignal | undefined, what: string): CancelledError {
    return new CancelledError(`memory target: ${what} cancelled`, { cause: signal?.reason });
  }

  async function wait(op: Operation | undefined, signal: AbortSignal | undefined) {
    const latency =
      op === undefined || options.latency === undefined
        ? 0
        : typeof options.latency === "function"
          ? options.latency(op)
          : options.latency;
    if (latency <= 0) {
      await Promise.resolve();
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, latency);
      const onAbort = () => {
        clearTimeout(timer);
        reject(cancelled(signal, op?.type ?? "read"));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  return {
    name: targetName,
    capabilities,
    layout,

    async read(flag, readOptions = {}) {
      const { signal } = readOptions;
      if (signal?.aborted) throw cancelled(signal, "read");
      await wait(undefined, signal);
      if (signal?.aborted) throw cancelled(signal, "read");
      const rootDn = layout.groupRootDn(flag);
      const rootKey = keyOf(rootDn);
      const snapshot: DirectorySnapshot = {
        groupRoot: { dn: store.get(rootKey)?.dn ?? rootDn, exists: store.has(rootKey) },
        entries: [],
      };
      for (const key of [rootKey, peopleKey]) {
        for (const entry of collectSubtree(key)) {
          if (entry.kind === "container") continue;
          // Users are read from the people container only, groups from the flag's root.
          snapshot.entries.push(toDirectoryEntry(entry));
        }
      }
      return snapshot;
    },

    async apply(op, applyOptions = {}) {
      const { signal } = applyOptions;
      attempts.push(op);
      if (signal?.aborted) throw cancelled(signal, op.type);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await wait(op, signal);
        if (signal?.aborted) throw cancelled(signal, op.type);
        // Everything below is synchronous, so each operation is atomic under concurrency.
        for (const fault of [...faults]) {
          const error = fault(op);
          if (error) throw error;
        }
        applyNow(op);
        counts[op.type]++;
        applied.push(op);
      } finally {
        inFlight--;
      }
    },

    seed,

    entries() {
      return [...store.values()]
        .filter((entry) => entry.kind !== "container")
        .map(toDirectoryEntry);
    },

    get(dn) {
      const entry = store.get(keyOf(dn));
      return entry && entry.kind !== "container" ? toDirectoryEntry(entry) : undefined;
    },

    inject(fault) {
      faults.push(fault);
      return () => {
        const index = faults.indexOf(fault);
        if (index >= 0) faults.splice(index, 1);
      };
    },

    failNext(predicate, error, times = 1) {
      let left = times;
      const fault: MemoryTargetFault = (op) => {
        if (left <= 0 || !predicate(op)) return undefined;
        left--;
        if (left === 0) faults.splice(faults.indexOf(fault), 1);
        return error;
      };
      faults.push(fault);
    },

    counts,
    applied,
    attempts,
    get maxInFlight() {
      return maxInFlight;
    },
  };
}

function toDirectoryEntry(entry: StoredEntry): DirectoryEntry {
  const out: DirectoryEntry = {
    dn: entry.dn,
    kind: entry.kind === "container" ? "group" : entry.kind,
    anchor: entry.anchor,
    name: entry.name,
    attributes: cloneAttributes(entry.attributes),
  };
  if (entry.kind === "group") out.members = [...entry.members];
  if (entry.kind === "user") out.disabled = entry.disabled;
  return out;
}

function findAttribute(attributes: Attributes, name: string): string | undefined {
  if (name in attributes) return name;
  const lower = name.toLowerCase();
  return Object.keys(attributes).find((key) => key.toLowerCase() === lower);
}

function cloneAttributes(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const [name, values] of Object.entries(attributes)) out[name] = [...values];
  return out;
}
