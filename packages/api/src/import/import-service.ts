import { ConfigError, type ConnectionReport, type ProviderRegistry } from "@orgsync/core";
import type { ProviderSyncOptions } from "../db/schema.ts";
import { ConflictError } from "../errors.ts";
import type { DirectorySettingsWithSecrets } from "../repositories/directory-settings.ts";
import type { Repositories } from "../repositories/index.ts";
import type { ProviderRecord } from "../repositories/providers.ts";
import { compileCron } from "../schedules/cron.ts";
import type { ScheduleService } from "../schedules/schedule-service.ts";
import { type Actor, audit } from "../services/actor.ts";
import {
  type MergedDirectorySettings,
  mergeDirectorySettings,
  parseDirectorySettingsInput,
  type UpdateDirectorySettingsInput,
} from "../services/directory/settings-input.ts";
import type { DirectoryService } from "../services/directory-service.ts";
import { ProviderVerificationError } from "../services/errors.ts";
import type { FieldRelationService } from "../services/field-relation-service.ts";
import type { ProviderService } from "../services/provider-service.ts";
import {
  type DirectoryImportPlan,
  type GoLdapAdminImportPlan,
  type KeySource,
  type ProviderImportPlan,
  parseGoLdapAdminConfig,
  type UnsupportedKey,
} from "./go-ldap-admin-config.ts";

export interface ImportGoLdapAdminConfigOptions {
  /**
   * Report what would be imported and store nothing.
   * @default false
   */
  dryRun?: boolean;
  /**
   * Test the directory connection, and each provider's credentials, before saving them (a
   * refused bind saves nothing; refused credentials fail that provider). Off, settings whose
   * servers cannot be reached from here (or that still hold go-ldap-admin's sample values) are
   * saved anyway. In a dry run only the directory is tested, and a failure is reported, not
   * thrown.
   * @default false
   */
  verify?: boolean;
  /**
   * IANA time zone the schedules' crons are read in (a `CRON_TZ=` prefix in the file wins).
   * go-ldap-admin read them in its process's local time.
   * @default this server's time zone
   * @example "Asia/Shanghai"
   */
  timezone?: string;
  /** Aborts verification requests. */
  signal?: AbortSignal;
}

/**
 * What happened to one thing the file describes (or would, in a dry run). `failed` is an
 * error after the directory was saved (a provider's credentials refused with `verify`): the
 * other steps still ran; `reason` says what to fix.
 */
export type ImportAction = "created" | "updated" | "skipped" | "failed";

/** The directory settings after the import, passwords as set or not. */
export interface ImportedDirectory {
  action: Exclude<ImportAction, "skipped" | "failed">;
  url: string;
  baseDn: string;
  bindDn: string;
  /** Where accounts go: `ou=<usersOu>,<baseDn>`. */
  usersOu: string;
  bindPasswordSet: boolean;
  initialPasswordSet: boolean;
  passwordPolicy: { mode: "initial" | "random"; scheme: "ssha" | "clear" | "exop" };
  defaultEmailSuffix: string | null;
  /** Whether the connection was tested (before saving, or in place of it in a dry run). */
  verified: boolean;
  /** The connection test, when `verify`. */
  report: ConnectionReport | null;
}

export interface ImportedProvider {
  flag: string;
  kind: string;
  action: ImportAction;
  /** Why it was skipped or failed. */
  reason?: string;
  /** The stored provider; `null` in a dry run of a new one, or when skipped or failed. */
  id: string | null;
  name: string;
  enabled: boolean;
  /** The config as stored (or as it would be), without its secrets. */
  config: Record<string, unknown>;
  /** Secret fields the file gives values for (never the values). */
  secretsSet: string[];
  syncOptions: ProviderSyncOptions;
  /**
   * `defaults`: go-ldap-admin's seeded relations were saved (a new provider, or one without
   * any); `kept`: the provider's own stay; `null`: nothing stored.
   */
  fieldRelations: "defaults" | "kept" | null;
  /**
   * What the plugin refuses in the imported config (sample values such as `app-id: xxxxxxx`):
   * stored as given; runs refuse to start, naming the field, until it is fixed.
   */
  configIssues: { path: string; message: string }[];
  /** The run connection test, when `verify` and the config could be tested. */
  connection: ConnectionReport | null;
}

export interface ImportedSchedule {
  flag: string;
  scope: "GROUPS" | "USERS";
  cron: string;
  timezone: string;
  enabled: boolean;
  /** The key it came from. @example "feishu.dept-sync-time" */
  path: string;
  action: ImportAction;
  reason?: string;
}

