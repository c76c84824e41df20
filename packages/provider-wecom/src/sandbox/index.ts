/**
 * `@orgsync/provider-wecom/sandbox`: a wire-compatible fake of WeCom's qyapi contact endpoints
 * (and its change_contact callbacks), for tests, the demo and benchmarks.
 */
export { DEFAULT_APP, type RunningWeComSandbox, startWeComSandbox } from "./start-sandbox.ts";
export type {
  PushResult,
  SandboxApp,
  SandboxFaults,
  SandboxOptions,
  SandboxStats,
  WeComRoute,
  WeComSandbox,
} from "./types.ts";
