import { OrgsyncError } from "@orgsync/core";

/**
 * The service's persistence errors: a small closed set callers branch on by class (the GraphQL
 * edge maps them to typed errors later). Messages start with the subsystem and say what to fix.
 */

/** The database cannot be opened, reached or migrated. */
export class DatabaseError extends OrgsyncError {
  override name = "DatabaseError";
}

/** The secret key is missing or malformed, or a stored secret does not decrypt with it. */
export class SecretKeyError extends OrgsyncError {
  override name = "SecretKeyError";
  constructor(
    /** Where the key comes from: `ORGSYNC_SECRET_KEY` or the key file's path. */
    readonly setting: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The row asked for does not exist. */
export class NotFoundError extends OrgsyncError {
  override name = "NotFoundError";
  constructor(
    readonly entity: string,
    readonly id: string,
    options?: ErrorOptions,
  ) {
    super(`database: ${entity} ${id} does not exist`, options);
  }
}

/** A write collides with existing state: a taken unique value, an active run. */
export class ConflictError extends OrgsyncError {
  override name = "ConflictError";
}

/** Another provider already uses this flag (flags are part of every anchor, so unique). */
export class ProviderFlagTakenError extends ConflictError {
  override name = "ProviderFlagTakenError";
  constructor(
    readonly flag: string,
    options?: ErrorOptions,
  ) {
    super(
      `providers: the flag "${flag}" is already used by another provider; choose another flag`,
      options,
    );
  }
}

/** The provider has a run in progress; one run per provider at a time. */
export class RunAlreadyActiveError extends ConflictError {
  override name = "RunAlreadyActiveError";
  constructor(
    readonly providerId: string,
    /** The active run, when it could be read (it may finish in between). */
    readonly activeRunId: string | undefined,
    readonly activeStatus: string | undefined,
    options?: ErrorOptions,
  ) {
    super(
      activeRunId
        ? `runs: provider ${providerId} already has an active run ${activeRunId} (${activeStatus}); wait for it to finish or cancel it`
        : `runs: provider ${providerId} already has an active run; wait for it to finish or cancel it`,
      options,
    );
  }
}

/** An admin with this username exists already, or a first admin was created twice. */
export class AdminExistsError extends ConflictError {
  override name = "AdminExistsError";
}

/** A run may not move from its status to the requested one. */
export class IllegalRunTransitionError extends OrgsyncError {
  override name = "IllegalRunTransitionError";
  constructor(
    readonly runId: string,
    readonly from: string,
    readonly to: string,
    options?: ErrorOptions,
  ) {
    super(`runs: run ${runId} cannot go from ${from} to ${to}`, options);
  }
}

/** The LDAP directory is not configured enough to connect (no settings, no bind password). */
export class DirectoryNotConfiguredError extends OrgsyncError {
  override name = "DirectoryNotConfiguredError";
}

/** The request carries no valid session; log in first. */
export class NotAuthenticatedError extends OrgsyncError {
  override name = "NotAuthenticatedError";
  constructor(options?: ErrorOptions) {
    super("auth: not logged in, or the session expired; log in again", options);
  }
}

/** Wrong username or password. Deliberately does not say which. */
export class InvalidCredentialsError extends OrgsyncError {
  override name = "InvalidCredentialsError";
  constructor(options?: ErrorOptions) {
    super("auth: wrong username or password", options);
  }
}

/** Too many failed logins for this username or address; try again later. */
export class TooManyLoginAttemptsError extends OrgsyncError {
  override name = "TooManyLoginAttemptsError";
  constructor(
    /** Seconds until the window resets. */
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(`auth: too many failed logins; try again in ${retryAfterSeconds} s`, options);
  }
}
