import { defineConfig } from "vitest/config";

// One root config, one project per package (each package's vitest.config.ts) plus the admin app's
// component and browser projects: `pnpm test` runs them all.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/admin/vitest.config.ts", "apps/admin/vitest.e2e.config.ts"],
  },
});
