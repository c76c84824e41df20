import { type SQL, sql } from "drizzle-orm";
import type { Db } from "./connect.ts";

/**
 * A timestamp parameter for raw `sql` fragments. drizzle maps `Date`s only where it knows the
 * column; inside `sql\`…\`` the value goes to the driver as-is, which PGlite accepts and
 * postgres.js refuses. An ISO string with a cast works on both.
 */
export function timestamptz(date: Date): SQL {
  return sql`${date.toISOString()}::timestamptz`;
}

/**
 * Runs a raw query and returns its rows on either driver: `execute` yields `{ rows }` on PGlite
 * and an array on postgres.js, which the shared `Db` type can only call `unknown`.
 */
export async function executeRows<T extends Record<string, unknown>>(
  db: Pick<Db, "execute">,
  query: SQL,
): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}