export interface GoLdapAdminImportReport {
  dryRun: boolean;
  /** `null` when the file has no `ldap` block. */
  directory: ImportedDirectory | null;
  providers: ImportedProvider[];
  schedules: ImportedSchedule[];
  /** Every key of the file not carried over, with its line and why. */
  unsupported: UnsupportedKey[];
}

export interface ImportService {
  /**
   * Imports go-ldap-admin's `config.yml`: the `ldap` block into the directory settings, each
   * IM block into a provider (created, or updated by flag) with go-ldap-admin's seeded field
   * relations and its schedules. Throws `ConfigError` (issues name the file's keys and lines)
   * for YAML it cannot read or values that cannot be stored, and `DirectoryConnectionError`
   * with `verify`; nothing is saved then.
   */
  importGoLdapAdminConfig(
    yamlText: string,
    actor: Actor,
    options?: ImportGoLdapAdminConfigOptions,
  ): Promise<GoLdapAdminImportReport>;
}

export interface ImportServiceDependencies {
  repositories: Pick<Repositories, "directorySettings" | "audit">;
  registry: ProviderRegistry;
  directory: DirectoryService;
  providers: ProviderService;
  fieldRelations: FieldRelationService;
  /** Without it, schedules are reported as pending. */
  schedules?: Pick<ScheduleService, "get" | "set">;
  /**
   * The time zone crons are read in by default.
   * @default this process's (Intl)
   */
  defaultTimezone?: () => string;
}

const WHERE = "go-ldap-admin import";
const NOT_INSTALLED = "provider kind not installed in this service (see ORGSYNC_PLUGINS)";

