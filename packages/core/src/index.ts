// @orgsync/core: the engine every provider, target and the service build on. No vendor SDK,
// no database, no I/O of its own.

export * from "./cancellation.ts";
export * from "./errors.ts";
export * from "./executor/index.ts";
export * from "./field-relations/index.ts";
export * from "./identity/username.ts";
export * from "./model/anchor.ts";
export * from "./model/directory.ts";
export * from "./model/dn.ts";
export * from "./model/operations.ts";
export * from "./model/source.ts";
export type * from "./planner/plan.ts";
export { type PlanSyncInput, planSync } from "./planner/plan-sync.ts";
export type { DepartedUserPolicy } from "./planner/plan-users.ts";
export * from "./provider/kit/api-call.ts";
export * from "./provider/kit/callback-crypto.ts";
export * from "./provider/kit/concurrent-emit.ts";
export * from "./provider/kit/config-fields.ts";
export * from "./provider/kit/rate-limiter.ts";
export * from "./provider/kit/scoped-read.ts";
export * from "./provider/provider.ts";
export * from "./provider/read-source.ts";
export * from "./provider/registry.ts";
export * from "./safety/gates.ts";
export * from "./scope/department-scope.ts";
export type * from "./target/target.ts";
