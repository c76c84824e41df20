/**
 * orgsync's error taxonomy. A small closed set named by intent; callers branch on classes (or
 * on `category` for directory errors), never on message text. Messages start with the
 * subsystem (and provider, when there is one) and say what to fix.
 */

export class OrgsyncError extends Error {
  override name = "OrgsyncError";
}

/** Configuration a user wrote is invalid: names the field and the problem. */
export class ConfigError extends OrgsyncError {
  override name = "ConfigError";
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The source could not be read completely; nothing may be planned from a partial read. */
export class SourceReadError extends OrgsyncError {
  override name = "SourceReadError";
}

/** A safety rule refused to plan (empty source, missing field relations, groups never synced). */
export class SafetyError extends OrgsyncError {
  override name = "SafetyError";
  constructor(
    readonly rule: "emptySource" | "fieldRelationsMissing" | "groupsNotSynced",
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The run was cancelled through its AbortSignal. */
export class CancelledError extends OrgsyncError {
  override name = "CancelledError";
}

/**
 * Why a directory operation failed. Targets map their own result codes onto these, so the
 * executor knows what to retry and the run log can say what to fix.
 */
export type DirectoryErrorCategory =
  /** An entry with that DN exists already (LDAP 68). */
  | "alreadyExists"
  /** The entry or its parent does not exist (LDAP 32). */
  | "noSuchObject"
  /** The entry has children (LDAP 66). */
  | "notAllowedOnNonLeaf"
  /** A value the schema refuses: syntax, object class, missing required attribute (LDAP 17/18/19/21/65). */
  | "schemaViolation"
  /** The DN is malformed (LDAP 34). */
  | "invalidDn"
  /** The bind identity may not do this (LDAP 50, 49). */
  | "permission"
  /** Worth retrying: timeouts, busy or unavailable servers, dropped connections (LDAP 51/52/53, 80+). */
  | "transient"
  /** A dependency failed, so this operation was not attempted. */
  | "dependencyFailed"
  /** Anything else. */
  | "unknown";

export class DirectoryError extends OrgsyncError {
  override name = "DirectoryError";
  constructor(
    readonly category: DirectoryErrorCategory,
    message: string,
    readonly details: { dn?: string; attribute?: string; code?: number } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function isTransient(error: unknown): boolean {
  return error instanceof DirectoryError && error.category === "transient";
}
