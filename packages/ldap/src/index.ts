// @orgsync/ldap: the OpenLDAP directory target.
export { ConnectionPool, type ConnectionSettings } from "./connection-pool.ts";
export { escapeFilterValue, wireDn } from "./escape.ts";
export {
  type AttributeTypeDescription,
  attributesAllowed,
  type DirectorySchema,
  type ObjectClassDescription,
  readDirectorySchema,
  testDirectoryConnection,
  unknownAttributes,
} from "./inspect/index.ts";
export { type LayoutOptions, type ResolvedLayout, resolveLayout } from "./layout.ts";
export { toDirectoryError } from "./ldap-errors.ts";
export { type LdapTarget, type LdapTargetOptions, ldapTarget } from "./ldap-target.ts";
export { type PasswordOptions, sshaHash } from "./passwords.ts";
export type { RawDirectoryEntry } from "./read-entry.ts";
