import { randomBytes } from "node:crypto";
import {
  type DepartedUserPolicy,
  ProviderRegistry,
  type SafetyThresholds,
  type SourceSnapshot,
} from "@orgsync/core";
import { generateOrg } from "@orgsync/core/testing";
import { type LdifEntry, type Slapd, startSlapd } from "@orgsync/ldap/testing";
import { feishuProviderPlugin } from "@orgsync/provider-feishu";
import {
  type RunningFeishuSandbox,
  type SandboxOptions,
  startFeishuSandbox,
} from "@orgsync/provider-feishu/sandbox";
import { afterAll, beforeAll } from "vitest";
import { type Database, openDatabase } from "../../src/db/connect.ts";
import { createRepositories, type Repositories } from "../../src/repositories/index.ts";
import type { ProviderRecord } from "../../src/repositories/providers.ts";
import { createSecretBox } from "../../src/secrets/secret-box.ts";
import type { DatabaseKind, TestDatabaseHandle } from "../databases.ts";
import { createFastTestDatabase } from "./pglite-template.ts";

/**
 * Everything a run needs, real end to end: a throwaway slapd with orgsync's schema, the Feishu
 * sandbox serving an org, a fresh database (PGlite or PostgreSQL, see `../databases.ts`) with
 * the directory settings pointing at slapd, one Feishu provider pointing at the sandbox and the
 * provider's default field relations saved. The run, GraphQL and CLI suites build on it.
 *
 * @example
 * describe.each(DATABASE_KINDS)("runs on %s", (kind) => {
 *   const env = useSyncEnvironment(kind, { org: smallOrg() });
 *   it("syncs", async () => {
 *     // env.repositories, env.registry, env.provider, env.ldapsearch(...)
 *   });
 * });
 */

/** Fast provider retries: the sandbox answers at once; faults should fail (or pass) quickly. */
export const FAST_FEISHU_RETRY = {
  maxAttempts: 3,
  baseDelayMs: 1,
  maxDelayMs: 20,
  rateLimitRetries: 10,
  maxRateLimitWaitMs: 50,
} as const;

/** The initial password (go-ldap-admin's `user-init-password`) the environment's settings use. */
export const INITIAL_PASSWORD = "Initial-Pass-1";

export interface SyncEnvironmentOptions {
  /**
   * The org the sandbox serves.
   * @default smallOrg() (50 active users in 8 departments)
   */
  org?: SourceSnapshot;
  /**
   * The directory's safety thresholds.
   * @default {} (core's defaults: 100 deletions/disables and 10%)
   */
  safety?: SafetyThresholds;
  /**
   * The departed-user policy.
   * @default "disable"
   */
  departedUsers?: DepartedUserPolicy;
  /**
   * The provider's flag.
   * @default "feishu"
   */
  flag?: string;
  /** More sandbox options (faults, latency, app scopes). */
  sandbox?: Omit<SandboxOptions, "org">;
  /**
   * More provider configuration, merged over the sandbox's domain and app credentials.
   * @default { retry: FAST_FEISHU_RETRY }
   */
  providerConfig?: Record<string, unknown>;
}

export interface SyncEnvironment {
  readonly kind: DatabaseKind;
  readonly slapd: Slapd;
  readonly sandbox: RunningFeishuSandbox;
  /** What to give `openDatabase` (e.g. in a child process). */
  readonly databaseLocation: TestDatabaseHandle["location"];
  /** The secret box key the rows are encrypted with (a child process needs it too). */
  readonly secretKey: Buffer;
  /** The open database; replaced by `reopenDatabase()`. */
  database: Database;
  /** Repositories over `database`; replaced by `reopenDatabase()`. */
  repositories: Repositories;
  /** A registry with the Feishu plugin. */
  readonly registry: ProviderRegistry;
  /** The Feishu provider pointing at the sandbox, with default field relations saved. */
  readonly provider: ProviderRecord;
  readonly flag: string;
  /** `ou=people,<base>`: where users go. */
  readonly usersDn: string;
  /** `ou=<flag>root,<base>`: where the provider's groups go. */
  readonly groupRootDn: string;
  /** slapd's `ldapsearch` (an independent ldap-utils client). */
  ldapsearch: Slapd["ldapsearch"];
  ldapadd: Slapd["ldapadd"];
  ldapmodify: Slapd["ldapmodify"];
  /** Replaces the org the sandbox serves. */
  setOrg(org: SourceSnapshot): void;
  /** The entries anchored with the provider's flag, users and groups apart. */
  managedEntries(): Promise<{ users: LdifEntry[]; groups: LdifEntry[] }>;
  /**
   * Closes the database, e.g. so that a child process can open the same PGlite data directory
   * (one process at a time); `reopenDatabase()` opens it again.
   */
  closeDatabase(): Promise<void>;
  reopenDatabase(): Promise<void>;
  /** Stops everything and drops the database. Idempotent. */
  dispose(): Promise<void>;
}

/**
 * A small org for the runs' tests: `users` active people (nobody resigned or frozen, so every
 * source user becomes exactly one account) in `departments` departments.
 */
