/**
 * `@orgsync/core/testing`: what tests of orgsync and of its plugins build on — an in-memory
 * target and provider, an org generator, and the conformance suites every target and provider
 * runs. The suites import vitest (a peer dependency); the rest does not, but import those
 * modules directly from scripts that run outside vitest.
 */
export {
  type MemoryProvider,
  type MemoryProviderConfig,
  type MemoryProviderFault,
  type MemoryProviderOptions,
  memoryProvider,
  memoryProviderPlugin,
} from "./memory-provider.ts";
export {
  type MemorySeedEntry,
  type MemoryTarget,
  type MemoryTargetFault,
  type MemoryTargetOptions,
  memoryTarget,
} from "./memory-target.ts";
export { numericDepartmentIds } from "./numeric-ids.ts";
export { type GenerateOrgOptions, generateOrg, mulberry32 } from "./org-generator.ts";
export {
  collectSource,
  conformanceDepartmentIds,
  conformanceOrg,
  type DepartmentIdStyle,
  describeProviderConformance,
  type ProviderConformanceOptions,
  type ProviderConformanceSetup,
} from "./provider-conformance.ts";
export {
  describeTargetConformance,
  type TargetConformanceSetup,
  TRICKY_NAMES,
  type UnanchoredSeedEntry,
} from "./target-conformance.ts";
