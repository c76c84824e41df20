import {
  CancelledError,
  ConfigError,
  type ConnectionReport,
  type ProviderRegistry,
} from "@orgsync/core";
import {
  type DirectorySchema,
  type LayoutOptions,
  type LdapTarget,
  type LdapTargetOptions,
  readDirectorySchema,
  testDirectoryConnection,
} from "@orgsync/ldap";
import { DirectoryNotConfiguredError, NotFoundError } from "../errors.ts";
import type { DirectorySettingsRecord } from "../repositories/directory-settings.ts";
import type { Repositories } from "../repositories/index.ts";
import { directoryTargetOptions } from "../sync/directory-options.ts";
import { openDirectory } from "../sync/sync-setup.ts";
import { type Actor, audit } from "./actor.ts";
import {
  checkEntryDn,
  DirectoryEntryNotFoundError,
  type DirectoryEntryView,
  toEntryView,
} from "./directory/entry.ts";
import {
  type MergedDirectorySettings,
  mergeDirectorySettings,
  parseDirectorySettingsInput,
  placementChanges,
  targetOptionsOf,
  type UpdateDirectorySettingsInput,
} from "./directory/settings-input.ts";
import {
  checkPageSize,
  checkQuery,
  type DirectoryBrowseResult,
  type DirectorySearchResult,
  DirectoryTree,
} from "./directory/tree.ts";
import { directoryUnavailable } from "./directory/unavailable.ts";
import { DIRECTORY_BLOCKING_CHECKS, DirectoryConnectionError } from "./errors.ts";

export {
  type DirectoryEntryKind,
  DirectoryEntryNotFoundError,
  type DirectoryEntryView,
} from "./directory/entry.ts";
export type {
  DirectoryConnectionInput,
  UpdateDirectorySettingsInput,
} from "./directory/settings-input.ts";
export {
  type DirectoryBrowseResult,
  type DirectoryGroupNode,
  DirectoryGroupNotFoundError,
  type DirectoryListPage,
  type DirectorySearchResult,
  type DirectoryUserNode,
  MAX_PAGE_SIZE,
} from "./directory/tree.ts";
export {
  DirectoryConnectionError,
  DirectoryUnavailableError,
  type DirectoryUnavailableReason,
} from "./errors.ts";

/** The connection test the service runs; the LDAP package's unless a test swaps it. */
export type DirectoryConnectionTest = (
  options: LdapTargetOptions,
  opts?: { signal?: AbortSignal },
) => Promise<ConnectionReport>;

export interface DirectoryServiceDependencies {
  repositories: Pick<
    Repositories,
    "directorySettings" | "providers" | "fieldRelations" | "runs" | "audit"
  >;
  /** Accepted so every service takes the same dependencies; the directory needs no plugin. */
  registry?: ProviderRegistry;
  /**
   * The clock of the schema cache (stored timestamps come from the repositories' own clock).
   * @default () => new Date()
   */
  now?: () => Date;
  /**
   * Runs the connection test.
   * @default testDirectoryConnection from @orgsync/ldap
   */
  testConnection?: DirectoryConnectionTest;
  /**
   * How long `schema()` reuses a schema it read, in ms; saving the settings drops it at once.
   * @default 300000 (5 minutes)
   * @example 0 (read on every call)
   */
  schemaCacheMs?: number;
}

export interface UpdateDirectorySettingsOptions {
  /**
   * Test the merged settings against the directory before saving; an unreachable server, a
   * refused bind or a missing base DN then saves nothing (`DirectoryConnectionError`).
   * @default true
   */
  verify?: boolean;
  /**
   * Save a new base DN, group class or users container although a provider has synced. The
   * entries already written stay where they are, unmanaged: move or delete them yourself.
   * @default false
   */
  force?: boolean;
  signal?: AbortSignal;
}

