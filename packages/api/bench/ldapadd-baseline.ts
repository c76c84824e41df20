import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { formatLdifAttribute, type LdifEntry, type Slapd, startSlapd } from "@orgsync/ldap/testing";

export interface Baseline {
  /** Entries loaded (everything under the base entry). */
  entries: number;
  ms: number;
}

/**
 * The yardstick: `ldapadd` of the very entries orgsync wrote — read back from `synced`, the
 * base entry left out — as one LDIF file into a fresh slapd, timed. It is what an admin's
 * hand-made import of the final state would cost, with no reading, planning or bookkeeping.
 */
export async function ldapaddBaseline(synced: Slapd): Promise<Baseline> {
  const entries = (await synced.ldapsearch(synced.baseDn, "(objectClass=*)", ["*"])).filter(
    (entry) => entry.dn.toLowerCase() !== synced.baseDn.toLowerCase(),
  );
  const fresh = await startSlapd({ orgsyncSchema: true });
  try {
    const file = join(fresh.dataDir, "final.ldif");
    await writeFile(file, toLdif(entries));
    const started = performance.now();
    await fresh.ldapaddFile(file);
    return { entries: entries.length, ms: performance.now() - started };
  } finally {
    await fresh.stop();
  }
}

/** Parents before children: an entry's depth is its count of RDNs. */
function toLdif(entries: readonly LdifEntry[]): string {
  const depth = (dn: string) => dn.split(/(?<!\\),/).length;
  return [...entries]
    .sort((a, b) => depth(a.dn) - depth(b.dn))
    .map((entry) => {
      const lines = [formatLdifAttribute("dn", entry.dn)];
      for (const [name, values] of Object.entries(entry.attributes)) {
        for (const value of values) lines.push(formatLdifAttribute(name, value));
      }
      return `${lines.join("\n")}\n`;
    })
    .join("\n");
}
