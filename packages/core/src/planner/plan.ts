import type { Operation, OperationType } from "../model/operations.ts";

/** What a run syncs. `ALL` orders groups before users itself. */
export type SyncScope = "GROUPS" | "USERS" | "ALL";

/** Something the planner noticed and worked around; shown with the plan, never fatal. */
export interface PlanWarning {
  code:
    | "danglingParent"
    | "departmentCycle"
    | "unknownDepartment"
    | "groupNotSynced"
    | "emptyName"
    | "missingRequiredAttribute"
    | "foreignEntryInTheWay"
    | "duplicateSourceId"
    /** Several directory entries carry one anchor (a hand-made copy): none of them is touched. */
    | "duplicateAnchor";
  /** `<flag>:<id>` of the object concerned, when there is one. */
  anchor?: string;
  message: string;
}

export interface ApprovalGate {
  required: boolean;
  /** Why approval is needed, e.g. "12 deletions/disables exceed the limit of 10 (…)". */
  reason?: string;
  /** Ids of the destructive operations the approver is shown. */
  destructive: string[];
}

/**
 * A plan is data: the operations in an order that respects every dependency, plus what an
 * admin needs to decide whether to apply it.
 */
export interface Plan {
  flag: string;
  scope: SyncScope;
  /** Topologically ordered: every operation comes after everything in its `dependsOn`. */
  operations: Operation[];
  summary: Record<OperationType, number>;
  warnings: PlanWarning[];
  approval: ApprovalGate;
}
