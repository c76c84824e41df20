/**
 * `@orgsync/provider-dingtalk`: orgsync's DingTalk provider (oapi contact endpoints and the v1.0
 * leave records over `fetch`) and its callback receiver. The sandbox is the `./sandbox` subpath.
 */
export { DingTalkApiError, type DingTalkClientStats } from "./client.ts";
export { DINGTALK_CODES, fixFor } from "./codes.ts";
export {
  type DingTalkConfig,
  type DingTalkConfigInput,
  dingtalkConfigSchema,
  parseDingTalkConfig,
} from "./config.ts";
export { type DingTalkEventReceiverOptions, dingtalkEventReceiver } from "./events.ts";
export { type DingTalkProvider, dingtalkProvider, dingtalkProviderPlugin } from "./plugin.ts";
