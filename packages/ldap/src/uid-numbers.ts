import { DirectoryError } from "@orgsync/core";
import type { Client } from "ldapts";
import { toDirectoryError } from "./ldap-errors.ts";

/**
 * Hands out POSIX `uidNumber`s from a range: the first call reads the highest one in use under
 * the users container, later calls count up in memory (creates run in parallel, so the counter
 * is the lock). Numbers of deleted accounts are not reused: a new person must never inherit
 * files owned by someone who left.
 */
export class UidNumberAllocator {
  #next: Promise<number> | undefined;

  constructor(
    private readonly range: [number, number],
    private readonly usersDn: string,
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
        `ldap: the uidNumber range ${this.range[0]}–${this.range[1]} is used up; widen layout.posix.uidNumbers`,
        { attribute: "uidNumber" },
      );
    }
    return value;
  }

  async #highestInUse(client: Client): Promise<number> {
    try {
      const { searchEntries } = await client.search(this.usersDn, {
        scope: "one",
        filter: "(uidNumber=*)",
        attributes: ["uidNumber"],
        paged: { pageSize: 500 },
      });
      let highest = 0;
      for (const entry of searchEntries) {
        const value = Number(entry.uidNumber);
        if (Number.isInteger(value) && value <= this.range[1]) highest = Math.max(highest, value);
      }
      return highest;
    } catch (error) {
      // No users container yet: nothing in use. Anything else must not let numbers be reused.
      if (toDirectoryError(error, "search", this.usersDn).category === "noSuchObject") return 0;
      throw error;
    }
  }
}
