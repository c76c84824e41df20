import {
  type FieldRelations,
  goLdapAdminDefaultRelations,
  type Provider,
  type ProviderPlugin,
  readScopedDepartments,
  readScopedUsers,
} from "@orgsync/core";
import { WeComClient, type WeComClientStats } from "./client.ts";
import {
  parseWeComConfig,
  type WeComConfig,
  type WeComConfigInput,
  wecomConfigSchema,
} from "./config.ts";
import { wecomEventReceiver } from "./events.ts";
import { describeFields } from "./fields.ts";
import { ROOT_DEPARTMENT_ID } from "./map.ts";
import { orgListings, targetedReads } from "./read.ts";
import { testConnection } from "./test-connection.ts";

/** A WeCom provider as made by `wecomProvider`: a `Provider` plus what its client did. */
export interface WeComProvider extends Provider {
  readonly targeted: NonNullable<Provider["targeted"]>;
  /** The validated configuration, defaults applied. */
  readonly config: WeComConfig;
  /** Calls, retries, token refreshes and rate-limit answers: for benchmarks and logs. */
  readonly stats: WeComClientStats;
}

/**
 * A provider reading one WeCom corp with its contact-sync secret. Validates its configuration
 * (a `ConfigError` naming each bad field) and does no I/O until read.
 */
export function wecomProvider(options: WeComConfigInput | WeComConfig): WeComProvider {
  const config = parseWeComConfig(options);
  const client = new WeComClient(config);
  const { flag, corpId, callbackToken: token, callbackAesKey: encodingAesKey } = config;
  return {
    kind: "wecom",
    flag,
    rootDepartmentId: ROOT_DEPARTMENT_ID,
    config,
    stats: client.stats,
    fetchDepartments: ({ signal } = {}) => readScopedDepartments(orgListings(client, true), signal),
    fetchUsers: ({ signal } = {}) => readScopedUsers(orgListings(client, false), signal),
    testConnection: (testOptions) => testConnection(client, testOptions),
    targeted: targetedReads(client),
    ...(token !== undefined && encodingAesKey !== undefined
      ? { events: wecomEventReceiver({ flag, corpId, token, encodingAesKey }) }
      : {}),
  };
}

/** The WeCom plugin: what the registry installs under kind `wecom`. */
export const wecomProviderPlugin: ProviderPlugin<WeComConfig> = {
  kind: "wecom",
  displayName: "WeCom (企业微信)",
  rootDepartmentId: ROOT_DEPARTMENT_ID,
  configSchema: wecomConfigSchema,
  secretFields: ["corpSecret", "callbackToken", "callbackAesKey"],
  // A copy: the core's defaults are frozen and shared by every plugin.
  defaultFieldRelations: structuredClone(goLdapAdminDefaultRelations.wecom) as FieldRelations,
  describeFields,
  create: (config) => wecomProvider(config),
};
