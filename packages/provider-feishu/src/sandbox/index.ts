/**
 * `@orgsync/provider-feishu/sandbox`: a wire-compatible fake of the Feishu Open API contact
 * endpoints, for tests, the demo and benchmarks. The real `@larksuiteoapi/node-sdk` talks to it
 * unmodified (`domain: sandbox.url`).
 */
export { decryptEvent, encryptEvent, signEvent } from "./event-crypto.ts";
export type { ContactEventType, PushResult } from "./events.ts";
export { parseOrg } from "./org-schema.ts";
export { contactReadLowerBound } from "./read-lower-bound.ts";
export { DEFAULT_APP, type RunningFeishuSandbox, startFeishuSandbox } from "./start-sandbox.ts";
export {
  ALL_SCOPES,
  type FeishuSandbox,
  type FeishuScope,
  type SandboxApp,
  type SandboxFaults,
  type SandboxOptions,
  type SandboxStats,
} from "./types.ts";
