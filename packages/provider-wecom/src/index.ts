/**
 * `@orgsync/provider-wecom`: orgsync's WeCom (企业微信) provider over plain `fetch`, and its
 * change_contact receiver. The sandbox is the `./sandbox` subpath.
 */
export { WeComApiError, type WeComClientStats } from "./client.ts";
export { fixFor, WECOM_CODES } from "./codes.ts";
export {
  parseWeComConfig,
  type WeComConfig,
  type WeComConfigInput,
  wecomConfigSchema,
} from "./config.ts";
export { type WeComEventReceiverOptions, wecomEventReceiver } from "./events.ts";
export { describeFields } from "./fields.ts";
export { type WeComProvider, wecomProvider, wecomProviderPlugin } from "./plugin.ts";
