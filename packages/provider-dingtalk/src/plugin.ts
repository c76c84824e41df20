import {
  type FieldRelations,
  goLdapAdminDefaultRelations,
  type Provider,
  type ProviderPlugin,
  readScopedDepartments,
} from "@orgsync/core";
import { DingTalkClient, type DingTalkClientStats } from "./client.ts";
import {
  type DingTalkConfig,
  type DingTalkConfigInput,
  dingtalkConfigSchema,
  parseDingTalkConfig,
} from "./config.ts";
import { dingtalkEventReceiver } from "./events.ts";
import { describeFields } from "./fields.ts";
import { ROOT_DEPARTMENT_ID } from "./map.ts";
import { dingtalkListings, readUsers, targetedReads } from "./read.ts";
import { testConnection } from "./test-connection.ts";

/** A DingTalk provider as made by `dingtalkProvider`: a `Provider` plus what its client did. */
export interface DingTalkProvider extends Provider {
  readonly targeted: NonNullable<Provider["targeted"]>;
  readonly config: DingTalkConfig;
  readonly stats: DingTalkClientStats;
}

/**
 * A provider reading one DingTalk organisation through one internal app. Validates its
 * configuration (a `ConfigError` naming each bad field) and does no I/O until read. The event
 * receiver exists when both `callbackToken` and `callbackAesKey` are set.
 */
export function dingtalkProvider(options: DingTalkConfigInput | DingTalkConfig): DingTalkProvider {
  const config = parseDingTalkConfig(options);
  const client = new DingTalkClient(config);
  const { flag, callbackToken: token, callbackAesKey: aesKey } = config;
  const receiverId = config.callbackReceiverId ?? config.appKey;
  const events =
    token && aesKey ? dingtalkEventReceiver({ flag, token, aesKey, receiverId }) : undefined;
  return {
    kind: "dingtalk",
    flag,
    rootDepartmentId: ROOT_DEPARTMENT_ID,
    config,
    stats: client.stats,
    fetchDepartments: (fetchOptions) =>
      readScopedDepartments(dingtalkListings(client), fetchOptions?.signal),
    fetchUsers: (fetchOptions) => readUsers(client, fetchOptions?.signal),
    testConnection: (testOptions) => testConnection(client, testOptions),
    targeted: targetedReads(client),
    ...(events ? { events } : {}),
  };
}

/** The DingTalk plugin: what the registry installs under kind `dingtalk`. */
export const dingtalkProviderPlugin: ProviderPlugin<DingTalkConfig> = {
  kind: "dingtalk",
  displayName: "DingTalk",
  rootDepartmentId: ROOT_DEPARTMENT_ID,
  configSchema: dingtalkConfigSchema,
  secretFields: ["appSecret", "callbackToken", "callbackAesKey"],
  // A copy: the core's defaults are frozen and shared by every plugin.
  defaultFieldRelations: structuredClone(goLdapAdminDefaultRelations.dingtalk) as FieldRelations,
  describeFields,
  create: (config) => dingtalkProvider(config),
};
