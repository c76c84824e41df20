/**
 * `@orgsync/provider-feishu`: orgsync's Feishu/Lark provider on the official
 * `@larksuiteoapi/node-sdk`, and its event receiver. The sandbox is the `./sandbox` subpath.
 */
export {
  FeishuApiError,
  FeishuClient,
  type FeishuClientOptions,
  type FeishuClientStats,
  type FeishuEndpoint,
} from "./client.ts";
export {
  type FeishuConfig,
  type FeishuConfigInput,
  feishuConfigSchema,
  parseFeishuConfig,
} from "./config.ts";
export {
  EventRejectedError,
  type FeishuEventReceiverOptions,
  feishuEventReceiver,
} from "./events.ts";
export { describeFields } from "./fields.ts";
export { statusOf } from "./map.ts";
export {
  type FeishuProvider,
  type FeishuProviderOptions,
  feishuProvider,
  feishuProviderPlugin,
} from "./plugin.ts";
