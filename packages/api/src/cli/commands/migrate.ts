import { sql } from "drizzle-orm";
import { serviceConfigFromEnvironment } from "../../container/service-config.ts";
import { openDatabase } from "../../db/connect.ts";
import { executeRows } from "../../db/sql-values.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";
import type { CliIo } from "../io.ts";

export const MIGRATE_USAGE = `orgsync migrate

  Applies pending database migrations (DATABASE_URL, else embedded PGlite in ORGSYNC_DATA_DIR)
  and exits. \`serve\` migrates at start too; this is for deployments that migrate first.`;

export async function migrateCommand(_argv: string[], io: CliIo): Promise<ExitCode> {
  const config = serviceConfigFromEnvironment(io.env);
  const database = await openDatabase({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
  });
  try {
    const [row] = await executeRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    io.stdout.write(`database (${database.kind}): up to date, ${row?.n ?? 0} migrations applied\n`);
    return EXIT.ok;
  } finally {
    await database.close();
  }
}
