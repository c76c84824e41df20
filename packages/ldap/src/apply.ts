import {
  type AttributeChange,
  type Attributes,
  DirectoryError,
  normalizeDn,
  type Operation,
  type OperationOf,
  parentDn,
  parseDn,
} from "@orgsync/core";
import { Attribute, Change, type Client } from "ldapts";
import type { ConnectionPool } from "./connection-pool.ts";
import { wireDn, wireRdn } from "./escape.ts";
import { IdNumberAllocator } from "./id-numbers.ts";
import type { ResolvedLayout } from "./layout.ts";
import { toDirectoryError } from "./ldap-errors.ts";
import {
  PASSWORD_MODIFY_OID,
  type PasswordOptions,
  passwordModifyRequest,
  randomPassword,
  sshaHash,
} from "./passwords.ts";

const MANAGED_CLASS = "orgsyncManaged";

export interface ApplierSettings {
  pool: ConnectionPool;
  layout: ResolvedLayout;
  passwords: Required<PasswordOptions>;
  /** The member every group keeps, so a group is never empty (its schema requires a member). */
  placeholderMember: string;
}

/**
 * Turns one planned operation into the fewest LDAP requests that carry it out: an add, a
 * modify of just the changed attributes, a modifyDN with a new superior, a delete.
 */
export class OperationApplier {
  readonly #uidNumbers: IdNumberAllocator | undefined;
  /** gidNumbers of posixGroup departments, one allocator per group root (per provider flag). */
  readonly #gidNumbers = new Map<string, IdNumberAllocator>();
  /** Containers we know exist (the group roots, the users container). */
  readonly #containers = new Set<string>();

  constructor(private readonly settings: ApplierSettings) {
    const { posix, usersDn } = settings.layout;
    if (posix)
      this.#uidNumbers = new IdNumberAllocator("uidNumber", posix.uidNumbers, () => usersDn, "one");
  }

  async apply(op: Operation): Promise<void> {
    const { pool } = this.settings;
    await pool.use(async (client) => {
      try {
        await this.#dispatch(client, op);
      } catch (error) {
        throw toDirectoryError(error, describe(op), op.dn);
      }
    });
  }

