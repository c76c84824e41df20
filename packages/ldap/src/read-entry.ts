import type { Client, Entry } from "ldapts";
import { wireDn } from "./escape.ts";
import { toDirectoryError } from "./ldap-errors.ts";

/** One entry as the directory holds it, for showing to an admin. */
export interface RawDirectoryEntry {
  /** The DN as the server spells it. */
  dn: string;
  /**
   * Every text attribute with its values, named as the server spells them, operational
   * timestamps (`createTimestamp`, `modifyTimestamp`) and `entryUUID` included.
   */
  attributes: Record<string, string[]>;
  /** Attributes the entry holds whose values are binary (photos, certificates): names only. */
  binaryAttributes: string[];
}

/**
 * Attributes whose syntax is binary in the standard schemas (RFC 4519/4523/2798): read as
 * buffers so they are reported by name instead of decoded into mojibake.
 */
const BINARY_ATTRIBUTES = [
  "jpegPhoto",
  "photo",
  "audio",
  "userCertificate",
  "cACertificate",
  "authorityRevocationList",
  "certificateRevocationList",
  "crossCertificatePair",
  "deltaRevocationList",
  "userSMIMECertificate",
  "userPKCS12",
];

/** Operational attributes worth showing: when the entry was made and last changed, its UUID. */
const OPERATIONAL = ["createTimestamp", "modifyTimestamp", "entryUUID"];

/**
 * Reads the entry at `dn` (a base search: nothing below it), or `undefined` when there is
 * none. The DN is sent in wire form, so an escaped value reaches the server as it was meant.
 */
export async function readEntry(
  client: Client,
  dn: string,
): Promise<RawDirectoryEntry | undefined> {
  let entries: Entry[];
  try {
    ({ searchEntries: entries } = await client.search(wireDn(dn), {
      scope: "base",
      filter: "(objectClass=*)",
      attributes: ["*", ...OPERATIONAL],
      explicitBufferAttributes: BINARY_ATTRIBUTES,
    }));
  } catch (error) {
    const mapped = toDirectoryError(error, "read", dn);
    if (mapped.category === "noSuchObject") return undefined;
    throw mapped;
  }
  const entry = entries[0];
  if (!entry) return undefined;
  const attributes: Record<string, string[]> = {};
  const binaryAttributes: string[] = [];
  for (const [name, raw] of Object.entries(entry)) {
    if (name === "dn") continue;
    const list = Array.isArray(raw) ? raw : [raw];
    // ldapts lists every attribute asked for, `*` and absent ones included, with no values.
    if (list.length === 0) continue;
    if (list.some((value) => typeof value !== "string")) binaryAttributes.push(name);
    else attributes[name] = list as string[];
  }
  return { dn: entry.dn, attributes, binaryAttributes };
}
