import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { type Database, MIGRATIONS_FOLDER } from "../db/connect.ts";
import { executeRows } from "../db/sql-values.ts";
import type { JobRunner } from "../runs/job-runner.ts";

/** One thing readiness depends on. */
export type ReadinessCheckName = "database" | "migrations" | "jobRunner";

export interface ReadinessReport {
  ready: boolean;
  /** `"ok"`, or why the check failed (said for an operator; never an error's raw text). */
  checks: Record<ReadinessCheckName, string>;
  /** The checks that failed, in the order above. */
  notReady: ReadinessCheckName[];
  /** The failures' causes, for the log (not for the unauthenticated response). */
  causes: Partial<Record<ReadinessCheckName, unknown>>;
}

export interface ReadinessOptions {
  database: Pick<Database, "db">;
  runner: Pick<JobRunner, "state">;
  /**
   * Longest wait for each database query; a database that hangs is not ready.
   * @default 2000
   * @example 500
   */
  timeoutMs?: number;
  /**
   * The migrations the database must have: the folder whose `meta/_journal.json` lists them.
   * @default MIGRATIONS_FOLDER (the service's own)
   */
  migrationsFolder?: string;
}

const OK = "ok";

/**
 * Whether the service can do its work: the database answers `select 1`, it holds every
 * migration this build ships (drizzle's `__drizzle_migrations` has the newest journal entry),
 * and the job runner is running.
 */
export async function checkReadiness(options: ReadinessOptions): Promise<ReadinessReport> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const checks: Record<ReadinessCheckName, string> = {
    database: OK,
    migrations: OK,
    jobRunner: OK,
  };
  const causes: ReadinessReport["causes"] = {};
  const { db } = options.database;

  try {
    await withTimeout(executeRows(db, sql`select 1 as ok`), timeoutMs);
  } catch (error) {
    checks.database =
      error instanceof TimeoutError
        ? `the database did not answer select 1 within ${timeoutMs} ms`
        : "the database did not answer select 1";
    causes.database = error;
  }

  if (checks.database !== OK) {
    checks.migrations = "not checked: the database does not answer";
  } else {
    try {
      const [expected, applied] = await Promise.all([
        newestMigration(options.migrationsFolder ?? MIGRATIONS_FOLDER),
        withTimeout(appliedMigration(db), timeoutMs),
      ]);
      if (applied === undefined) {
        checks.migrations = "no migration has been applied";
      } else if (applied < expected.when) {
        checks.migrations = `migrations are pending: the newest applied is older than ${expected.tag}`;
      }
    } catch (error) {
      checks.migrations = "the applied migrations could not be read";
      causes.migrations = error;
    }
  }

  const state = options.runner.state;
  if (state !== "running") checks.jobRunner = `the job runner is ${state}, not running`;

  const notReady = (Object.keys(checks) as ReadinessCheckName[]).filter(
    (name) => checks[name] !== OK,
  );
  return { ready: notReady.length === 0, checks, notReady, causes };
}

class TimeoutError extends Error {
  override name = "TimeoutError";
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TimeoutError(`timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface JournalEntry {
  tag: string;
  when: number;
}

const journals = new Map<string, Promise<JournalEntry>>();

/** The newest migration the build ships; read once per folder (it does not change at run time). */
function newestMigration(folder: string): Promise<JournalEntry> {
  let newest = journals.get(folder);
  if (!newest) {
    newest = readFile(join(folder, "meta", "_journal.json"), "utf8").then((text) => {
      const { entries } = JSON.parse(text) as { entries: JournalEntry[] };
      const last = entries.reduce<JournalEntry | undefined>(
        (found, entry) => (found && found.when >= entry.when ? found : entry),
        undefined,
      );
      if (!last) throw new Error(`readiness: ${folder} lists no migration`);
      return last;
    });
    newest.catch(() => journals.delete(folder));
    journals.set(folder, newest);
  }
  return newest;
}

/**
 * The `created_at` (the journal's `when`) of the newest migration drizzle's migrator recorded,
 * the same comparison the migrator makes; `undefined` when none was.
 */
async function appliedMigration(db: Database["db"]): Promise<number | undefined> {
  const [exists] = await executeRows<{ present: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!exists?.present) return undefined;
  const [row] = await executeRows<{ last: number | string | null }>(
    db,
    sql`select max(created_at)::float8 as last from drizzle.__drizzle_migrations`,
  );
  return row?.last === null || row?.last === undefined ? undefined : Number(row.last);
}
