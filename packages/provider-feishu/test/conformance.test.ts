import { describeProviderConformance } from "@orgsync/core/testing";
import { startHarness } from "./helpers.ts";

// The suite every provider runs, here through the real SDK against the sandbox's HTTP server.
describeProviderConformance("feishu", async (org) => {
  const harness = await startHarness(org);
  return { provider: harness.provider, cleanup: harness.close };
});
