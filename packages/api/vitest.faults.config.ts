import { defineProject } from "vitest/config";
import apiProject from "./vitest.config.ts";

/**
 * The fault suite (issue #8): the whole service under crashes, outages, a hostile source, hostile
 * data and attacks — `pnpm exec vitest run --project faults`. The api project's resolution, its
 * own project so that it runs, and reports, on its own.
 */
export default defineProject({
  ...apiProject,
  test: {
    ...apiProject.test,
    name: "faults",
    include: ["test/faults/**/*.test.ts"],
    exclude: ["**/node_modules/**"],
  },
});
