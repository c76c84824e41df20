import type { SourceSnapshot } from "@orgsync/core";
import { type WeComConfigInput, type WeComProvider, wecomProvider } from "../src/index.ts";
import {
  type RunningWeComSandbox,
  type SandboxOptions,
  startWeComSandbox,
} from "../src/sandbox/index.ts";

/** Fast retries: the behaviour under test is the same, the suite stays quick. */
export const FAST_RETRY = {
  maxAttempts: 10,
  baseDelayMs: 1,
  maxDelayMs: 20,
  rateLimitRetries: 40,
  rateLimitDelayMs: 2,
} as const;

export interface Harness {
  sandbox: RunningWeComSandbox;
  provider: WeComProvider;
  close(): Promise<void>;
}

/** A sandbox serving `org` and a provider pointed at it (its own token, fast retries). */
export async function startHarness(
  org: SourceSnapshot,
  options: { sandbox?: Omit<SandboxOptions, "org">; provider?: Partial<WeComConfigInput> } = {},
): Promise<Harness> {
  const sandbox = await startWeComSandbox({ ...options.sandbox, org });
  const provider = wecomProvider({
    corpId: sandbox.app.corpId,
    corpSecret: sandbox.app.corpSecret,
    baseUrl: sandbox.url,
    retry: FAST_RETRY,
    ...options.provider,
  });
  return { sandbox, provider, close: () => sandbox.close() };
}
