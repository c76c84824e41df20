import type { DirectoryError, DirectoryErrorCategory } from "../errors.ts";
import type { OperationType } from "../model/operations.ts";

export type OperationOutcome = "succeeded" | "failed" | "skipped" | "cancelled";

/** What happened to one operation of a plan. */
export interface OperationResult {
  operationId: string;
  type: OperationType;
  anchor: string;
  dn: string;
  outcome: OperationOutcome;
  /** For failed and skipped operations: why (`dependencyFailed` for skipped). */
  category?: DirectoryErrorCategory | "cancelled" | "breakerOpen";
  message?: string;
  /**
   * Tries made, 0 for skipped and cancelled operations (an operation cancelled while it was
   * being applied or waiting to retry keeps the tries it made).
   */
  attempts: number;
  durationMs: number;
  /** For failures the target reported as a `DirectoryError`: its DN, attribute and result code. */
  details?: DirectoryError["details"];
}

export interface ExecutionProgress {
  done: number;
  total: number;
  byType: Partial<Record<OperationType, { done: number; total: number }>>;
  failed: number;
  skipped: number;
  /** Operations that succeeded so far. */
  succeeded: number;
  /** Operations not attempted (or given up) because the run was cancelled. */
  cancelled: number;
}

export interface ExecutionReport {
  /**
   * - `succeeded`: every operation succeeded;
   * - `partial`: some failed or were skipped, the rest was applied;
   * - `breakerOpen`: too many failures, the rest was not attempted;
   * - `cancelled`: the signal aborted, the rest was not attempted.
   */
  status: "succeeded" | "partial" | "breakerOpen" | "cancelled";
  results: OperationResult[];
  counts: Record<OperationOutcome, number>;
  durationMs: number;
  /** Why the run stopped early (`breakerOpen`, `cancelled`), for the run log. */
  message?: string;
}
