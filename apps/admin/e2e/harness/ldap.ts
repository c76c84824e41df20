import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Slapd } from "@orgsync/ldap/testing";

const run = promisify(execFile);

/** DNs under `base` matching `filter`, read with ldap-utils' ldapsearch — outside orgsync. */
export async function ldapDns(slapd: Slapd, base: string, filter: string): Promise<string[]> {
  const { stdout } = await run("ldapsearch", [
    "-x",
    "-LLL",
    "-o",
    "ldif-wrap=no",
    "-H",
    slapd.url,
    "-D",
    slapd.adminDn,
    "-w",
    slapd.adminPassword,
    "-b",
    base,
    filter,
    "dn",
  ]);
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("dn:"))
    .map((line) => line.slice(3).trim());
}
