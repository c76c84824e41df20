/**
 * What `orgsync` exits with, so scripts and cron can tell outcomes apart without parsing
 * output. Documented in the README; tests hold every command to it.
 */
export const EXIT = {
  /** Done: the run succeeded, the dry run planned, the check passed. */
  ok: 0,
  /** The run failed (see its items), or a connection check failed. */
  failed: 1,
  /** The command line or the input is wrong (a typed error such as ValidationError). */
  usage: 2,
  /** The run is held at a safety gate and waits for approval (`--yes` approves it). */
  needsApproval: 3,
  /** The run was cancelled, or interrupted by a dying service. */
  cancelled: 4,
  /** The service cannot be reached, or refused the credentials. */
  unavailable: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that ends the command with a given exit code and a message for stderr. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: ExitCode,
  ) {
    super(message);
  }
}
