import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  DATABASE_KINDS,
  type TestDatabaseHandle,
} from "../../test/databases.ts";
import { DatabaseError } from "../errors.ts";
import { MIGRATIONS_FOLDER, openDatabase } from "./connect.ts";
import { executeRows } from "./sql-values.ts";

describe.each(DATABASE_KINDS)("openDatabase on %s", (kind) => {
  const handles: TestDatabaseHandle[] = [];
  afterAll(async () => {
    for (const handle of handles) await handle.dispose();
  });

  it("migrates an empty database, and reopening is a no-op", { timeout: 30_000 }, async () => {
    const handle = await createTestDatabase(kind);
    handles.push(handle);
    const first = await openDatabase(handle.location);
    expect(first.kind).toBe(kind);
    const rows = await executeRows<{ table_name: string }>(
      first.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(rows.map((row) => row.table_name)).toEqual([
      "admins",
      "audit_log",
      "directory_settings",
      "field_relation_history",
      "field_relations",
      "login_attempts",
      "providers",
      "run_items",
      "runs",
      "schedule_fires",
      "schedules",
      "sessions",
    ]);
    await first.close();
    const second = await openDatabase(handle.location);
    const applied = await executeRows<{ n: number }>(
      second.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    // Reopening applies nothing twice: one row per committed migration.
    const committed = (await readdir(MIGRATIONS_FOLDER)).filter((name) => name.endsWith(".sql"));
    expect(applied).toEqual([{ n: committed.length }]);
    await second.close();
  });
});

describe("openDatabase errors", () => {
  it("names host and port when PostgreSQL is unreachable", async () => {
    const error = await openDatabase({
      databaseUrl: "postgres://orgsync:pw@127.0.0.1:1/orgsync",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as Error).message).toMatch(
      /^database: cannot reach PostgreSQL at 127\.0\.0\.1:1 .*server is running/,
    );
    expect((error as Error).message).not.toContain("pw");
  });

  it("refuses a malformed or non-PostgreSQL URL", async () => {
    await expect(openDatabase({ databaseUrl: "not a url" })).rejects.toThrow(/not a valid URL/);
    await expect(openDatabase({ databaseUrl: "mysql://x@host/db" })).rejects.toThrow(
      /must start with postgres:\/\//,
    );
  });

  it("says when the data directory cannot be used", async () => {
    const { location, dispose } = await createTestDatabase("pglite");
    const file = join(location.dataDir as string, "a-file");
    await writeFile(file, "");
    await expect(openDatabase({ dataDir: file })).rejects.toThrow(
      /^database: the data directory .* is not writable/,
    );
    await dispose();
  });
});
