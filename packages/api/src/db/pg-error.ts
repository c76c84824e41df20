/**
 * The PostgreSQL error behind a failed query, whichever driver raised it. drizzle wraps driver
 * errors (`DrizzleQueryError`) and the drivers name fields differently: postgres.js says
 * `constraint_name`, PGlite says `constraint`. Walks the `cause` chain to find it.
 */
export interface PgErrorInfo {
  /** SQLSTATE, e.g. `23505` for a unique violation. */
  code: string;
  constraint: string | undefined;
}

export const UNIQUE_VIOLATION = "23505";

export function pgErrorOf(error: unknown): PgErrorInfo | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Object; depth++) {
    const candidate = current as {
      code?: unknown;
      constraint?: unknown;
      constraint_name?: unknown;
    };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      const constraint = candidate.constraint_name ?? candidate.constraint;
      return {
        code: candidate.code,
        constraint: typeof constraint === "string" ? constraint : undefined,
      };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Whether `error` is a unique violation of `constraint` (an index or constraint name). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const info = pgErrorOf(error);
  return info?.code === UNIQUE_VIOLATION && info.constraint === constraint;
}
