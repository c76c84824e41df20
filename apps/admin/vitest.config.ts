import react from "@vitejs/plugin-react";
import { defineProject } from "vitest/config";

/** Component tests: React in jsdom against an in-test GraphQL responder (no service). */
export default defineProject({
  plugins: [react()],
  // Workspace packages (the provider plugins whose form schemas are tested) resolve to their
  // TypeScript source, as in every other project, never to a stale or missing `dist/`.
  resolve: { conditions: ["@orgsync/source", "module", "browser", "development|production"] },
  test: {
    name: "admin",
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["./src/test/setup.ts"],
  },
});