/** Migrations from other tools; today go-ldap-admin's `config.yml`. */
export function createImportService(dependencies: ImportServiceDependencies): ImportService {
  const { repositories, registry, directory, providers, fieldRelations, schedules } = dependencies;
  const defaultTimezone =
    dependencies.defaultTimezone ?? (() => Intl.DateTimeFormat().resolvedOptions().timeZone);

  return {
    async importGoLdapAdminConfig(yamlText, actor, options = {}) {
      const dryRun = options.dryRun ?? false;
      const verify = options.verify ?? false;
      const timezone = options.timezone ?? defaultTimezone();
      const plan = parseGoLdapAdminConfig(yamlText);

      // Everything that can be checked without writing is checked before anything is written.
      const stored = await repositories.directorySettings.getWithSecrets();
      const directoryChange = plan.directory ? directoryInput(plan.directory, stored) : undefined;
      const merged =
        plan.directory && directoryChange
          ? await inFileTerms(plan.directory.sources, plan.directory.source, () =>
              mergeDirectorySettings(stored, parseDirectorySettingsInput(directoryChange), {
                bindPassword: verify,
                initialPassword: true,
              }),
            )
          : undefined;
      const existing = await providers.list();
      const installed = new Set(registry.list().map((plugin) => plugin.kind));
      const schedulePlans = checkSchedules(plan, timezone);

      const report: GoLdapAdminImportReport = {
        dryRun,
        directory: null,
        providers: [],
        schedules: [],
        unsupported: [...plan.unsupported],
      };
      for (const provider of plan.providers) {
        if (!installed.has(provider.kind)) {
          report.unsupported.push({
            path: provider.source.path,
            line: provider.source.line,
            category: "unsupported",
            reason: `${NOT_INSTALLED}: nothing imported; see providers for what would be`,
          });
        }
      }
      report.unsupported.sort((a, b) => a.line - b.line);

      if (plan.directory && merged && directoryChange) {
        const signal = options.signal ? { signal: options.signal } : {};
        let tested: ConnectionReport | null = null;
        if (dryRun) {
          // A dry run with verify tests the connection it would save, and reports a failure
          // instead of refusing: nothing is saved either way.
          if (verify) tested = await directory.testConnection(directoryChange, signal);
        } else {
          const update = await inFileTerms(plan.directory.sources, plan.directory.source, () =>
            directory.updateSettings(directoryChange, actor, { verify, ...signal }),
          );
          tested = update.report;
        }
        report.directory = directorySummary(merged, stored === undefined, verify, tested);
      }

      for (const provider of plan.providers) {
        const current = existing.find((record) => record.flag === provider.flag);
        const entry = await importProvider(provider, current);
        report.providers.push(entry);
        for (const schedule of schedulePlans.filter((s) => s.provider === provider)) {
          report.schedules.push(await importSchedule(schedule, entry));
        }
      }

      if (!dryRun) {
        await audit(repositories, actor, "import.goLdapAdmin", undefined, {
          directory: report.directory?.action ?? null,
          providers: report.providers.map(({ flag, kind, action }) => ({ flag, kind, action })),
          schedules: report.schedules.map(({ flag, scope, action }) => ({ flag, scope, action })),
          unsupported: report.unsupported.map((key) => key.path),
        });
      }
      return report;

      async function importProvider(
        wanted: ProviderImportPlan,
        current: ProviderRecord | undefined,
      ): Promise<ImportedProvider> {
        const secretFields = installed.has(wanted.kind)
          ? registry.get(wanted.kind).secretFields
          : wanted.secretKeys;
        const visible = withoutKeys(wanted.config, secretFields);
        const secretsSet = secretFields.filter((key) => wanted.config[key] !== undefined);
        const base = {
          flag: wanted.flag,
          kind: wanted.kind,
          secretsSet,
          configIssues: [] as { path: string; message: string }[],
          connection: null,
        };
        // A block this import cannot apply: reported with what it would have imported.
        const skipped = (reason: string): ImportedProvider => ({
          ...base,
          action: "skipped",
          reason,
          id: null,
          name: providerName(wanted),
          enabled: wanted.enabled ?? true,
          config: visible,
          syncOptions: wanted.syncOptions,
          fieldRelations: null,
        });
        if (!installed.has(wanted.kind)) {
          return skipped(`${NOT_INSTALLED}; this is what would be imported`);
        }
        if (current && current.kind !== wanted.kind) {
          return skipped(
            `the flag "${wanted.flag}" belongs to the ${current.kind} provider "${current.name}"; give this block another flag`,
          );
        }
        const configIssues = refusedConfig(wanted, current);
        const enabled = wanted.enabled ?? current?.enabled ?? true;
        const syncOptions = { ...current?.syncOptions, ...wanted.syncOptions };
        const config = { ...current?.config, ...visible };
        if (dryRun) {
          return {
            ...base,
            action: current ? "updated" : "created",
            id: current?.id ?? null,
            name: current?.name ?? providerName(wanted),
            enabled,
            config,
            syncOptions,
            configIssues,
            fieldRelations: current ? await relationsOf(current.id) : "defaults",
          };
        }
        try {
          const verifyOptions = {
            verify,
            allowInvalidConfig: true,
            ...(options.signal ? { signal: options.signal } : {}),
          };
          const change = current
            ? await providers.update(
                current.id,
                {
                  config: { ...current.config, ...wanted.config },
                  ...(wanted.enabled === undefined ? {} : { enabled: wanted.enabled }),
                  syncOptions,
                },
                actor,
                verifyOptions,
              )
            : await providers.create(
                {
                  kind: wanted.kind,
                  name: providerName(wanted),
                  flag: wanted.flag,
                  config: wanted.config,
                  ...(wanted.enabled === undefined ? {} : { enabled: wanted.enabled }),
                  syncOptions: wanted.syncOptions,
                },
                actor,
                verifyOptions,
              );
          const { provider } = change;
          // go-ldap-admin seeds its field relations at first start; a provider without any
          // gets the same (the plugin's defaults), so it can sync right away.
          const relations = await relationsOf(provider.id);
          if (relations === "defaults") await fieldRelations.reset(provider.id, "both", actor);
          return {
            ...base,
            action: current ? "updated" : "created",
            id: provider.id,
            name: provider.name,
            enabled: provider.enabled,
            config: provider.config,
            syncOptions: provider.syncOptions,
            configIssues: [...(change.configIssues ?? [])].map((issue) =>
              inFileIssue(wanted, issue),
            ),
            fieldRelations: relations,
            connection: change.connection,
          };
        } catch (error) {
          if (!isReportable(error)) throw error;
          return {
            ...base,
            action: "failed",
            reason: error.message,
            id: current?.id ?? null,
            name: current?.name ?? providerName(wanted),
            enabled,
            config,
            syncOptions,
            configIssues,
            fieldRelations: null,
          };
        }
      }

      /** `defaults` when the provider has no relations of some kind yet (they get saved). */
      async function relationsOf(providerId: string): Promise<"defaults" | "kept"> {
        const stored = await fieldRelations.get(providerId);
        return stored.group && stored.user ? "kept" : "defaults";
      }

      /** What the plugin refuses in the config the provider will have, in the file's terms. */
      function refusedConfig(
        wanted: ProviderImportPlan,
        current: ProviderRecord | undefined,
      ): { path: string; message: string }[] {
        // The stored secrets are not read here: a secret the file leaves out is kept, so it is
        // only missing when there is no provider to keep it from.
        const config: Record<string, unknown> = { ...current?.config, ...wanted.config };
        const secrets = registry.get(wanted.kind).secretFields;
        if (current?.hasSecrets) {
          for (const key of secrets) config[key] ??= "(stored)";
        }
        try {
          registry.parseConfig(wanted.kind, { ...config, flag: wanted.flag });
          return [];
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          const issues =
            error.issues.length > 0 ? error.issues : [{ path: "config", message: error.message }];
          return issues.map((issue) => inFileIssue(wanted, issue));
        }
      }

      async function importSchedule(
        schedule: CheckedSchedule,
        provider: ImportedProvider,
      ): Promise<ImportedSchedule> {
        const entry: Omit<ImportedSchedule, "action"> = {
          flag: provider.flag,
          scope: schedule.scope,
          cron: schedule.cron,
          timezone: schedule.timezone,
          enabled: schedule.enabled,
          path: schedule.source.path,
        };
        if (provider.action === "skipped") {
          return {
            ...entry,
            action: "skipped",
            reason: provider.reason ?? "its provider is skipped",
          };
        }
        if (provider.action === "failed") {
          return {
            ...entry,
            action: "skipped",
            reason: `its provider was not saved: ${provider.reason ?? "see providers"}`,
          };
        }
        if (!schedules) {
          return { ...entry, action: "skipped", reason: "pending: schedules not available" };
        }
        const id = provider.id;
        const before = id === null ? undefined : await schedules.get(id, schedule.scope);
        const action = before ? "updated" : "created";
        if (dryRun || id === null) return { ...entry, action };
        try {
          await schedules.set(
            id,
            schedule.scope,
            { cron: schedule.cron, timezone: schedule.timezone, enabled: schedule.enabled },
            actor,
          );
          return { ...entry, action };
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          return { ...entry, action: "failed", reason: error.message };
        }
      }
    },
  };
}

