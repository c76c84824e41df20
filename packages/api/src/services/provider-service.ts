import { isDeepStrictEqual } from "node:util";
import {
  ConfigError,
  type ConnectionReport,
  connectionReport,
  type FieldDescriptors,
  type FieldRelations,
  PROVIDER_FLAG_PATTERN,
  type ProviderPlugin,
  type ProviderRegistry,
} from "@orgsync/core";
import { z } from "zod";
import type { ProviderSyncOptions } from "../db/schema.ts";
import { ProviderFlagTakenError } from "../errors.ts";
import type { Repositories } from "../repositories/index.ts";
import type { ListProvidersFilter, ProviderRecord } from "../repositories/providers.ts";
import { openProvider } from "../sync/sync-setup.ts";
import { type Actor, audit } from "./actor.ts";
import { CREDENTIALS_CHECK, ProviderVerificationError } from "./errors.ts";

/** A JSON Schema document (draft 2020-12), as `z.toJSONSchema` makes it. */
export type JsonSchema = Record<string, unknown>;

/** An installed provider plugin, described for the admin app's "add a provider" form. */
export interface ProviderKind {
  /** @example "feishu" */
  kind: string;
  /** @example "Feishu / Lark" */
  displayName: string;
  /** @example "0" */
  rootDepartmentId: string;
  /**
   * The configuration form: the plugin's config schema as the admin types it (`io: "input"`, so
   * fields with defaults are optional and carry their `default`), without `flag` (asked for
   * apart: it is `CreateProviderRequest.flag`). Secret fields are marked `"writeOnly": true`:
   * the form shows them empty and never gets them back.
   */
  configSchema: JsonSchema;
  /** @example ["appSecret", "encryptKey", "verificationToken"] */
  secretFields: readonly string[];
  /** Source fields the relation editor offers. */
  fields: FieldDescriptors;
  /** The relations a new provider starts with (go-ldap-admin's seed for this IM). */
  defaultFieldRelations: FieldRelations;
}

export interface CreateProviderRequest {
  /** An installed plugin's kind. @example "feishu" */
  kind: string;
  /** @example "Feishu (HQ)" */
  name: string;
  /**
   * The first half of every anchor this provider produces; unique, and immutable once created.
   * @example "feishu", "lark_cn"
   */
  flag: string;
  /**
   * The plugin's settings, secrets included, without `flag`. Stored as given (defaults are applied
   * on every use, so a better default in a later version reaches stored providers); secret fields
   * are stored encrypted. A secret field that is `null` counts as not given.
   * @example { appId: "cli_a1b2c3d4e5f60123", appSecret: "…" }
   */
  config: Record<string, unknown>;
  /** @default true */
  enabled?: boolean;
  /**
   * How runs of this provider plan.
   * @default {} (updateExisting: true)
   * @example { updateExisting: false } (go-ldap-admin's `is-update-syncd: false`)
   */
  syncOptions?: ProviderSyncOptions;
}

export interface UpdateProviderRequest {
  name?: string;
  enabled?: boolean;
  /**
   * Replaces the stored sync options as a whole.
   * @example { updateExisting: true }
   */
  syncOptions?: ProviderSyncOptions;
  /**
   * New settings, replacing the old ones. A secret field left out keeps its stored value (clients
   * never see secrets, so they cannot send them back); `null` clears it; a value replaces it. The
   * flag cannot change and is not part of it.
   * @example { appId: "cli_a1b2c3d4e5f60123", encryptKey: null }
   */
  config?: Record<string, unknown>;
}

export interface VerifyOptions {
  /**
   * Make the provider and run its `testConnection()` before saving a new or changed config;
   * refused credentials throw `ProviderVerificationError` and nothing is saved. Off lets an
   * admin save a provider whose IM is unreachable from here right now.
   * @default true
   */
  verify?: boolean;
  /** Aborts the verification's requests. */
  signal?: AbortSignal;
  /**
   * Store a config the plugin refuses (e.g. go-ldap-admin's sample `app-id: "xxxxxxx"`, imported
   * as given) instead of throwing; its problems come back as `configIssues`, it is never
   * verified, and runs and connection tests fail with the plugin's message until it is fixed.
   * Shape errors of the request itself (name, flag, a non-object config) still throw.
   * @default false
   */
  allowInvalidConfig?: boolean;
}

/** What `create` and `update` return. */
export interface ProviderChange {
  provider: ProviderRecord;
  /**
   * The connection report of the verification: the credentials passed, but other checks
   * (permissions, contact scope) may still say what to fix. `null` when nothing was verified
   * (`verify: false`, or the config did not change).
   */
  connection: ConnectionReport | null;
  /**
   * What the plugin refuses in the stored config; only with `allowInvalidConfig`, and empty
   * when it accepts it.
   */
  configIssues?: readonly Issue[];
}

