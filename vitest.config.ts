import { defineConfig } from "vitest/config";

// One root config, one project per package: `pnpm test` runs them all.
export default defineConfig({
  resolve: {
    // Internal packages resolve to their TypeScript source under this condition (see tsconfig.base.json).
    conditions: ["@orgsync/source"],
  },
  test: {
    projects: ["packages/*"],
  },
});
