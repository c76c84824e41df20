import type { SourceSnapshot } from "@orgsync/core";
import { type GenerateOrgOptions, generateOrg, numericDepartmentIds } from "@orgsync/core/testing";
import { type DingTalkConfigInput, type DingTalkProvider, dingtalkProvider } from "../src/index.ts";
import {
  type RunningDingTalkSandbox,
  type SandboxOptions,
  startDingTalkSandbox,
} from "../src/sandbox/index.ts";

/** Fast retries: the behaviour under test is the same, the suite stays quick. */
export const FAST_RETRY = {
  maxAttempts: 10,
  baseDelayMs: 1,
  maxDelayMs: 20,
  rateLimitRetries: 40,
  rateLimitDelayMs: 1,
  maxRateLimitWaitMs: 20,
} as const;

export interface Harness {
  sandbox: RunningDingTalkSandbox;
  provider: DingTalkProvider;
  close(): Promise<void>;
}

/** A generated org as DingTalk spells it: root "1", numeric department ids. */
export function dingtalkOrg(options: Omit<GenerateOrgOptions, "rootId">): SourceSnapshot {
  return numericDepartmentIds(generateOrg({ ...options, rootId: "1" }));
}

export async function startHarness(
  org: SourceSnapshot,
  options: { sandbox?: Omit<SandboxOptions, "org">; provider?: Partial<DingTalkConfigInput> } = {},
): Promise<Harness> {
  const sandbox = await startDingTalkSandbox({ ...options.sandbox, org });
  const provider = dingtalkProvider({
    appKey: sandbox.app.appKey,
    appSecret: sandbox.app.appSecret,
    baseUrl: sandbox.url,
    apiBaseUrl: sandbox.url,
    retry: FAST_RETRY,
    // The sandbox has no QPS limit of its own unless asked; a real app keeps the default 20.
    requestsPerSecond: 1000,
    ...options.provider,
  });
  return { sandbox, provider, close: () => sandbox.close() };
}
