import { eq, sql } from "drizzle-orm";
import { loginAttempts } from "../db/schema.ts";
import { timestamptz } from "../db/sql-values.ts";
import { type RepositoryContext, systemClock } from "./context.ts";

export interface LoginAttemptWindow {
  /**
   * The window failed attempts are counted in.
   * @default 900_000 (15 minutes)
   * @example 60_000
   */
  windowMs?: number;
}

export interface LoginAttemptCount {
  /** Failed attempts in the current window. */
  count: number;
  windowStart: Date;
  /** When the window ends and the count starts again from zero. */
  resetAt: Date;
}

export const DEFAULT_LOGIN_WINDOW_MS = 15 * 60 * 1000;

/**
 * Failed logins per key (a username, an IP) in fixed windows, stored so the limit holds across
 * processes and restarts. The caller decides the limit and the keys.
 */
export function loginAttemptRepository({
  db,
  now = systemClock,
}: Pick<RepositoryContext, "db" | "now">) {
  const result = (count: number, windowStart: Date, windowMs: number): LoginAttemptCount => ({
    count,
    windowStart,
    resetAt: new Date(windowStart.getTime() + windowMs),
  });

  return {
    /** Counts one failure, starting a new window when the last one is over. */
    async recordFailure(key: string, options: LoginAttemptWindow = {}): Promise<LoginAttemptCount> {
      const windowMs = options.windowMs ?? DEFAULT_LOGIN_WINDOW_MS;
      const at = now();
      const expired = sql`${loginAttempts.windowStart} <= ${timestamptz(new Date(at.getTime() - windowMs))}`;
      // One upsert, so concurrent failures for one key all count.
      const [row] = await db
        .insert(loginAttempts)
        .values({ key, count: 1, windowStart: at })
        .onConflictDoUpdate({
          target: loginAttempts.key,
          set: {
            count: sql`case when ${expired} then 1 else ${loginAttempts.count} + 1 end`,
            windowStart: sql`case when ${expired} then excluded.window_start else ${loginAttempts.windowStart} end`,
          },
        })
        .returning();
      const { count, windowStart } = row as typeof loginAttempts.$inferSelect;
      return result(count, windowStart, windowMs);
    },

    /** Failures in the current window (0 when none or the window is over). */
    async get(key: string, options: LoginAttemptWindow = {}): Promise<LoginAttemptCount> {
      const windowMs = options.windowMs ?? DEFAULT_LOGIN_WINDOW_MS;
      const at = now();
      const [row] = await db.select().from(loginAttempts).where(eq(loginAttempts.key, key));
      if (!row || row.windowStart.getTime() + windowMs <= at.getTime())
        return result(0, at, windowMs);
      return result(row.count, row.windowStart, windowMs);
    },

    /** Forgets the failures (after a successful login). */
    async clear(key: string): Promise<void> {
      await db.delete(loginAttempts).where(eq(loginAttempts.key, key));
    },
  };
}

export type LoginAttemptRepository = ReturnType<typeof loginAttemptRepository>;