interface CheckedSchedule {
  provider: ProviderImportPlan;
  scope: "GROUPS" | "USERS";
  cron: string;
  timezone: string;
  enabled: boolean;
  source: KeySource;
}

/** Validates every cron and zone up front: a schedule that cannot be stored stops the import. */
function checkSchedules(plan: GoLdapAdminImportPlan, timezone: string): CheckedSchedule[] {
  const checked: CheckedSchedule[] = [];
  const issues: { path: string; message: string }[] = [];
  try {
    compileCron({ cron: "0 0 * * *", timezone }, WHERE);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(
      `${WHERE}: timezone "${timezone}" is not an IANA time zone; give one such as "Asia/Shanghai"`,
      [{ path: "timezone", message: 'must be an IANA time zone such as "Asia/Shanghai"' }],
      { cause: error },
    );
  }
  for (const provider of plan.providers) {
    for (const schedule of provider.schedules) {
      const zone = schedule.timezone ?? timezone;
      try {
        compileCron({ cron: schedule.cron, timezone: zone }, WHERE);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        const detail = error.issues.map((issue) => issue.message).join("; ") || error.message;
        issues.push({
          path: schedule.source.path,
          message: `line ${schedule.source.line}: "${schedule.cron}" ${detail}`,
        });
        continue;
      }
      checked.push({ ...schedule, provider, timezone: zone });
    }
  }
  if (issues.length > 0) {
    throw new ConfigError(
      `${WHERE}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      issues,
    );
  }
  return checked;
}

/**
 * The change to the directory settings: the file's values over what is stored. The settings
 * replace `connection`, `layout` and `passwordPolicy` as a whole, so what the file does not
 * have (TLS, time-outs, POSIX, a random-password policy's scheme) is carried over from storage.
 */
function directoryInput(
  plan: DirectoryImportPlan,
  stored: DirectorySettingsWithSecrets | undefined,
): UpdateDirectorySettingsInput {
  const change: UpdateDirectorySettingsInput = {};
  if (Object.keys(plan.connection).length > 0) {
    change.connection = {
      ...(stored?.connection ?? {}),
      ...plan.connection,
    } as UpdateDirectorySettingsInput["connection"];
  }
  if (plan.bindPassword !== undefined) change.bindPassword = plan.bindPassword;
  if (plan.usersOu !== undefined) {
    change.layout = { ...(stored?.layout ?? {}), usersOu: plan.usersOu };
  }
  if (plan.passwordMode !== undefined || plan.passwordScheme !== undefined) {
    const scheme = plan.passwordScheme ?? stored?.passwordPolicy.scheme;
    change.passwordPolicy = {
      mode: plan.passwordMode ?? stored?.passwordPolicy.mode ?? "initial",
      ...(scheme === undefined ? {} : { scheme }),
    };
  }
  if (plan.initialPassword !== undefined) change.initialPassword = plan.initialPassword;
  if (plan.defaultEmailSuffix !== undefined) change.defaultEmailSuffix = plan.defaultEmailSuffix;
  return change;
}

function directorySummary(
  merged: MergedDirectorySettings,
  created: boolean,
  verified: boolean,
  report: ConnectionReport | null,
): ImportedDirectory {
  return {
    action: created ? "created" : "updated",
    url: merged.connection.url,
    baseDn: merged.connection.baseDn,
    bindDn: merged.connection.bindDn,
    usersOu: merged.layout.usersOu ?? "people",
    bindPasswordSet: merged.bindPassword !== undefined,
    initialPasswordSet: merged.initialPassword !== undefined,
    passwordPolicy: {
      mode: merged.passwordPolicy.mode,
      scheme: merged.passwordPolicy.scheme ?? "ssha",
    },
    defaultEmailSuffix: merged.defaultEmailSuffix,
    verified,
    report,
  };
}

/**
 * Runs `step`, rewriting a `ConfigError` about directory settings (`connection.url`) into the
 * file's terms (`ldap.url`, line 85), so the admin knows which line to fix.
 */
async function inFileTerms<T>(
  sources: Record<string, KeySource>,
  block: KeySource,
  step: () => T | Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const issues = (
      error.issues.length > 0 ? error.issues : [{ path: "(settings)", message: error.message }]
    ).map((issue) => {
      const source = sourceOf(sources, issue.path);
      if (source) {
        return { path: source.path, message: `line ${source.line}: ${issue.message}` };
      }
      const key = GO_LDAP_ADMIN_KEY[issue.path];
      return key
        ? {
            path: `${block.path}.${key}`,
            message: `missing from the ${block.path} block (line ${block.line}): ${issue.message}`,
          }
        : { path: `${block.path} (${issue.path})`, message: issue.message };
    });
    throw new ConfigError(
      `${WHERE}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      issues,
      { cause: error },
    );
  }
}

