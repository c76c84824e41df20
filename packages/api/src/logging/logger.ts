import { type DestinationStream, type Logger, pino } from "pino";

/**
 * The service's logger: pino JSON lines. Secrets are kept out at the source (nothing logs a
 * config or a password); these redaction paths are the second line of defence for the field
 * names that carry them.
 */
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "bindPassword",
  "*.bindPassword",
  "initialPassword",
  "*.initialPassword",
  "appSecret",
  "*.appSecret",
  "encryptKey",
  "*.encryptKey",
  "verificationToken",
  "*.verificationToken",
  "secret",
  "*.secret",
  "token",
  "*.token",
  "config",
  "*.config",
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "headers.cookie",
];

export interface LoggerOptions {
  /**
   * @default process.env.ORGSYNC_LOG_LEVEL ?? "info"
   * @example "debug"
   */
  level?: string;
  /** Where lines go (tests capture them). Default: stdout. */
  destination?: DestinationStream;
}

export type ServiceLogger = Logger;

export function createLogger(options: LoggerOptions = {}): ServiceLogger {
  return pino(
    {
      level: options.level ?? process.env.ORGSYNC_LOG_LEVEL ?? "info",
      base: { service: "orgsync" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    options.destination,
  );
}
