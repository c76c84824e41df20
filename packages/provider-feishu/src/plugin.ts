import type { HttpInstance } from "@larksuiteoapi/node-sdk";
import {
  type FieldRelations,
  goLdapAdminDefaultRelations,
  type Provider,
  type ProviderPlugin,
} from "@orgsync/core";
import { FeishuClient } from "./client.ts";
import {
  type FeishuConfig,
  type FeishuConfigInput,
  feishuConfigSchema,
  parseFeishuConfig,
} from "./config.ts";
import { feishuEventReceiver } from "./events.ts";
import { describeFields } from "./fields.ts";
import { ROOT_DEPARTMENT_ID } from "./map.ts";
import { readDepartments, readUsers } from "./read.ts";
import { targetedReads } from "./targeted.ts";
import { testConnection } from "./test-connection.ts";

export interface FeishuProviderOptions extends FeishuConfigInput {
  /**
   * The SDK's HTTP layer (a proxy, extra logging). It must resolve to the parsed body, as
   * `lark.defaultHttpInstance` does. Rate limiting, timeouts and retries are added on top.
   * @default lark.defaultHttpInstance
   * @example axios.create({ proxy: … }) with `interceptors.response.use((r) => r.data)`
   */
  httpInstance?: HttpInstance;
}

/** A Feishu provider as made by `feishuProvider`: a `Provider` plus what its client did. */
export interface FeishuProvider extends Provider {
  readonly targeted: NonNullable<Provider["targeted"]>;
  /** The validated configuration, defaults applied. */
  readonly config: FeishuConfig;
  /** Calls made, 429s and errors retried, token refreshes: for benchmarks and logs. */
  readonly stats: FeishuClient["stats"];
}

/**
 * A provider reading one Feishu/Lark tenant through one self-built app. Validates its
 * configuration (throwing a `ConfigError` naming each bad field) and does no I/O until read.
 */
export function feishuProvider(options: FeishuProviderOptions | FeishuConfig): FeishuProvider {
  const { httpInstance, ...rest } = options as FeishuProviderOptions;
  const config = parseFeishuConfig(rest);
  const client = new FeishuClient({ config, ...(httpInstance ? { httpInstance } : {}) });
  const events =
    config.encryptKey !== undefined || config.verificationToken !== undefined
      ? feishuEventReceiver({
          flag: config.flag,
          userIdType: config.userIdType,
          ...(config.encryptKey !== undefined ? { encryptKey: config.encryptKey } : {}),
          ...(config.verificationToken !== undefined
            ? { verificationToken: config.verificationToken }
            : {}),
        })
      : undefined;
  return {
    kind: "feishu",
    flag: config.flag,
    rootDepartmentId: ROOT_DEPARTMENT_ID,
    config,
    stats: client.stats,
    fetchDepartments: (fetchOptions) => readDepartments(client, fetchOptions?.signal),
    fetchUsers: (fetchOptions) => readUsers(client, fetchOptions?.signal),
    testConnection: (testOptions) => testConnection(client, testOptions),
    targeted: targetedReads(client),
    ...(events ? { events } : {}),
  };
}

/** The Feishu/Lark plugin: what the registry installs under kind `feishu`. */
export const feishuProviderPlugin: ProviderPlugin<FeishuConfig> = {
  kind: "feishu",
  displayName: "Feishu / Lark",
  rootDepartmentId: ROOT_DEPARTMENT_ID,
  configSchema: feishuConfigSchema,
  secretFields: ["appSecret", "encryptKey", "verificationToken"],
  // A copy: the core's defaults are frozen and shared by every plugin.
  defaultFieldRelations: structuredClone(goLdapAdminDefaultRelations.feishu) as FieldRelations,
  describeFields,
  create: (config) => feishuProvider(config),
};
