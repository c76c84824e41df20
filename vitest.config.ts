import { defineConfig } from "vitest/config";

// One root config, one project per package (each package's vitest.config.ts): `pnpm test` runs them all.
export default defineConfig({
  test: {
    projects: ["packages/*"],
  },
});
