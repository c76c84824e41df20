import type { SourceSnapshot } from "@orgsync/core";
import { type FeishuProvider, type FeishuProviderOptions, feishuProvider } from "../src/index.ts";
import {
  type RunningFeishuSandbox,
  type SandboxOptions,
  startFeishuSandbox,
} from "../src/sandbox/index.ts";

/** Fast retries: the behaviour under test is the same, the suite stays quick. */
export const FAST_RETRY = {
  maxAttempts: 10,
  baseDelayMs: 1,
  maxDelayMs: 20,
  rateLimitRetries: 40,
  maxRateLimitWaitMs: 50,
} as const;

export interface Harness {
  sandbox: RunningFeishuSandbox;
  provider: FeishuProvider;
  close(): Promise<void>;
}

/** A sandbox serving `org` and a provider pointed at it (its own token cache, fast retries). */
export async function startHarness(
  org: SourceSnapshot,
  options: {
    sandbox?: Omit<SandboxOptions, "org">;
    provider?: Partial<FeishuProviderOptions>;
  } = {},
): Promise<Harness> {
  const sandbox = await startFeishuSandbox({ ...options.sandbox, org });
  const provider = feishuProvider({
    appId: sandbox.app.appId,
    appSecret: sandbox.app.appSecret,
    domain: sandbox.url,
    retry: FAST_RETRY,
    ...options.provider,
  });
  return { sandbox, provider, close: () => sandbox.close() };
}
