import { describeProviderConformance } from "@orgsync/core/testing";
import { startHarness } from "./helpers.ts";

// The suite every provider runs, here over HTTP against the sandbox. WeCom expresses all four
// statuses, so the kit's full org is served.
describeProviderConformance(
  "wecom",
  async (org) => {
    const harness = await startHarness(org);
    return { provider: harness.provider, cleanup: harness.close };
  },
  { rootDepartmentId: "1", departmentIds: "numeric" },
);
