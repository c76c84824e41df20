import { DirectoryError, type DirectoryErrorCategory } from "@orgsync/core";
import {
  AdminLimitExceededError,
  AlreadyExistsError,
  BusyError,
  ConstraintViolationError,
  InsufficientAccessError,
  InvalidCredentialsError,
  InvalidDNSyntaxError,
  InvalidSyntaxError,
  NamingViolationError,
  NoSuchAttributeError,
  NoSuchObjectError,
  NotAllowedOnNonLeafError,
  NotAllowedOnRDNError,
  ObjectClassViolationError,
  ResultCodeError,
  TimeLimitExceededError,
  TypeOrValueExistsError,
  UnavailableError,
  UndefinedTypeError,
  UnwillingToPerformError,
} from "ldapts";

/** ldapts throws one class per result code: we branch on classes, never on message text. */
const CATEGORIES: [new (...args: never[]) => Error, DirectoryErrorCategory][] = [
  [AlreadyExistsError, "alreadyExists"],
  [NoSuchObjectError, "noSuchObject"],
  [NotAllowedOnNonLeafError, "notAllowedOnNonLeaf"],
  [InvalidDNSyntaxError, "invalidDn"],
  [InvalidSyntaxError, "schemaViolation"],
  [ObjectClassViolationError, "schemaViolation"],
  [UndefinedTypeError, "schemaViolation"],
  [ConstraintViolationError, "schemaViolation"],
  [NamingViolationError, "schemaViolation"],
  [NotAllowedOnRDNError, "schemaViolation"],
  [TypeOrValueExistsError, "schemaViolation"],
  [NoSuchAttributeError, "schemaViolation"],
  [InsufficientAccessError, "permission"],
  [InvalidCredentialsError, "permission"],
  [BusyError, "transient"],
  [UnavailableError, "transient"],
  [UnwillingToPerformError, "transient"],
  [TimeLimitExceededError, "transient"],
  [AdminLimitExceededError, "transient"],
];

/** Node socket errors that mean "the server went away or is not there (yet)": worth retrying. */
const TRANSIENT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTCONN",
]);

/** What to do when the directory lacks orgsync's schema; also the connection test's fix. */
export const MISSING_SCHEMA_HINT =
  "the directory lacks orgsync's schema: load packages/ldap/schema/orgsync.schema (slapd.conf: `include …/orgsync.schema`) or, for cn=config, `ldapadd -Y EXTERNAL -H ldapi:/// -f …/orgsync.ldif`, then run again";

const HINTS: Partial<Record<DirectoryErrorCategory, string>> = {
  schemaViolation:
    "the directory's schema refuses a value (check the field relations for that attribute)",
  permission: "the bind DN may not do this (check its ACLs)",
  noSuchObject: "the entry or its parent does not exist",
  alreadyExists: "an entry with that DN exists already",
};

/** LDAP 49 is a permission category, but the fix is the password, not the ACLs. */
const CREDENTIALS_HINT =
  "the bind DN or its password is wrong (check the directory settings' bind DN and password)";

/** LDAP 80 ("other") says nothing; on OpenLDAP's back-mdb it is mostly a name or value too long for an index key. */
const OTHER_HINT =
  "the server failed without saying why (LDAP 80); on OpenLDAP back-mdb this usually means a name or value too long for its index";

/**
 * Turns whatever an LDAP call threw into a `DirectoryError` naming the operation, the DN and,
 * when the server said so, the attribute: `ldap: add uid=a,ou=people,…: mail: value #0 invalid
 * per syntax (21) — the directory's schema refuses a value (…)`.
 */
export function toDirectoryError(error: unknown, what: string, dn: string): DirectoryError {
  if (error instanceof DirectoryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ResultCodeError ? error.code : undefined;
  let category: DirectoryErrorCategory = "unknown";
  for (const [type, mapped] of CATEGORIES) {
    if (error instanceof type) {
      category = mapped;
      break;
    }
  }
  if (category === "unknown" && isConnectionError(error)) category = "transient";
  // slapd names the attribute first: "mail: value #0 invalid per syntax".
  const attribute = /^([A-Za-z][A-Za-z0-9-]*): /.exec(message)?.[1];
  // slapd 2.5 answers an unknown object class with "objectClass: value #n invalid per syntax".
  const unknownClass = attribute?.toLowerCase() === "objectclass" && code === 21;
  const hint =
    unknownClass || /orgsync(Managed|Anchor|Disabled)/i.test(message)
      ? MISSING_SCHEMA_HINT
      : code === 80
        ? OTHER_HINT
        : code === 49
          ? CREDENTIALS_HINT
          : HINTS[category];
  return new DirectoryError(
    category,
    `ldap: ${what} ${dn}: ${message}${code !== undefined ? ` (${code})` : ""}${hint ? ` — ${hint}` : ""}`,
    { dn, ...(attribute ? { attribute } : {}), ...(code !== undefined ? { code } : {}) },
    { cause: error },
  );
}

export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof ResultCodeError) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (code && TRANSIENT_CODES.has(code)) return true;
  // ldapts reports a dropped socket and timeouts with plain Errors.
  return /connection|socket|timeout|timed out|closed/i.test(error.message);
}