export interface DirectorySettingsUpdate {
  /** What is stored now (passwords write-only). */
  settings: DirectorySettingsRecord;
  /**
   * The connection test of the saved settings, `null` when saved without verifying. Checks
   * other than reach/bind/baseDn may fail (missing schema, no write access) and still save.
   */
  report: ConnectionReport | null;
}

export interface BrowseDirectoryInput {
  providerId: string;
  /** A group of the provider; the provider's group root when omitted. */
  parentDn?: string;
  /**
   * Page size of each list (groups, users), 1 to 1000.
   * @default 100
   */
  first?: number;
  /** The `endCursor` of the previous page. */
  after?: string;
  signal?: AbortSignal;
}

export interface SearchDirectoryUsersInput {
  providerId: string;
  /** Part of a username (`uid`), name (`cn`, `displayName`) or email (`mail`); case is ignored. */
  query: string;
  /**
   * Most users returned, 1 to 1000.
   * @default 20
   */
  first?: number;
  signal?: AbortSignal;
}

export interface ReadDirectoryEntryInput {
  providerId: string;
  /** An entry in the provider's group root or the users container (the containers included). */
  dn: string;
}

export interface DirectoryService {
  /** The stored settings, passwords as `hasBindPassword`/`hasInitialPassword`; `null` if none. */
  getSettings(): Promise<DirectorySettingsRecord | null>;
  /**
   * Validates a change, merges it over the stored settings, tests the result (unless
   * `verify: false`) and saves it. Throws `ConfigError` (each issue names a field),
   * `DirectoryConnectionError` (nothing saved) or, for a base DN or layout change after a sync,
   * `ConfigError` unless `force`.
   */
  updateSettings(
    input: UpdateDirectorySettingsInput,
    actor: Actor,
    options?: UpdateDirectorySettingsOptions,
  ): Promise<DirectorySettingsUpdate>;
  /**
   * Tests the stored settings, or `draft` merged over them (with the stored passwords unless
   * the draft gives new ones), without saving anything.
   */
  testConnection(
    draft?: UpdateDirectorySettingsInput,
    options?: { signal?: AbortSignal },
  ): Promise<ConnectionReport>;
  /**
   * One page of a provider's managed tree as the directory holds it. Throws
   * `DirectoryUnavailableError` when the directory cannot be read (so do `searchUsers`, `entry`).
   */
  browse(input: BrowseDirectoryInput): Promise<DirectoryBrowseResult>;
  /** The provider's users matching `query` in `uid`, `cn`, `displayName` or `mail`. */
  searchUsers(input: SearchDirectoryUsersInput): Promise<DirectorySearchResult>;
  /**
   * One entry of the provider's subtrees with its attributes and anchor; password attributes
   * are named, never shown. Throws `ConfigError` for a DN elsewhere (naming the subtrees
   * allowed) and `DirectoryEntryNotFoundError` when no entry has the DN.
   */
  entry(input: ReadDirectoryEntryInput): Promise<DirectoryEntryView>;
  /**
   * The directory's schema (attribute types, object classes), for checking field relations;
   * `undefined` when no directory is configured or it cannot be read (unreachable, bind
   * refused, schema hidden by ACLs): the check is a hint, and the sync reports schema
   * violations per entry anyway. Cached for `schemaCacheMs`.
   */
  schema(options?: { signal?: AbortSignal }): Promise<DirectorySchema | undefined>;
}

/** Read for browsing, besides what the target reads anyway (anchor, names, members, status). */
const BROWSE_ATTRIBUTES = ["cn", "displayName", "mail", "description"];