  async #dispatch(client: Client, op: Operation): Promise<void> {
    switch (op.type) {
      case "createGroup":
        return this.#add(client, op.dn, await this.#groupEntry(client, op));
      case "createUser":
        return this.#createUser(client, op);
      case "updateGroup":
      case "updateUser":
        return this.#update(client, op);
      case "moveGroup":
      case "moveUser":
        return client.modifyDN(
          wireDn(op.dn),
          `${wireRdn(rdnAttribute(op.newDn), op.newName)},${wireDn(parentOf(op.newDn))}`,
        );
      case "setMembers":
        return this.#setMembers(client, op);
      case "disableUser":
        // An unguessable password nobody knows: the account stays findable but cannot bind.
        return client.modify(wireDn(op.dn), [
          replace("userPassword", [sshaHash(randomPassword())]),
          replace("orgsyncDisabled", ["TRUE"]),
        ]);
      case "enableUser":
        await client.modify(wireDn(op.dn), [
          new Change({
            operation: "delete",
            modification: new Attribute({ type: "orgsyncDisabled" }),
          }),
        ]);
        return this.#setInitialPassword(client, op.dn);
      case "deleteUser":
      case "deleteGroup":
        return client.del(wireDn(op.dn));
    }
  }

  async #groupEntry(client: Client, op: OperationOf<"createGroup">): Promise<Attributes> {
    const { layout, placeholderMember } = this.settings;
    const entry: Attributes = {
      ...op.attributes,
      objectClass: [layout.groupClass, MANAGED_CLASS],
      orgsyncAnchor: [op.anchor],
      [layout.groupRdn]: withValue(op.attributes[layout.groupRdn], op.name),
    };
    // posixGroup may be empty (memberUid is optional): no placeholder member needed.
    if (layout.memberAttribute && layout.memberValue === "dn")
      entry[layout.memberAttribute] = [placeholderMember];
    if (layout.groupClass === "posixGroup")
      entry.gidNumber = [String(await this.#gidNumbersFor(op.anchor).next(client))];
    return entry;
  }

  #gidNumbersFor(anchor: string): IdNumberAllocator {
    const { layout } = this.settings;
    const flag = anchor.slice(0, anchor.indexOf(":"));
    let allocator = this.#gidNumbers.get(flag);
    if (!allocator) {
      const range = layout.posix?.gidNumbers as [number, number];
      allocator = new IdNumberAllocator("gidNumber", range, () => layout.groupRootDn(flag), "sub");
      this.#gidNumbers.set(flag, allocator);
    }
    return allocator;
  }

  async #createUser(client: Client, op: OperationOf<"createUser">): Promise<void> {
    const { layout, passwords } = this.settings;
    const entry: Attributes = {
      ...op.attributes,
      objectClass: ["inetOrgPerson", MANAGED_CLASS],
      orgsyncAnchor: [op.anchor],
      uid: [op.name],
    };
    let password: string | undefined;
    if (passwords.scheme !== "exop") {
      password = passwords.initial === "random" ? randomPassword() : passwords.initial;
      entry.userPassword = [passwords.scheme === "ssha" ? sshaHash(password) : password];
    }
    if (layout.posix && this.#uidNumbers) {
      const uidNumber = await this.#uidNumbers.next(client);
      (entry.objectClass as string[]).push("posixAccount");
      entry.uidNumber = [String(uidNumber)];
      entry.gidNumber = [String(layout.posix.gidNumber)];
      entry.homeDirectory = [
        (layout.posix.homeDirectory ?? "/home/{uid}").replaceAll("{uid}", op.name),
      ];
      entry.loginShell = [layout.posix.loginShell ?? "/bin/bash"];
    }
    await this.#add(client, op.dn, entry);
    if (passwords.scheme === "exop") await this.#setInitialPassword(client, op.dn);
  }

  async #setInitialPassword(client: Client, dn: string): Promise<void> {
    const { passwords } = this.settings;
    const password = passwords.initial === "random" ? randomPassword() : passwords.initial;
    if (passwords.scheme === "exop") {
      await client.exop(PASSWORD_MODIFY_OID, passwordModifyRequest(dn, password));
      return;
    }
    await client.modify(wireDn(dn), [
      replace("userPassword", [passwords.scheme === "ssha" ? sshaHash(password) : password]),
    ]);
  }

  /** Adds an entry; a missing group root or users container is created once, then the add is retried. */
  async #add(client: Client, dn: string, attributes: Attributes): Promise<void> {
    try {
      await client.add(wireDn(dn), attributes);
    } catch (error) {
      const parent = parentOf(dn);
      if (
        !(toDirectoryError(error, "add", dn).category === "noSuchObject") ||
        !this.#isContainer(parent)
      )
        throw error;
      await this.#ensureContainer(client, parent);
      await client.add(wireDn(dn), attributes);
    }
  }

  #isContainer(dn: string): boolean {
    const { layout } = this.settings;
    const parent = parentDn(dn);
    const rdn = parseDn(dn)[0];
    return (
      parent !== null &&
      normalize(parent) === normalize(layout.baseDn) &&
      rdn?.attribute.toLowerCase() === "ou"
    );
  }

  async #ensureContainer(client: Client, dn: string): Promise<void> {
    if (this.#containers.has(normalize(dn))) return;
    const rdn = parseDn(dn)[0] as { value: string };
    try {
      await client.add(wireDn(dn), { objectClass: ["organizationalUnit"], ou: [rdn.value] });
    } catch (error) {
      // Another parallel write created it first: that is what we wanted.
      if (toDirectoryError(error, "add", dn).category !== "alreadyExists") throw error;
    }
    this.#containers.add(normalize(dn));
  }

  async #update(client: Client, op: OperationOf<"updateGroup" | "updateUser">): Promise<void> {
    const changes = op.changes.flatMap(toChange);
    if (!op.adopt) {
      if (changes.length > 0) await client.modify(wireDn(op.dn), changes);
      return;
    }
    const anchor = replace("orgsyncAnchor", [op.anchor]);
    const addClass = new Change({
      operation: "add",
      modification: new Attribute({ type: "objectClass", values: [MANAGED_CLASS] }),
    });
    try {
      await client.modify(wireDn(op.dn), [...changes, addClass, anchor]);
    } catch (error) {
      // The entry has our class already (anchored by another provider, or a re-adoption).
      if (toDirectoryError(error, "modify", op.dn).details.code !== 20) throw error;
      await client.modify(wireDn(op.dn), [...changes, anchor]);
    }
  }

  /**
   * Member values are added and removed one by one in a single modify. If someone else already
   * made one of the changes (LDAP then refuses the whole modify with "value exists" or "no such
   * value"), each value is applied on its own and the ones already done are skipped.
   */
  async #setMembers(client: Client, op: OperationOf<"setMembers">): Promise<void> {
    const attribute = this.settings.layout.memberAttribute;
    if (!attribute) return;
    // posixGroup holds usernames: the RDN value of each member DN.
    const value = (dn: string) =>
      this.settings.layout.memberValue === "username" ? (parseDn(dn)[0]?.value ?? dn) : dn;
    const changes = [
      ...op.add.map((dn) => memberChange("add", attribute, value(dn))),
      ...op.remove.map((dn) => memberChange("delete", attribute, value(dn))),
    ];
    if (changes.length === 0) return;
    try {
      await client.modify(wireDn(op.dn), changes);
    } catch (error) {
      if (toDirectoryError(error, "modify", op.dn).category !== "schemaViolation") throw error;
      for (const change of changes) {
        try {
          await client.modify(wireDn(op.dn), [change]);
        } catch (single) {
          const code = toDirectoryError(single, "modify", op.dn).details.code;
          // 20: the value is there already; 16: the value is gone already. Both: done.
          if (code !== 20 && code !== 16) throw single;
        }
      }
    }
  }
}

function toChange(change: AttributeChange): Change[] {
  if (change.new.length > 0) return [replace(change.attribute, change.new)];
  if (change.old.length === 0) return [];
  return [
    new Change({ operation: "delete", modification: new Attribute({ type: change.attribute }) }),
  ];
}

function replace(type: string, values: string[]): Change {
  return new Change({ operation: "replace", modification: new Attribute({ type, values }) });
}

function memberChange(operation: "add" | "delete", type: string, dn: string): Change {
  return new Change({ operation, modification: new Attribute({ type, values: [dn] }) });
}

function withValue(values: string[] | undefined, value: string): string[] {
  return values?.includes(value) ? values : [value, ...(values ?? [])];
}

function rdnAttribute(dn: string): string {
  const rdn = parseDn(dn)[0];
  if (!rdn) throw new DirectoryError("invalidDn", `ldap: "${dn}" has no RDN`, { dn });
  return rdn.attribute;
}

function parentOf(dn: string): string {
  const parent = parentDn(dn);
  if (parent === null) throw new DirectoryError("invalidDn", `ldap: "${dn}" has no parent`, { dn });
  return parent;
}

function normalize(dn: string): string {
  return normalizeDn(dn);
}

function describe(op: Operation): string {
  switch (op.type) {
    case "createGroup":
    case "createUser":
      return "add";
    case "moveGroup":
    case "moveUser":
      return "move";
    case "deleteGroup":
    case "deleteUser":
      return "delete";
    default:
      return "modify";
  }
}
