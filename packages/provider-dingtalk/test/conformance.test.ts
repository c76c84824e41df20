import { describeProviderConformance } from "@orgsync/core/testing";
import { startHarness } from "./helpers.ts";

// The suite every provider runs, over HTTP against the sandbox.
describeProviderConformance(
  "dingtalk",
  async (org) => {
    const harness = await startHarness(org);
    return { provider: harness.provider, cleanup: harness.close };
  },
  { rootDepartmentId: "1", departmentIds: "numeric", statuses: ["active", "notJoined"] },
);
