import { defineProject } from "vitest/config";
import { sourceResolution } from "../../vitest.shared.ts";

export default defineProject({
  ...sourceResolution,
  test: {
    name: "provider-wecom",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
  },
});
