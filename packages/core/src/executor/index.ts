export { abortableSleep, backoffDelay } from "./backoff.ts";
export {
  type BreakerOptions,
  type ExecuteOptions,
  type ExecutionTarget,
  executePlan,
  type RetryOptions,
} from "./execute.ts";
export { InvalidPlanError } from "./graph.ts";
export type {
  ExecutionProgress,
  ExecutionReport,
  OperationOutcome,
  OperationResult,
} from "./types.ts";
