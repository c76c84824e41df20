import { SlapdHarnessError } from "./errors.ts";

/** Everything `slapd.conf` depends on, already decided (paths absolute, password hashed). */
export interface SlapdConfigInput {
  baseDn: string;
  adminDn: string;
  /** `{SSHA}…` from `slappasswd`; never the clear text. */
  rootPasswordHash: string;
  /** The temp dir: holds the pid/args files; the database goes to `<dir>/db`. */
  dir: string;
  /** `include` lines, in order (core first: the others build on it). */
  schemaFiles: readonly string[];
  /** Whether `schemaFiles` include orgsync's schema: its attribute can only be indexed then. */
  orgsyncSchema: boolean;
  /** DN of the default password policy, when the ppolicy overlay is on. */
  ppolicyDefaultDn?: string;
  tls?: { certFile: string; keyFile: string };
}

/** The schemas every harness directory has: core, cosine, inetOrgPerson, nis (posix*). */
export const BASE_SCHEMAS = ["core", "cosine", "inetorgperson", "nis"].map(
  (name) => `/etc/ldap/schema/${name}.schema`,
);

/**
 * Renders a `slapd.conf` for one throwaway mdb database. Values are quoted for slapd's
 * tokenizer (a temp dir may contain spaces, a DN may contain backslash escapes).
 */
export function renderSlapdConf(input: SlapdConfigInput): string {
  for (const [field, value] of Object.entries({
    baseDn: input.baseDn,
    adminDn: input.adminDn,
    dir: input.dir,
    ...Object.fromEntries(input.schemaFiles.map((file, i) => [`schemaFiles[${i}]`, file])),
  })) {
    // One directive per line: a newline in a value would smuggle in another directive.
    if (/[\r\n]/.test(value) || value === "") {
      throw new SlapdHarnessError(`slapd harness: ${field} must be one non-empty line`);
    }
  }
  const lines = [
    "# Written by @orgsync/ldap/testing for one test run; deleted with it.",
    ...input.schemaFiles.map((file) => `include ${quote(file)}`),
    "",
    "modulepath /usr/lib/ldap",
    "moduleload back_mdb",
    ...(input.ppolicyDefaultDn ? ["moduleload ppolicy"] : []),
    "",
    `pidfile ${quote(`${input.dir}/slapd.pid`)}`,
    `argsfile ${quote(`${input.dir}/slapd.args`)}`,
    // Hashes what the Password Modify extended operation stores, as production slapd does.
    "password-hash {SSHA}",
    // Syslog stays quiet; startup errors still reach stderr through `-d none`.
    "loglevel none",
    "sizelimit unlimited",
    ...(input.tls
      ? [
          `TLSCertificateFile ${quote(input.tls.certFile)}`,
          `TLSCertificateKeyFile ${quote(input.tls.keyFile)}`,
        ]
      : []),
    "",
    "database mdb",
    // 1 GiB of address space, not of disk: mdb grows the file as needed.
    "maxsize 1073741824",
    // Durability across a machine crash is worthless for a throwaway directory; speed is not.
    "dbnosync",
    `suffix ${quote(input.baseDn)}`,
    `rootdn ${quote(input.adminDn)}`,
    `rootpw ${input.rootPasswordHash}`,
    `directory ${quote(`${input.dir}/db`)}`,
    "index objectClass eq",
    ...(input.orgsyncSchema ? ["index orgsyncAnchor eq,sub"] : []),
    "index uid eq",
    "index cn eq,sub",
    "index uniqueMember eq",
    "index member eq",
    "index entryUUID eq",
    ...(input.ppolicyDefaultDn
      ? ["", "overlay ppolicy", `ppolicy_default ${quote(input.ppolicyDefaultDn)}`]
      : []),
    "",
  ];
  return lines.join("\n");
}

/** slapd.conf quoting: double quotes group, a backslash escapes the next character. */
function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, "\\$&")}"`;
}