export function smallOrg(users = 50, departments = 8, seed = 7): SourceSnapshot {
  return generateOrg({
    departments,
    users,
    seed,
    statusShares: { frozen: 0, resigned: 0, notJoined: 0 },
  });
}

/** Starts a sync environment; `dispose()` it (or use `useSyncEnvironment` in a describe block). */
export async function startSyncEnvironment(
  kind: DatabaseKind,
  options: SyncEnvironmentOptions = {},
): Promise<SyncEnvironment> {
  const flag = options.flag ?? "feishu";
  const cleanups: (() => Promise<unknown>)[] = [];
  const dispose = async () => {
    const steps = cleanups.splice(0).reverse();
    for (const step of steps) await step().catch(() => {});
  };
  try {
    const [slapd, sandbox, handle] = await Promise.all([
      startSlapd({ orgsyncSchema: true }),
      startFeishuSandbox({ ...options.sandbox, org: options.org ?? smallOrg() }),
      createFastTestDatabase(kind),
    ]);
    cleanups.push(
      () => slapd.stop(),
      () => sandbox.close(),
      () => handle.dispose(),
    );
    const secretKey = randomBytes(32);
    const box = createSecretBox(secretKey);
    let database = await openDatabase(handle.location);
    let open = true;
    cleanups.push(async () => {
      if (open) await database.close();
    });
    const repositoriesOf = (db: Database) => createRepositories({ db: db.db, secrets: box });
    let repositories = repositoriesOf(database);

    await repositories.directorySettings.save({
      connection: { url: slapd.url, bindDn: slapd.adminDn, baseDn: slapd.baseDn },
      bindPassword: slapd.adminPassword,
      passwordPolicy: { mode: "initial" },
      initialPassword: INITIAL_PASSWORD,
      departedUserPolicy: options.departedUsers ?? "disable",
      safetyThresholds: options.safety ?? {},
      defaultEmailSuffix: "example.com",
      updatedBy: "test",
    });
    const provider = await repositories.providers.create({
      kind: feishuProviderPlugin.kind,
      flag,
      name: `Feishu sandbox (${flag})`,
      config: {
        appId: sandbox.app.appId,
        appSecret: sandbox.app.appSecret,
        domain: sandbox.url,
        retry: FAST_FEISHU_RETRY,
        ...options.providerConfig,
      },
      secretFields: feishuProviderPlugin.secretFields,
    });
    const defaults = feishuProviderPlugin.defaultFieldRelations;
    await repositories.fieldRelations.set(provider.id, "group", defaults.group, {
      updatedBy: "defaults",
    });
    await repositories.fieldRelations.set(provider.id, "user", defaults.user, {
      updatedBy: "defaults",
    });

    const anchored = (entry: LdifEntry) =>
      (entry.attributes.orgsyncAnchor ?? []).some((anchor) => anchor.startsWith(`${flag}:`));
    const env: SyncEnvironment = {
      kind,
      slapd,
      sandbox,
      databaseLocation: handle.location,
      secretKey,
      database,
      repositories,
      registry: new ProviderRegistry([feishuProviderPlugin]),
      provider,
      flag,
      usersDn: `ou=people,${slapd.baseDn}`,
      groupRootDn: `ou=${flag}root,${slapd.baseDn}`,
      ldapsearch: slapd.ldapsearch,
      ldapadd: slapd.ldapadd,
      ldapmodify: slapd.ldapmodify,
      setOrg: (org) => sandbox.setOrg(org),
      async managedEntries() {
        const [users, groups] = await Promise.all([
          slapd.ldapsearch(env.usersDn, "(objectClass=inetOrgPerson)", ["*"], { scope: "one" }),
          slapd.ldapsearch(env.groupRootDn, "(objectClass=groupOfUniqueNames)", ["*"]),
        ]);
        return { users: users.filter(anchored), groups: groups.filter(anchored) };
      },
      async closeDatabase() {
        if (!open) return;
        open = false;
        await database.close();
      },
      async reopenDatabase() {
        if (open) return;
        database = await openDatabase(handle.location);
        open = true;
        repositories = repositoriesOf(database);
        env.database = database;
        env.repositories = repositories;
      },
      dispose,
    };
    return env;
  } catch (error) {
    await dispose();
    throw error;
  }
}

/**
 * Registers `beforeAll`/`afterAll` hooks starting a sync environment for the enclosing block;
 * its members throw when used before `beforeAll` ran.
 */
export function useSyncEnvironment(
  kind: DatabaseKind,
  options: SyncEnvironmentOptions = {},
): SyncEnvironment {
  let env: SyncEnvironment | undefined;
  beforeAll(async () => {
    env = await startSyncEnvironment(kind, options);
  }, 60_000);
  afterAll(async () => {
    await env?.dispose();
  }, 60_000);
  return new Proxy({} as SyncEnvironment, {
    get(_target, key) {
      if (!env) throw new Error(`sync environment: ${String(key)} used before beforeAll ran`);
      const value = env[key as keyof SyncEnvironment];
      return typeof value === "function" ? value.bind(env) : value;
    },
    set(_target, key, value) {
      if (!env) throw new Error(`sync environment: ${String(key)} set before beforeAll ran`);
      (env as unknown as Record<string | symbol, unknown>)[key] = value;
      return true;
    },
  });
}