export interface ProviderServiceDependencies {
  repositories: Pick<Repositories, "providers" | "audit">;
  registry: ProviderRegistry;
}

export interface ProviderService {
  /** Every installed plugin, described for forms. */
  kinds(): ProviderKind[];
  /** Providers, oldest first. Records never carry secrets. */
  list(filter?: ListProvidersFilter): Promise<ProviderRecord[]>;
  /** One provider without its secrets, or `undefined`. */
  get(id: string): Promise<ProviderRecord | undefined>;
  /**
   * Validates, verifies (unless `verify: false`) and stores a provider. Throws `ConfigError`
   * (unknown kind, invalid config: `issues` name the fields), `ProviderVerificationError`
   * (credentials refused) or `ProviderFlagTakenError`; on any of them nothing is stored.
   */
  create(
    input: CreateProviderRequest,
    actor: Actor,
    options?: VerifyOptions,
  ): Promise<ProviderChange>;
  /**
   * Renames, enables/disables, or replaces the config (secrets merged as `config` documents).
   * The merged config is validated, and verified when it changed. Throws `NotFoundError`,
   * `ConfigError`, `ProviderVerificationError`; nothing is saved on error.
   */
  update(
    id: string,
    input: UpdateProviderRequest,
    actor: Actor,
    options?: VerifyOptions,
  ): Promise<ProviderChange>;
  /**
   * Deletes the provider with its field relations and run history. Throws `NotFoundError`, or
   * `RunAlreadyActiveError` while a run is active.
   */
  delete(id: string, actor: Actor): Promise<void>;
  /**
   * The provider's connection report, one line per check. Failed checks do not throw; a stored
   * config the plugin no longer accepts is reported as a failed `config` check. Throws
   * `NotFoundError` for an unknown id.
   */
  testConnection(id: string, options?: { signal?: AbortSignal }): Promise<ConnectionReport>;
}