/** The go-ldap-admin key for a directory setting the file left out. */
const GO_LDAP_ADMIN_KEY: Record<string, string> = {
  connection: "url, base-dn and admin-dn",
  "connection.url": "url",
  "connection.baseDn": "base-dn",
  "connection.bindDn": "admin-dn",
  bindPassword: "admin-pass",
  initialPassword: "user-init-password",
};

/** The file's key behind a settings path, or behind its closest parent. */
function sourceOf(sources: Record<string, KeySource>, path: string): KeySource | undefined {
  for (let current = path; current !== ""; ) {
    const source = sources[current];
    if (source) return source;
    const dot = current.lastIndexOf(".");
    current = dot < 0 ? "" : current.slice(0, dot);
  }
  return undefined;
}

/** A plugin's issue (`appId`) in the file's terms (`feishu.app-id`, line 146). */
function inFileIssue(
  plan: ProviderImportPlan,
  issue: { path: string; message: string },
): { path: string; message: string } {
  const source = sourceOf(plan.sources, issue.path);
  return source
    ? { path: source.path, message: `line ${source.line}: ${issue.message}` }
    : { path: `${plan.source.path} (${issue.path})`, message: issue.message };
}

function providerName(plan: ProviderImportPlan): string {
  const names: Record<string, string> = {
    feishu: "Feishu",
    dingtalk: "DingTalk",
    wecom: "WeCom",
  };
  return `${names[plan.kind] ?? plan.kind} (${plan.flag}, from go-ldap-admin)`;
}

function withoutKeys(
  config: Record<string, unknown>,
  keys: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !keys.includes(key)));
}

/**
 * Errors a provider step reports in its entry instead of failing the import: the directory is
 * saved by then, and the other providers still deserve their turn.
 */
function isReportable(error: unknown): error is Error {
  return (
    error instanceof ConfigError ||
    error instanceof ProviderVerificationError ||
    error instanceof ConflictError
  );
}
