import { type ConnectionReport, OrgsyncError } from "@orgsync/core";

/**
 * Errors of the services layer, beside the persistence errors in `../errors.ts`: a client
 * branches on the class, and the carried data says what to fix.
 */

/**
 * The id of the credentials check in a provider's `ConnectionReport` (Feishu's `testConnection`
 * names it so; a plugin without one is never refused on verification).
 */
export const CREDENTIALS_CHECK = "credentials";

/**
 * The provider's credentials did not work when it was created or its configuration changed, so
 * nothing was saved. `report` is the full connection report: the failed `credentials` check
 * says what is wrong (`app secret is wrong …`) and where to fix it.
 */
export class ProviderVerificationError extends OrgsyncError {
  override name = "ProviderVerificationError";
  constructor(
    /** The provider's kind. @example "feishu" */
    readonly kind: string,
    /** The provider's flag. @example "feishu" */
    readonly flag: string,
    readonly report: ConnectionReport,
    options?: ErrorOptions,
  ) {
    const failed = report.checks.find((check) => check.id === CREDENTIALS_CHECK);
    const detail = failed?.detail ? `: ${failed.detail}` : "";
    const fix = failed?.fix ? `; ${failed.fix}` : "";
    super(
      `providers: ${kind} (${flag}) rejected the credentials${detail}${fix}. Nothing was saved; fix the configuration, or save without verifying`,
      options,
    );
  }
}

/** The checks of the directory's `ConnectionReport` without which nothing can be synced. */
export const DIRECTORY_BLOCKING_CHECKS = ["reach", "bind", "baseDn"] as const;

/**
 * The LDAP directory could not be reached, refused the bind, or lacks the base DN when its
 * settings were saved, so nothing was saved. `report` is the full connection report; the
 * message repeats the first blocking check's detail and fix.
 */
export class DirectoryConnectionError extends OrgsyncError {
  override name = "DirectoryConnectionError";
  /** The first failing blocking check (`reach`, `bind` or `baseDn`). */
  readonly check: ConnectionReport["checks"][number] | undefined;
  constructor(
    readonly report: ConnectionReport,
    options?: ErrorOptions,
  ) {
    const failed = report.checks.find(
      (check) =>
        (DIRECTORY_BLOCKING_CHECKS as readonly string[]).includes(check.id) &&
        (check.status === "failed" || check.status === "missing"),
    );
    const detail =
      failed?.detail ?? (failed ? `${failed.label} failed` : "the connection test failed");
    const fix = failed?.fix ? `; ${failed.fix}` : "";
    super(
      `directory: ${detail}${fix}. Nothing was saved; fix the connection settings, or save without verifying`,
      options,
    );
    this.check = failed;
  }
}

/**
 * Why the directory could not be read: `unreachable` (refused, timed out, dropped, busy),
 * `bindRefused` (wrong bind DN or password), `accessDenied` (the bind DN may not read there),
 * `failed` (anything else the server or TLS said).
 */
export type DirectoryUnavailableReason = "unreachable" | "bindRefused" | "accessDenied" | "failed";

/**
 * The saved LDAP directory could not be read while browsing it. The message names the URL,
 * what the server (or the socket) said and where to fix it — never a password.
 */
export class DirectoryUnavailableError extends OrgsyncError {
  override name = "DirectoryUnavailableError";
  constructor(
    /** The directory's URL as saved. @example "ldap://ldap.example.com:389" */
    readonly url: string,
    readonly reason: DirectoryUnavailableReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
