import { constants } from "node:fs";
import { access, mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { DatabaseError } from "../errors.ts";
import { pgErrorOf } from "./pg-error.ts";
import * as schema from "./schema.ts";

export type Schema = typeof schema;

/**
 * The drizzle database every repository takes: the common ground of the PGlite and postgres-js
 * drivers, so repositories neither know nor care which one is behind it.
 */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Closes the connection pool (PostgreSQL) or the embedded database (PGlite). */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /**
   * A PostgreSQL URL; without one the embedded PGlite database in `dataDir` is used.
   * @default process.env.DATABASE_URL
   * @example "postgres://orgsync:secret@db.internal:5432/orgsync"
   */
  databaseUrl?: string;
  /**
   * The data directory of embedded mode; PGlite keeps its files in `<dataDir>/pglite`.
   * @default ".data" under the current directory
   * @example "/var/lib/orgsync"
   */
  dataDir?: string;
  /**
   * Apply pending migrations before returning.
   * @default true
   * @example false (a read-only tool that must not change the schema)
   */
  migrate?: boolean;
  /**
   * Connections in the PostgreSQL pool.
   * @default 10
   * @example 20
   */
  maxConnections?: number;
}

/** The committed SQL migrations (`drizzle/`), the same from `src/db` and `dist/db`. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle", import.meta.url));

/**
 * Serialises migrations between processes sharing one PostgreSQL: drizzle's migrator does not
 * lock, and two services starting together would both try to create the tables.
 */
const MIGRATION_LOCK = 7_042_187_301;

/** Opens (and by default migrates) the database: PostgreSQL with a URL, PGlite without. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  const migrate = options.migrate ?? true;
  if (databaseUrl !== undefined && databaseUrl.trim() !== "") {
    return openPostgres(databaseUrl.trim(), migrate, options.maxConnections ?? 10);
  }
  const dataDir = resolve(options.dataDir ?? join(process.cwd(), ".data"));
  return openPglite(join(dataDir, "pglite"), migrate);
}

async function openPglite(directory: string, migrate: boolean): Promise<Database> {
  try {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    await access(directory, constants.W_OK);
  } catch (cause) {
    throw new DatabaseError(
      `database: the data directory ${directory} is not writable (${(cause as Error).message}); choose another data directory or fix its permissions`,
      { cause },
    );
  }
  let client: PGlite;
  try {
    client = await PGlite.create(directory);
  } catch (cause) {
    throw new DatabaseError(
      `database: cannot open the embedded database in ${directory} (${(cause as Error).message}); is another orgsync process using this data directory?`,
      { cause },
    );
  }
  const db = drizzlePglite({ client, schema });
  if (migrate) {
    try {
      await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
    } catch (cause) {
      await client.close();
      throw migrationError(cause);
    }
  }
  return { db: db as unknown as Db, kind: "pglite", close: () => client.close() };
}

async function openPostgres(url: string, migrate: boolean, max: number): Promise<Database> {
  const target = describeUrl(url);
  const client = postgres(url, {
    max,
    connect_timeout: 10,
    // "schema already exists, skipping" on every start is noise, not news.
    onnotice: () => {},
  });
  const close = () => client.end({ timeout: 5 });
  try {
    await client`select 1`;
  } catch (cause) {
    await close();
    throw connectError(cause, target);
  }
  const db = drizzlePostgres({ client, schema });
  if (migrate) {
    const lock = await client.reserve();
    try {
      await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
      await migratePostgres(db, { migrationsFolder: MIGRATIONS_FOLDER });
    } catch (cause) {
      lock.release();
      await close();
      throw migrationError(cause);
    }
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    lock.release();
  }
  return { db: db as unknown as Db, kind: "postgres", close };
}

interface UrlParts {
  host: string;
  port: string;
  user: string;
  database: string;
}

/** Host, port, user and database of a URL — never its password, which must stay out of errors. */
function describeUrl(url: string): UrlParts {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new DatabaseError(
      "database: DATABASE_URL is not a valid URL; expected postgres://user:password@host:5432/database",
      { cause },
    );
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new DatabaseError(
      `database: DATABASE_URL must start with postgres:// or postgresql://, not ${parsed.protocol}//; leave it unset for the embedded database`,
    );
  }
  return {
    host: parsed.hostname || "localhost",
    port: parsed.port || "5432",
    user: decodeURIComponent(parsed.username) || "(default user)",
    database: decodeURIComponent(parsed.pathname.slice(1)) || "(default database)",
  };
}

function connectError(cause: unknown, { host, port, user, database }: UrlParts): DatabaseError {
  const where = `${host}:${port}`;
  const pgCode = pgErrorOf(cause)?.code;
  const errno = (cause as NodeJS.ErrnoException).code;
  let message: string;
  if (pgCode === "28P01" || pgCode === "28000") {
    message = `database: PostgreSQL at ${where} refused the login of user ${user}; check the user and password in DATABASE_URL and the server's pg_hba.conf`;
  } else if (pgCode === "3D000") {
    message = `database: PostgreSQL at ${where} has no database ${database}; create it (createdb ${database}) or fix DATABASE_URL`;
  } else {
    message = `database: cannot reach PostgreSQL at ${where} (${errno ?? (cause as Error).message}); check that the server is running, that DATABASE_URL's host and port are right, and that no firewall is in the way`;
  }
  return new DatabaseError(message, { cause });
}

function migrationError(cause: unknown): DatabaseError {
  return new DatabaseError(
    `database: applying the schema migrations failed (${(cause as Error).message}); the database may be from a newer orgsync or changed by hand`,
    { cause },
  );
}
