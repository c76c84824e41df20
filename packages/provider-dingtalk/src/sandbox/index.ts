/**
 * `@orgsync/provider-dingtalk/sandbox`: a wire-compatible fake of DingTalk's oapi contact
 * endpoints and v1.0 leave records, with faults, changes and signed+encrypted callbacks.
 */
export { DEFAULT_APP, type RunningDingTalkSandbox, startDingTalkSandbox } from "./start-sandbox.ts";
export type {
  PushResult,
  SandboxApp,
  SandboxEvents,
  SandboxFaults,
  SandboxOptions,
  SandboxRoute,
  SandboxStats,
} from "./types.ts";
