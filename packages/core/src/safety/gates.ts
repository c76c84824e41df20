import { SafetyError } from "../errors.ts";
import type { DirectorySnapshot } from "../model/directory.ts";
import { isDestructive, type Operation } from "../model/operations.ts";
import type { SourceSnapshot } from "../model/source.ts";
import type { ApprovalGate, SyncScope } from "../planner/plan.ts";

/**
 * Limits on what a run may take away without an admin's approval. Both are on by default;
 * `null` turns one off. A run over either limit stops as *needs approval*, listing what it
 * would delete or disable, and nothing is written until someone approves exactly that list.
 */
export interface SafetyThresholds {
  /**
   * Most deletions + disables a run may apply on its own.
   * @default 100
   * @example 500 (Entra Connect's default for export deletions)
   */
  maxDestructive?: number | null;
  /**
   * Most deletions + disables as a percentage of the entries the provider manages.
   * @default 10
   * @example 5
   */
  maxDestructivePercent?: number | null;
}

export const DEFAULT_SAFETY_THRESHOLDS: Required<SafetyThresholds> = {
  maxDestructive: 100,
  maxDestructivePercent: 10,
};

/** Decides whether a plan needs approval before it is applied. */
export function approvalGate(
  operations: readonly Operation[],
  managedEntries: number,
  thresholds: SafetyThresholds = {},
): ApprovalGate {
  const maxCount =
    thresholds.maxDestructive === undefined
      ? DEFAULT_SAFETY_THRESHOLDS.maxDestructive
      : thresholds.maxDestructive;
  const maxPercent =
    thresholds.maxDestructivePercent === undefined
      ? DEFAULT_SAFETY_THRESHOLDS.maxDestructivePercent
      : thresholds.maxDestructivePercent;
  const destructive = operations.filter(isDestructive).map((operation) => operation.id);
  const count = destructive.length;
  const percent = managedEntries > 0 ? (count / managedEntries) * 100 : count > 0 ? 100 : 0;
  const reasons: string[] = [];
  if (maxCount !== null && count > maxCount) {
    reasons.push(`${count} deletions/disables exceed the limit of ${maxCount}`);
  }
  if (maxPercent !== null && count > 0 && percent > maxPercent) {
    reasons.push(
      `${count} deletions/disables are ${formatPercent(percent)} of the ${managedEntries} managed entries, over the limit of ${maxPercent}%`,
    );
  }
  if (reasons.length === 0) return { required: false, destructive };
  return {
    required: true,
    reason: `${reasons.join("; ")}. Review the list and approve the run, or raise the safety thresholds.`,
    destructive,
  };
}

function formatPercent(value: number): string {
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

/**
 * An empty read is a failed read until proven otherwise: an IM that answers "nobody works
 * here" because of a lost permission must never empty the directory.
 */
export function assertSourceUsable(
  flag: string,
  scope: SyncScope,
  source: SourceSnapshot,
  directory: DirectorySnapshot,
): void {
  const managed = directory.entries.filter((entry) => entry.anchor?.startsWith(`${flag}:`));
  if (source.departments.length === 0 && source.users.length === 0) {
    throw new SafetyError(
      "emptySource",
      `planner (${flag}): the source returned no departments and no users; refusing to plan, since that would remove everyone. Check the app's permissions and contact scope (provider connection test).`,
    );
  }
  const managedUsers = managed.filter((entry) => entry.kind === "user").length;
  if (scope !== "GROUPS" && source.users.length === 0 && managedUsers > 0) {
    throw new SafetyError(
      "emptySource",
      `planner (${flag}): the source returned no users while the directory holds ${managedUsers} of its accounts; refusing to plan their removal. Check the app's user permissions and contact scope.`,
    );
  }
}

/** The seed's rule "sync groups before users", enforced instead of documented. */
export function assertGroupsSynced(
  flag: string,
  source: SourceSnapshot,
  directory: DirectorySnapshot,
  rootId: string,
): void {
  const needsGroups = source.departments.some((department) => department.id !== rootId);
  const hasGroups = directory.entries.some(
    (entry) => entry.kind === "group" && entry.anchor?.startsWith(`${flag}:`),
  );
  if (needsGroups && !hasGroups) {
    throw new SafetyError(
      "groupsNotSynced",
      `planner (${flag}): users cannot be synced before their groups; run a GROUPS (or ALL) sync for "${flag}" first`,
    );
  }
}
