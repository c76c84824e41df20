/**
 * `@orgsync/ldap/testing`: a throwaway OpenLDAP server for tests. `startSlapd()` runs Debian's
 * real slapd (mdb, orgsync's schema, optional ppolicy and TLS) on a free loopback port in a
 * temp dir, and gives an independent ldap-utils client to check what the code under test wrote.
 * Nothing here imports vitest.
 */
export { SlapdHarnessError, SlapdToolError } from "./errors.ts";
export { freeLoopbackPorts } from "./free-port.ts";
export type {
  LdapConnectOptions,
  LdapSearchOptions,
  LdapSearchScope,
  LdapTools,
} from "./ldap-tools.ts";
export { formatLdifAttribute, type LdifEntry, parseLdif } from "./ldif.ts";
export { SLAPD_PATH, SlapdUnavailableError, slapdAvailable } from "./require-slapd.ts";
export { type Slapd, type SlapdOptions, startSlapd } from "./slapd.ts";
