import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { type Database, type Db, openDatabase } from "../src/db/connect.ts";
import { createRepositories, type Repositories } from "../src/repositories/index.ts";
import { createSecretBox, type SecretBox } from "../src/secrets/secret-box.ts";

/**
 * The harness every repository suite runs on, once per driver: PGlite in a temp directory, and
 * PostgreSQL in a fresh database per test file (dropped afterwards), so files may run in
 * parallel without seeing each other's rows.
 */
export const DATABASE_KINDS = ["pglite", "postgres"] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

/** The server the PostgreSQL half runs on: trust auth, a user that may create databases. */
export const TEST_POSTGRES_URL =
  process.env.ORGSYNC_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabaseHandle {
  /** What to pass to `openDatabase` (more than once, to test reopening). */
  location: { databaseUrl?: string; dataDir?: string };
  dispose(): Promise<void>;
}

/** A fresh, empty database of the kind: not yet opened or migrated. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabaseHandle> {
  if (kind === "pglite") {
    const dataDir = await mkdtemp(join(tmpdir(), "orgsync-api-"));
    return { location: { dataDir }, dispose: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const name = `orgsync_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    location: { databaseUrl: url.toString() },
    async dispose() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A test clock: starts at a fixed instant and moves only when told. */
export function testClock(start = new Date("2026-03-01T08:00:00Z")) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
  };
}

export interface TestContext {
  readonly kind: DatabaseKind;
  readonly database: Database;
  readonly db: Db;
  readonly repos: Repositories;
  readonly box: SecretBox;
  readonly clock: ReturnType<typeof testClock>;
}

/** Registers hooks opening (and migrating) a fresh database of `kind` for the enclosing block. */
export function useTestDatabase(kind: DatabaseKind): TestContext {
  const state: { -readonly [K in keyof TestContext]?: TestContext[K] } = { kind };
  let handle: TestDatabaseHandle | undefined;
  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    state.database = await openDatabase(handle.location);
    state.db = state.database.db;
    state.box = createSecretBox(randomBytes(32));
    state.clock = testClock();
    state.repos = createRepositories({
      db: state.db,
      secrets: state.box,
      now: state.clock.now,
      // Cheap scrypt: the suites check the logic, not the cost.
      scrypt: { logN: 10, r: 8, p: 1 },
    });
  }, 30_000);
  afterAll(async () => {
    await state.database?.close();
    await handle?.dispose();
  });
  return new Proxy(state, {
    get(target, key: keyof TestContext) {
      const value = target[key];
      if (value === undefined) throw new Error(`test database: ${key} used before beforeAll ran`);
      return value;
    },
  }) as TestContext;
}

/** A provider to hang rows on, with a unique flag and one secret field. */
export async function createTestProvider(
  repos: Repositories,
  flag = `f${randomBytes(4).toString("hex")}`,
) {
  return repos.providers.create({
    kind: "feishu",
    flag,
    name: `Feishu ${flag}`,
    config: { appId: "cli_a1b2", appSecret: "s3cr3t-app-secret" },
    secretFields: ["appSecret"],
  });
}
