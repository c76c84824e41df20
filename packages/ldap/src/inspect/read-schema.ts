import { DirectoryError, raceAbort } from "@orgsync/core";
import type { Client, Entry } from "ldapts";
import { ConnectionPool } from "../connection-pool.ts";
import { toDirectoryError } from "../ldap-errors.ts";
import type { LdapTargetOptions } from "../ldap-target.ts";
import { buildDirectorySchema, type DirectorySchema } from "./directory-schema.ts";
import { values } from "./entry-values.ts";
import { SchemaSyntaxError } from "./schema-description.ts";

/** Where OpenLDAP (and most servers) publish the schema when the root DSE does not say. */
const DEFAULT_SUBSCHEMA = "cn=Subschema";

/**
 * Binds with the target's settings and reads the directory's schema from its subschema entry.
 * Failures are `DirectoryError`s (a bind refused, a subschema entry the bind DN may not read).
 */
export async function readDirectorySchema(
  options: LdapTargetOptions,
  opts: { signal?: AbortSignal } = {},
): Promise<DirectorySchema> {
  const pool = new ConnectionPool(options, 1);
  try {
    return await raceAbort(
      pool.use(async (client) => (await fetchSchema(client)).schema),
      opts.signal,
      "ldap: schema read",
    );
  } finally {
    await pool.close();
  }
}

/**
 * Reads and parses the subschema entry on a bound connection: the one the root DSE names in
 * `subschemaSubentry`, else `cn=Subschema`. Returns its DN too, for messages.
 */
export async function fetchSchema(
  client: Client,
): Promise<{ dn: string; schema: DirectorySchema }> {
  const dn = (await subschemaDn(client)) ?? DEFAULT_SUBSCHEMA;
  let entry: Entry | undefined;
  try {
    // The two attributes are operational: they come only when asked for by name.
    const { searchEntries } = await client.search(dn, {
      scope: "base",
      filter: "(objectClass=subschema)",
      attributes: ["attributeTypes", "objectClasses"],
    });
    entry = searchEntries[0];
  } catch (error) {
    throw toDirectoryError(error, "read the schema at", dn);
  }
  const attributeTypes = values(entry, "attributeTypes");
  const objectClasses = values(entry, "objectClasses");
  // An ACL that hides the values returns the entry without them: no schema is not an empty one.
  if (attributeTypes.length === 0 || objectClasses.length === 0) {
    throw new DirectoryError(
      "permission",
      `ldap: read the schema at ${dn}: no attributeTypes or objectClasses came back — the bind DN may not read them (check its ACLs)`,
      { dn },
    );
  }
  try {
    return { dn, schema: buildDirectorySchema(attributeTypes, objectClasses) };
  } catch (error) {
    if (!(error instanceof SchemaSyntaxError)) throw error;
    throw new DirectoryError(
      "unknown",
      `ldap: read the schema at ${dn}: ${error.message}`,
      { dn },
      {
        cause: error,
      },
    );
  }
}

/** The root DSE's `subschemaSubentry`, or `undefined` when it does not say (or may not be read). */
async function subschemaDn(client: Client): Promise<string | undefined> {
  try {
    const { searchEntries } = await client.search("", {
      scope: "base",
      filter: "(objectClass=*)",
      attributes: ["subschemaSubentry"],
    });
    return values(searchEntries[0], "subschemaSubentry")[0];
  } catch {
    // Some servers hide the root DSE from ordinary binds; the well-known DN still works there.
    return undefined;
  }
}
