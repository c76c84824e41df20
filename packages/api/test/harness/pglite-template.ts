import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MIGRATIONS_FOLDER, openDatabase } from "../../src/db/connect.ts";
import { createTestDatabase, type DatabaseKind, type TestDatabaseHandle } from "../databases.ts";

/**
 * A fresh PGlite costs ~20 s of initdb on a small machine; a copy of a migrated one costs ~2 s.
 * The template lives in `packages/api/node_modules/.cache/`, keyed by the migrations and the
 * PGlite version, and is built once by whichever test process gets there first (the others
 * wait for it), so every suite after the first starts quickly.
 */
const CACHE_DIR = fileURLToPath(new URL("../../node_modules/.cache/orgsync-api", import.meta.url));
const BUILD_TIMEOUT_MS = 180_000;

/** Like `createTestDatabase`, but PGlite comes migrated, copied from the cached template. */
export async function createFastTestDatabase(kind: DatabaseKind): Promise<TestDatabaseHandle> {
  if (kind !== "pglite") return createTestDatabase(kind);
  const template = await ensureTemplate();
  const dataDir = await mkdtemp(join(tmpdir(), "orgsync-api-"));
  await cp(template, dataDir, { recursive: true });
  return { location: { dataDir }, dispose: () => rm(dataDir, { recursive: true, force: true }) };
}

let templateDir: Promise<string> | undefined;

function ensureTemplate(): Promise<string> {
  templateDir ??= buildOrWait().catch((error: unknown) => {
    templateDir = undefined;
    throw error;
  });
  return templateDir;
}

async function buildOrWait(): Promise<string> {
  const dir = join(CACHE_DIR, `pglite-${await templateKey()}`);
  const lock = `${dir}.lock`;
  await mkdir(CACHE_DIR, { recursive: true });
  const started = Date.now();
  for (;;) {
    if (await exists(dir)) return dir;
    try {
      await mkdir(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // Someone else builds it; a lock older than the build timeout is from a crashed build.
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > BUILD_TIMEOUT_MS) await rm(lock, { recursive: true, force: true });
      if (Date.now() - started > BUILD_TIMEOUT_MS) {
        throw new Error(`test databases: gave up waiting for the PGlite template (${lock})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      if (await exists(dir)) return dir;
      const build = await mkdtemp(`${dir}.build-`);
      const database = await openDatabase({ dataDir: build });
      await database.close();
      await rename(build, dir);
      return dir;
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
}

async function templateKey(): Promise<string> {
  const hash = createHash("sha256");
  // Its `exports` hide package.json from `require`; pnpm links it here.
  const pglite = JSON.parse(
    await readFile(
      new URL("../../node_modules/@electric-sql/pglite/package.json", import.meta.url),
      "utf8",
    ),
  ) as { version: string };
  hash.update(`pglite ${pglite.version}\n`);
  const files = await readdir(MIGRATIONS_FOLDER, { recursive: true });
  for (const file of files.sort()) {
    const path = join(MIGRATIONS_FOLDER, file);
    if (!(await stat(path)).isFile()) continue;
    hash.update(`${file}\n`);
    hash.update(await readFile(path));
  }
  return hash.digest("hex").slice(0, 16);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