/** The LDAP directory's settings, its connection test, and a view of what it holds. */
export function createDirectoryService({
  repositories,
  now = () => new Date(),
  testConnection: runTest = testDirectoryConnection,
  schemaCacheMs = 300_000,
}: DirectoryServiceDependencies): DirectoryService {
  /** The last schema read, for the settings version it was read with. */
  let schemaCache:
    | { version: number; readAt: number; schema: Promise<DirectorySchema | undefined> }
    | undefined;

  async function providerFlag(providerId: string): Promise<string> {
    const provider = await repositories.providers.get(providerId);
    if (!provider) throw new NotFoundError("provider", providerId);
    return provider.flag;
  }

  /**
   * Runs `work` on the saved directory, closing the target whatever happens. The directory
   * failing (unreachable, bind refused…) becomes `DirectoryUnavailableError`.
   */
  async function withDirectory<T>(work: (target: LdapTarget) => Promise<T>): Promise<T> {
    const target = await openDirectory({ repositories });
    try {
      return await work(target);
    } catch (error) {
      throw directoryUnavailable(error, target.name) ?? error;
    } finally {
      await target.close?.();
    }
  }

  /** Reads the provider's subtrees once. */
  async function readTree(providerId: string, signal: AbortSignal | undefined) {
    const flag = await providerFlag(providerId);
    return withDirectory(async (target) => {
      const snapshot = await target.read(flag, {
        attributes: BROWSE_ATTRIBUTES,
        ...(signal ? { signal } : {}),
      });
      return new DirectoryTree(snapshot, flag);
    });
  }

  /** Refuses to move the managed entries' place once a provider has written them. */
  async function refuseOrphaning(changed: readonly string[]): Promise<void> {
    const { items } = await repositories.runs.list({
      status: ["succeeded"],
      dryRun: false,
      first: 1,
    });
    const run = items[0];
    if (!run) return;
    const provider = await repositories.providers.get(run.providerId);
    const who = provider ? `provider ${provider.flag}` : "a provider";
    const message = `cannot change after ${who} has synced: the entries already written would be orphaned (left at their old place, no longer managed); keep the old value, or move the entries yourself and save with force`;
    throw new ConfigError(
      `directory: ${changed.join(", ")} cannot change after ${who} has synced — the entries already written would be orphaned; keep the old value, or move the entries yourself and save with force`,
      changed.map((path) => ({ path, message })),
    );
  }

  async function runConnectionTest(
    merged: MergedDirectorySettings,
    signal: AbortSignal | undefined,
  ): Promise<ConnectionReport> {
    return runTest(targetOptionsOf(merged), signal ? { signal } : {});
  }

  return {
    async getSettings() {
      return (await repositories.directorySettings.get()) ?? null;
    },

    async updateSettings(input, actor, options = {}) {
      const verify = options.verify ?? true;
      const change = parseDirectorySettingsInput(input);
      const stored = await repositories.directorySettings.getWithSecrets();
      const merged = mergeDirectorySettings(stored, change, {
        bindPassword: verify,
        initialPassword: true,
      });
      const moved = stored
        ? placementChanges(
            { connection: stored.connection, layout: stored.layout as LayoutOptions },
            merged,
          )
        : [];
      if (moved.length > 0 && !options.force) await refuseOrphaning(moved);

      let report: ConnectionReport | null = null;
      if (verify) {
        report = await runConnectionTest(merged, options.signal);
        if (blocked(report)) throw new DirectoryConnectionError(report);
      }

      const settings = await repositories.directorySettings.save({
        ...(change.connection ? { connection: merged.connection } : {}),
        ...(change.bindPassword === undefined ? {} : { bindPassword: change.bindPassword }),
        ...(change.layout ? { layout: merged.layout as Record<string, unknown> } : {}),
        ...(change.passwordPolicy ? { passwordPolicy: change.passwordPolicy } : {}),
        ...(change.initialPassword === undefined
          ? {}
          : { initialPassword: change.initialPassword }),
        ...(change.departedUserPolicy ? { departedUserPolicy: change.departedUserPolicy } : {}),
        ...(change.safetyThresholds ? { safetyThresholds: change.safetyThresholds } : {}),
        ...(change.defaultEmailSuffix === undefined
          ? {}
          : { defaultEmailSuffix: change.defaultEmailSuffix }),
        updatedBy: actor.username,
      });
      schemaCache = undefined;

      await audit(
        repositories,
        actor,
        "directory.update",
        { type: "directory", id: "1" },
        {
          ...auditDetails(change),
          created: stored === undefined,
          verified: verify,
          ...(moved.length > 0 ? { moved, forced: options.force === true } : {}),
        },
      );
      return { settings, report };
    },

    async testConnection(draft, options = {}) {
      const stored = await repositories.directorySettings.getWithSecrets();
      if (!stored && draft === undefined) {
        throw new DirectoryNotConfiguredError(
          "directory: no LDAP directory is configured; give the connection to test, or save the directory settings first",
        );
      }
      const change = parseDirectorySettingsInput(draft ?? {});
      const merged = mergeDirectorySettings(stored, change, {
        bindPassword: true,
        initialPassword: false,
      });
      return runConnectionTest(merged, options.signal);
    },

    async browse({ providerId, parentDn, first = 100, after, signal }) {
      checkPageSize(first);
      const tree = await readTree(providerId, signal);
      return tree.browse({
        ...(parentDn === undefined ? {} : { parentDn }),
        first,
        ...(after === undefined ? {} : { after }),
      });
    },

    async searchUsers({ providerId, query, first = 20, signal }) {
      checkPageSize(first);
      checkQuery(query);
      const tree = await readTree(providerId, signal);
      return tree.searchUsers({ query, first });
    },

    async entry({ providerId, dn }) {
      const flag = await providerFlag(providerId);
      return withDirectory(async (target) => {
        const { layout } = target;
        const kind = checkEntryDn(dn, {
          groupRoot: layout.groupRootDn(flag),
          users: layout.usersDn,
        });
        const raw = await target.readEntry(dn);
        if (!raw) throw new DirectoryEntryNotFoundError(flag, dn);
        return toEntryView(raw, { flag, kind });
      });
    },

    async schema(options = {}) {
      const stored = await repositories.directorySettings.getWithSecrets();
      if (!stored || stored.bindPassword === undefined) return undefined;
      const version = stored.updatedAt.getTime();
      const at = now().getTime();
      if (
        schemaCache &&
        schemaCache.version === version &&
        at - schemaCache.readAt < schemaCacheMs
      ) {
        return schemaCache.schema;
      }
      const schema = readDirectorySchema(
        // Reading the schema writes no account: the password policy does not matter here.
        directoryTargetOptions({ ...stored, passwordPolicy: { mode: "random" } }),
        options.signal ? { signal: options.signal } : {},
      ).catch((error: unknown) => {
        // A cancelled read is the caller's business and must not stay cached.
        if (error instanceof CancelledError) {
          schemaCache = undefined;
          throw error;
        }
        return undefined;
      });
      schemaCache = { version, readAt: at, schema };
      return schema;
    },
  };
}

/** Whether a check the directory cannot work without failed. */
function blocked(report: ConnectionReport): boolean {
  return report.checks.some(
    (check) =>
      (DIRECTORY_BLOCKING_CHECKS as readonly string[]).includes(check.id) &&
      (check.status === "failed" || check.status === "missing"),
  );
}

/**
 * What an audit entry says about a change: the fields given, their values except the two
 * passwords (named only, as set or cleared). The password policy goes under `newAccounts`
 * because the audit log redacts every key that mentions a password.
 */
function auditDetails(change: UpdateDirectorySettingsInput): Record<string, unknown> {
  const { bindPassword, initialPassword, passwordPolicy, ...rest } = change;
  const secrets = { bindPassword, initialPassword };
  return {
    changed: Object.keys(change).filter(
      (key) => change[key as keyof UpdateDirectorySettingsInput] !== undefined,
    ),
    set: Object.keys(secrets).filter(
      (key) => typeof secrets[key as keyof typeof secrets] === "string",
    ),
    cleared: Object.keys(secrets).filter((key) => secrets[key as keyof typeof secrets] === null),
    values: {
      ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
      ...(passwordPolicy ? { newAccounts: passwordPolicy } : {}),
    },
  };
}
