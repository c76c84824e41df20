import { randomBytes } from "node:crypto";
import { type Client, InsufficientAccessError, ResultCodeError } from "ldapts";
import { wireRdn } from "../escape.ts";
import { toDirectoryError } from "../ldap-errors.ts";
import type { CheckOutcome } from "./check-outcome.ts";
import { connectionFailure } from "./connection-failure.ts";

/**
 * Whether the bind DN may create and delete entries under the base DN, as every sync does
 * (containers, users, departments). It adds a uniquely named `organizationalUnit` (core schema,
 * one required attribute) directly below the base DN and deletes it at once.
 *
 * Why not something that writes nothing: OpenLDAP has no dry-run control (LDAP No-Op is not in
 * its supportedControl), and a "no-op" modify (add and delete one value in one request) tests
 * write access to the base entry's attributes, which orgsync never needs, yet still bumps its
 * modifyTimestamp and entryCSN and replicates. The add/delete pair tests exactly the rights a
 * sync uses and leaves nothing but two operations in the logs. Should the delete be refused,
 * the check fails and names the entry to remove; its description says what it is.
 */
export async function writeProbe(
  client: Client,
  baseDn: string,
  bindDn: string,
  url: string,
): Promise<CheckOutcome> {
  // Random, so two tests at once (or a leftover of a refused delete) never collide.
  const name = `orgsync-write-check-${randomBytes(6).toString("hex")}`;
  const dn = `${wireRdn("ou", name)},${baseDn}`;
  try {
    await client.add(dn, {
      objectClass: ["organizationalUnit"],
      ou: name,
      description: "orgsync connection test: added and deleted at once; safe to delete",
    });
  } catch (error) {
    return refused(error, "add entries under", baseDn, bindDn, url);
  }
  try {
    await client.del(dn);
  } catch (error) {
    const outcome = refused(error, "delete entries under", baseDn, bindDn, url);
    return {
      status: "failed",
      detail: `added ${dn} but could not delete it: ${outcome.detail}`,
      fix: `${outcome.fix}; then delete ${dn} by hand`,
    };
  }
  return { status: "ok", detail: `${bindDn} may add and delete entries under ${baseDn}` };
}

function refused(
  error: unknown,
  what: string,
  baseDn: string,
  bindDn: string,
  url: string,
): CheckOutcome {
  if (!(error instanceof ResultCodeError))
    return { status: "failed", ...connectionFailure(error, url) };
  if (error instanceof InsufficientAccessError) {
    return {
      status: "failed",
      detail: `${bindDn} may not ${what} ${baseDn}: insufficient access (50)`,
      fix: `grant write access to ${bindDn} on ${baseDn} (olcAccess), e.g. olcAccess: to dn.subtree="${baseDn}" by dn.exact="${bindDn}" write`,
    };
  }
  return {
    status: "failed",
    detail: toDirectoryError(error, what, baseDn).message,
    // Besides ACLs, a read-only replica (a syncrepl consumer) refuses every write this way.
    fix: `let ${bindDn} write under ${baseDn}; if url points at a read-only replica, point it at the provider`,
  };
}
