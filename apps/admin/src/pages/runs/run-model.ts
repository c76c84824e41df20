/**
 * What the sync and runs pages know about runs without asking the service: which statuses are
 * still moving, which operations remove something, and how a run's counts add up.
 */

import { allEnumValues, type SchemaEnum } from "../../graphql/graphql.ts";

export const RUN_STATUSES = allEnumValues<"RunStatus">()([
  "queued",
  "planning",
  "needs_approval",
  "applying",
  "succeeded",
  "failed",
  "cancelled",
  "interrupted",
]);
export type RunStatus = SchemaEnum<"RunStatus">;

/** Operations in the order an admin reads a plan: groups, users, memberships, then removals. */
export const OPERATION_TYPES = allEnumValues<"OperationType">()([
  "createGroup",
  "updateGroup",
  "moveGroup",
  "createUser",
  "updateUser",
  "moveUser",
  "setMembers",
  "enableUser",
  "disableUser",
  "deleteUser",
  "deleteGroup",
]);
export type OperationType = SchemaEnum<"OperationType">;

export const ITEM_OUTCOMES = allEnumValues<"RunItemOutcome">()([
  "planned",
  "succeeded",
  "failed",
  "skipped",
  "cancelled",
]);
export type ItemOutcome = SchemaEnum<"RunItemOutcome">;

/** The operations the safety gate counts (`RunApproval.destructiveCount`). */
export const DESTRUCTIVE_OPS: readonly OperationType[] = [
  "disableUser",
  "deleteUser",
  "deleteGroup",
];

export interface OperationCount {
  op: OperationType;
  outcome: ItemOutcome;
  count: number;
}

/** Statuses a run leaves on its own; a page following one keeps listening. */
const ACTIVE: readonly string[] = [
  "queued",
  "planning",
  "applying",
  "needs_approval",
] satisfies readonly RunStatus[];

export const isActiveStatus = (status: string): boolean => ACTIVE.includes(status);
export const isTerminalStatus = (status: string): boolean => !isActiveStatus(status);
/** A run that can still be stopped (a held one too: cancelling it drops its plan). */
export const isCancellable = isActiveStatus;

/** Operations per op, whatever their outcome (a plan's size per kind of change). */
export function totalsByOp(counts: readonly OperationCount[]): Map<OperationType, number> {
  const totals = new Map<OperationType, number>();
  for (const row of counts) totals.set(row.op, (totals.get(row.op) ?? 0) + row.count);
  return totals;
}

export function totalOf(counts: readonly OperationCount[]): number {
  return counts.reduce((sum, row) => sum + row.count, 0);
}

export function destructiveTotal(counts: readonly OperationCount[]): number {
  return counts
    .filter((row) => DESTRUCTIVE_OPS.includes(row.op))
    .reduce((sum, row) => sum + row.count, 0);
}

export interface CountsSummary {
  /** Objects created (or, in a plan, to create). */
  created: number;
  /** Attribute updates, moves, membership changes and re-enables. */
  updated: number;
  /** Accounts disabled, users and groups deleted. */
  removed: number;
  failed: number;
  skipped: number;
  cancelled: number;
}

/**
 * A run's counts as the history reads them. Only what happened (or, for a plan, what would)
 * counts as created/updated/removed: a failed create is a failure, not a creation.
 */
export function summarizeCounts(counts: readonly OperationCount[]): CountsSummary {
  const summary: CountsSummary = {
    created: 0,
    updated: 0,
    removed: 0,
    failed: 0,
    skipped: 0,
    cancelled: 0,
  };
  for (const { op, outcome, count } of counts) {
    if (outcome === "failed" || outcome === "skipped" || outcome === "cancelled") {
      summary[outcome] += count;
    } else if (op === "createGroup" || op === "createUser") {
      summary.created += count;
    } else if (DESTRUCTIVE_OPS.includes(op)) {
      summary.removed += count;
    } else {
      summary.updated += count;
    }
  }
  return summary;
}

/** `(dn)`, `(members)`, `(state)`: what the run log writes for changes that are not attributes. */
export type PseudoAttribute = "dn" | "members" | "state";
export function pseudoAttribute(attribute: string): PseudoAttribute | undefined {
  const match = /^\((dn|members|state)\)$/.exec(attribute);
  return match?.[1] as PseudoAttribute | undefined;
}