/** Provider administration: validation, verification, secrets kept write-only, audit. */
export function createProviderService({
  repositories,
  registry,
}: ProviderServiceDependencies): ProviderService {
  const schemas = new Map<string, JsonSchema>();

  function describe(plugin: ProviderPlugin<unknown>): ProviderKind {
    let configSchema = schemas.get(plugin.kind);
    if (configSchema === undefined) {
      configSchema = formSchema(plugin);
      schemas.set(plugin.kind, configSchema);
    }
    return {
      kind: plugin.kind,
      displayName: plugin.displayName,
      rootDepartmentId: plugin.rootDepartmentId,
      // Copies: callers (GraphQL, forms) must not be able to edit the plugin's own objects.
      configSchema: structuredClone(configSchema),
      secretFields: [...plugin.secretFields],
      fields: plugin.describeFields(),
      defaultFieldRelations: structuredClone(plugin.defaultFieldRelations),
    };
  }

  return {
    kinds: () => registry.list().map(describe),

    list: (filter) => repositories.providers.list(filter),

    get: (id) => repositories.providers.get(id),

    async create(input, actor, { verify = true, signal, allowInvalidConfig = false } = {}) {
      const plugin = registry.get(input.kind);
      const issues: Issue[] = [];
      const name = checkName(input.name, issues);
      if (typeof input.flag !== "string" || !PROVIDER_FLAG_PATTERN.test(input.flag)) {
        issues.push({
          path: "flag",
          message:
            'use 1–32 lower-case letters, digits, "_" and "-", starting with a letter (e.g. "feishu", "lark_cn"); it prefixes every anchor and never changes',
        });
      }
      const given = checkConfig(input.config, input.flag, "create", issues);
      const syncOptions = checkSyncOptions(input.syncOptions, issues);
      throwIfAny(issues, `providers: cannot create the ${input.kind} provider`);
      // On create there is nothing stored to keep or clear: a null secret is just not given.
      const config = withoutNullSecrets(given, plugin.secretFields);
      // Before the (slow) verification; the insert still catches a flag taken in between.
      if (await repositories.providers.getByFlag(input.flag)) {
        throw new ProviderFlagTakenError(input.flag);
      }

      const { parsed, configIssues } = parseConfig(
        registry,
        plugin.kind,
        { ...config, flag: input.flag },
        allowInvalidConfig,
      );
      const connection =
        verify && configIssues.length === 0
          ? await verifyCredentials(plugin, parsed, input.flag, signal)
          : null;
      const provider = await repositories.providers.create({
        kind: plugin.kind,
        flag: input.flag,
        name,
        config,
        secretFields: plugin.secretFields,
        ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
        ...(syncOptions === undefined ? {} : { syncOptions }),
      });
      await audit(
        repositories,
        actor,
        "provider.create",
        { type: "provider", id: provider.id },
        {
          kind: provider.kind,
          flag: provider.flag,
          name: provider.name,
          enabled: provider.enabled,
          syncOptions: provider.syncOptions,
          config: provider.config,
          writeOnlyFields: { set: secretNames(config, plugin.secretFields, "set") },
          verified: connection !== null,
          ...(configIssues.length > 0 ? { invalidConfig: configIssues.map((i) => i.path) } : {}),
        },
      );
      return { provider, connection, ...(allowInvalidConfig ? { configIssues } : {}) };
    },

    async update(id, input, actor, { verify = true, signal, allowInvalidConfig = false } = {}) {
      const current = await repositories.providers.getWithSecrets(id);
      const plugin = registry.get(current.kind);
      const issues: Issue[] = [];
      const name = input.name === undefined ? undefined : checkName(input.name, issues);
      const given =
        input.config === undefined
          ? undefined
          : checkConfig(input.config, current.flag, "update", issues);
      const syncOptions = checkSyncOptions(input.syncOptions, issues);
      throwIfAny(issues, `providers: cannot update ${current.kind} (${current.flag})`);

      let connection: ConnectionReport | null = null;
      let configIssues: Issue[] = [];
      if (given !== undefined) {
        // What will be stored once the repository merged the secrets, validated before saving.
        const merged = mergeSecrets(current.config, given, plugin.secretFields);
        let parsed: unknown;
        ({ parsed, configIssues } = parseConfig(
          registry,
          plugin.kind,
          { ...merged, flag: current.flag },
          allowInvalidConfig,
        ));
        if (verify && configIssues.length === 0 && !isDeepStrictEqual(merged, current.config)) {
          connection = await verifyCredentials(plugin, parsed, current.flag, signal);
        }
      }
      const fields = {
        ...(name === undefined ? {} : { name }),
        ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
        ...(syncOptions === undefined ? {} : { syncOptions }),
      };
      const provider = await repositories.providers.update(
        id,
        given === undefined
          ? fields
          : { ...fields, config: given, secretFields: plugin.secretFields },
      );
      await audit(
        repositories,
        actor,
        "provider.update",
        { type: "provider", id },
        {
          flag: current.flag,
          ...(name === undefined ? {} : { name }),
          ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
          ...(syncOptions === undefined ? {} : { syncOptions }),
          ...(configIssues.length > 0 ? { invalidConfig: configIssues.map((i) => i.path) } : {}),
          ...(given === undefined
            ? {}
            : {
                config: provider.config,
                writeOnlyFields: {
                  set: secretNames(given, plugin.secretFields, "set"),
                  cleared: secretNames(given, plugin.secretFields, "cleared"),
                },
                verified: connection !== null,
              }),
        },
      );
      return { provider, connection, ...(allowInvalidConfig ? { configIssues } : {}) };
    },

    async delete(id, actor) {
      const current = await repositories.providers.get(id);
      await repositories.providers.delete(id);
      await audit(
        repositories,
        actor,
        "provider.delete",
        { type: "provider", id },
        current ? { kind: current.kind, flag: current.flag, name: current.name } : {},
      );
    },

    async testConnection(id, options = {}) {
      const record = await repositories.providers.getWithSecrets(id);
      let provider: ReturnType<typeof openProvider>["provider"];
      try {
        ({ provider } = openProvider(registry, record));
      } catch (error) {
        // A plugin upgrade may refuse what an older one accepted (or the plugin is gone): that
        // is a failed check to show next to the others, not an error page.
        if (!(error instanceof ConfigError)) throw error;
        return connectionReport([
          {
            id: "config",
            label: "Configuration",
            status: "failed",
            detail: error.message,
            fix: "edit the provider's configuration and save it again",
          },
        ]);
      }
      return provider.testConnection(options.signal ? { signal: options.signal } : {});
    },
  };
}

interface Issue {
  path: string;
  message: string;
}

function throwIfAny(issues: Issue[], what: string): void {
  if (issues.length === 0) return;
  throw new ConfigError(
    `${what} — ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`,
    issues,
  );
}

/**
 * The plugin's parse of a config; with `allowInvalidConfig` a refusal becomes issues to return
 * instead of an error (the config is then stored as given, unparsed).
 */
