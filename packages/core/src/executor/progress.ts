import type { Operation, OperationType } from "../model/operations.ts";
import type { ExecutionProgress, OperationOutcome, OperationResult } from "./types.ts";

/** Running totals for progress events and the report's counts, updated in O(1) per result. */
export class ProgressTracker {
  readonly counts: Record<OperationOutcome, number> = {
    succeeded: 0,
    failed: 0,
    skipped: 0,
    cancelled: 0,
  };
  readonly #byType = new Map<OperationType, { done: number; total: number }>();
  readonly #total: number;
  #done = 0;

  constructor(operations: readonly Operation[]) {
    this.#total = operations.length;
    for (const op of operations) {
      const entry = this.#byType.get(op.type);
      if (entry) entry.total += 1;
      else this.#byType.set(op.type, { done: 0, total: 1 });
    }
  }

  get done(): number {
    return this.#done;
  }

  record(result: OperationResult): void {
    this.#done += 1;
    this.counts[result.outcome] += 1;
    const entry = this.#byType.get(result.type);
    if (entry) entry.done += 1;
  }

  /** A fresh object each time: listeners may keep or forward it after the run moves on. */
  snapshot(): ExecutionProgress {
    const byType: ExecutionProgress["byType"] = {};
    for (const [type, { done, total }] of this.#byType) byType[type] = { done, total };
    return {
      done: this.#done,
      total: this.#total,
      byType,
      failed: this.counts.failed,
      skipped: this.counts.skipped,
      succeeded: this.counts.succeeded,
      cancelled: this.counts.cancelled,
    };
  }
}
