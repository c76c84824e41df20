import { defineConfig } from "vitest/config";

// One root config, one project per package (each package's vitest.config.ts) plus the fault suite
// and the admin app's component and browser projects: `pnpm test` runs them all.
export default defineConfig({
  test: {
    projects: [
      "packages/*",
      "packages/api/vitest.faults.config.ts",
      "apps/admin/vitest.config.ts",
      "apps/admin/vitest.e2e.config.ts",
    ],
  },
});
