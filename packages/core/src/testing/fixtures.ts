/**
 * `@orgsync/core/fixtures`: the org generator, its PRNG and the sandbox CLIs' helpers without the
 * conformance suites, so code that runs outside vitest (sandbox CLIs, the demo, benchmarks) can
 * use them without loading vitest.
 */
export { numericDepartmentIds } from "./numeric-ids.ts";
export { type GenerateOrgOptions, generateOrg, mulberry32 } from "./org-generator.ts";
export { integerOption, runSandboxCli } from "./sandbox-cli.ts";
