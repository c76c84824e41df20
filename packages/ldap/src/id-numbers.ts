import { DirectoryError } from "@orgsync/core";
import type { Client } from "ldapts";
import { toDirectoryError } from "./ldap-errors.ts";

/**
 * Hands out POSIX ids (`uidNumber` for accounts, `gidNumber` for groups) from a range: the
 * first call reads the highest one in use below `baseDn`, later calls count up in memory
 * (creates run in parallel, so the counter is the lock). Ids of deleted entries are not
 * reused: a new person must never inherit files owned by someone who left.
 */
export class IdNumberAllocator {
  #next: Promise<number> | undefined;

  constructor(
    private readonly attribute: "uidNumber" | "gidNumber",
    private readonly range: [number, number],
    private readonly baseDn: () => string,
    private readonly scope: "one" | "sub",
  ) {}

  async next(client: Client): Promise<number> {
    this.#next ??= this.#highestInUse(client).then((highest) =>
      Math.max(highest + 1, this.range[0]),
    );
    const current = this.#next;
    this.#next = current.then((value) => value + 1);
    const value = await current;
    if (value > this.range[1]) {
      throw new DirectoryError(
        "schemaViolation",
        `ldap: the ${this.attribute} range ${this.range[0]}–${this.range[1]} is used up; widen layout.posix`,
        { attribute: this.attribute },
      );
    }
    return value;
  }

  async #highestInUse(client: Client): Promise<number> {
    const base = this.baseDn();
    try {
      const { searchEntries } = await client.search(base, {
        scope: this.scope,
        filter: `(${this.attribute}=*)`,
        attributes: [this.attribute],
        paged: { pageSize: 2000 },
      });
      let highest = 0;
      for (const entry of searchEntries) {
        const value = Number(entry[this.attribute]);
        if (Number.isInteger(value) && value <= this.range[1]) highest = Math.max(highest, value);
      }
      return highest;
    } catch (error) {
      // Nothing there yet: nothing in use. Anything else must not let ids be reused.
      if (toDirectoryError(error, "search", base).category === "noSuchObject") return 0;
      throw error;
    }
  }
}
