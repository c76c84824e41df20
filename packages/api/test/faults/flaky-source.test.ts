import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunStack, startRunStack } from "../harness/run-stack.ts";
import { smallOrg, useSyncEnvironment } from "../harness/sync-environment.ts";
import { allItems, runToEnd } from "../runs/helpers.ts";
import { directoryView, viewOfOrg } from "./directory-of-org.ts";

/**
 * A flaky IM: the Feishu sandbox answers 30% of API calls 429 (with `x-ogw-ratelimit-reset`),
 * 10% with a 5xx (some not even JSON), and refuses every token after 100 calls. Proves that a
 * whole service run (job runner, provider from its stored configuration, planner, executor,
 * slapd) rides it out with the retry settings an admin can save: the run succeeds, the
 * directory is exactly the org — every person once, every group with exactly its members,
 * nothing extra — and a dry run on the healed sandbox plans nothing, so the faulty read was
 * the same as a clean one.
 */

const org = smallOrg(800, 120, 21);

/**
 * Retries an admin would save for a flaky tenant, sized so that the faults below never exhaust
 * them (a call fails for good after 8 straight 5xx: 1e-8), with waits kept short for the test.
 */
const TOLERANT_RETRY = {
  maxAttempts: 8,
  baseDelayMs: 1,
  maxDelayMs: 20,
  rateLimitRetries: 30,
  // Caps the announced reset (1 s) so that the test does not sleep through every 429.
  maxRateLimitWaitMs: 20,
};

describe("a flaky source: 429s, 5xx and expiring tokens", () => {
  const env = useSyncEnvironment("pglite", {
    org,
    sandbox: {
      faults: { rate429: 0.3, resetSeconds: 1, rate5xx: 0.1, tokenTtlCalls: 100 },
    },
    providerConfig: { retry: TOLERANT_RETRY },
  });
  let stack: RunStack;
  beforeAll(async () => {
    stack = await startRunStack(env);
  });
  afterAll(() => stack?.stop());

  it("syncs the org exactly, through every fault", { timeout: 60_000 }, async () => {
    const run = await runToEnd(stack.service, env.provider.id);
    expect(run).toMatchObject({ status: "succeeded", error: null });
    const items = await allItems(stack.service, run.id);
    expect(items.length).toBeGreaterThan(org.users.length);
    expect(items.every((item) => item.outcome === "succeeded")).toBe(true);

    // The faults really happened, often enough to matter.
    const { stats } = env.sandbox;
    expect(stats.throttled, "429s answered").toBeGreaterThan(20);
    expect(stats.serverErrors, "5xx answered").toBeGreaterThan(5);
    expect(stats.tokensIssued, "tokens expired and were replaced").toBeGreaterThan(1);

    expect(await directoryView(env.slapd)).toEqual(viewOfOrg(org));
  });

  it("reads the same on the healed sandbox: a dry run plans nothing", async () => {
    env.sandbox.setFaults({});
    const dry = await stack.service.plan({ providerId: env.provider.id, scope: "ALL" });
    expect(dry).toMatchObject({ status: "succeeded", progressTotal: 0, counts: {} });
  });
});
