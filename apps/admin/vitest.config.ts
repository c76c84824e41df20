import react from "@vitejs/plugin-react";
import { defineProject } from "vitest/config";

/** Component tests: React in jsdom against an in-test GraphQL responder (no service). */
export default defineProject({
  plugins: [react()],
  test: {
    name: "admin",
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["./src/test/setup.ts"],
  },
});
