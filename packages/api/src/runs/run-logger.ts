/**
 * The logging the runs need: the part of pino's interface they call, so the service's pino
 * logger fits as is and tests can pass a silent one. Runs log ids, statuses and counts, never a
 * provider's config, a password or a secret.
 */
export interface RunLogger {
  info(details: Record<string, unknown>, message?: string): void;
  warn(details: Record<string, unknown>, message?: string): void;
  error(details: Record<string, unknown>, message?: string): void;
  /** A logger whose lines all carry `bindings` (e.g. `{ runId, flag }`). */
  child(bindings: Record<string, unknown>): RunLogger;
}

/** Logs nothing: the default when no logger is given. */
export const silentRunLogger: RunLogger = {
  info() {},
  warn() {},
  error() {},
  child: () => silentRunLogger,
};

/** What a log line says about a thrown value: its class and message, never its whole object. */
export function errorDetails(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    return { err: { name: error.name, message: error.message, stack: error.stack } };
  }
  return { err: { message: String(error) } };
}