function parseConfig(
  registry: ProviderRegistry,
  kind: string,
  config: Record<string, unknown>,
  allowInvalidConfig: boolean,
): { parsed: unknown; configIssues: Issue[] } {
  try {
    return { parsed: registry.parseConfig(kind, config), configIssues: [] };
  } catch (error) {
    if (!allowInvalidConfig || !(error instanceof ConfigError)) throw error;
    const configIssues =
      error.issues.length > 0 ? [...error.issues] : [{ path: "config", message: error.message }];
    return { parsed: undefined, configIssues };
  }
}

/** Sync options are a closed set: an unknown key is a typo, not a setting to keep. */
function checkSyncOptions(options: unknown, issues: Issue[]): ProviderSyncOptions | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    issues.push({
      path: "syncOptions",
      message: "must be an object such as { updateExisting: true }",
    });
    return undefined;
  }
  const result: ProviderSyncOptions = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === "updateExisting") {
      if (typeof value === "boolean") result.updateExisting = value;
      else if (value !== undefined && value !== null) {
        issues.push({ path: "syncOptions.updateExisting", message: "must be true or false" });
      }
    } else {
      issues.push({
        path: `syncOptions.${key}`,
        message: "is not a sync option; the only one is updateExisting",
      });
    }
  }
  return result;
}

function checkName(name: unknown, issues: Issue[]): string {
  const trimmed = typeof name === "string" ? name.trim() : "";
  if (trimmed === "") {
    issues.push({ path: "name", message: 'is required, e.g. "Feishu (HQ)"' });
  }
  return trimmed;
}

/** The config as given, minus a `flag` that only repeats the provider's own. */
function checkConfig(
  config: unknown,
  flag: unknown,
  action: "create" | "update",
  issues: Issue[],
): Record<string, unknown> {
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    issues.push({ path: "config", message: "must be an object of the plugin's settings" });
    return {};
  }
  const { flag: inConfig, ...rest } = config as Record<string, unknown>;
  if (inConfig !== undefined && inConfig !== flag) {
    issues.push({
      path: "config.flag",
      message:
        action === "create"
          ? "the flag is given beside the config, not in it"
          : "the flag cannot change: it prefixes every anchor the provider made",
    });
  }
  return rest;
}

function withoutNullSecrets(
  config: Record<string, unknown>,
  secretFields: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).filter(
      ([key, value]) => !(secretFields.includes(key) && (value === null || value === undefined)),
    ),
  );
}

/**
 * The config the repository will store, secrets included: `given` with each secret it leaves
 * out taken from `stored`, and each `null` secret removed.
 */
function mergeSecrets(
  stored: Record<string, unknown>,
  given: Record<string, unknown>,
  secretFields: readonly string[],
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const key of secretFields) {
    if (!(key in given) || given[key] === undefined) {
      if (stored[key] !== undefined) merged[key] = stored[key];
    }
  }
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined || (value === null && secretFields.includes(key))) continue;
    merged[key] = value;
  }
  return merged;
}

/** The names (never the values) of the secret fields a config sets or clears. */
function secretNames(
  config: Record<string, unknown>,
  secretFields: readonly string[],
  which: "set" | "cleared",
): string[] {
  return secretFields.filter((key) =>
    which === "cleared" ? config[key] === null : config[key] !== null && config[key] !== undefined,
  );
}

/**
 * Runs the provider's connection test; refused credentials throw. Other failed checks are
 * returned, not thrown: a missing permission can be granted after saving, wrong credentials
 * only make every run fail.
 */
async function verifyCredentials(
  plugin: ProviderPlugin<unknown>,
  parsed: unknown,
  flag: string,
  signal: AbortSignal | undefined,
): Promise<ConnectionReport> {
  const provider = plugin.create(parsed);
  const report = await provider.testConnection(signal ? { signal } : {});
  const credentials = report.checks.find((check) => check.id === CREDENTIALS_CHECK);
  if (credentials?.status === "failed" || credentials?.status === "missing") {
    throw new ProviderVerificationError(plugin.kind, flag, report);
  }
  return report;
}

/** The plugin's config schema as a form: input side, secret fields write-only. */
function formSchema(plugin: ProviderPlugin<unknown>): JsonSchema {
  // `unrepresentable: "any"`: a plugin using a type JSON Schema cannot express (a custom check)
  // still gets a form, with that field unconstrained; the server validates it anyway.
  const schema = z.toJSONSchema(plugin.configSchema, {
    io: "input",
    unrepresentable: "any",
  }) as JsonSchema;
  const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
  // The flag is its own input (and column), not part of the config: the form asks for it apart.
  delete properties?.flag;
  if (Array.isArray(schema.required)) {
    schema.required = schema.required.filter((name) => name !== "flag");
  }
  for (const field of plugin.secretFields) {
    const property = properties?.[field];
    if (property !== undefined) property.writeOnly = true;
  }
  return schema;
}
