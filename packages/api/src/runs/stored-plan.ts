import { createHash } from "node:crypto";
import type {
  AttributeChange,
  DirectoryEntry,
  DirectorySnapshot,
  Operation,
  OperationResult,
  Plan,
} from "@orgsync/core";
import type { RunCounts, RunItemOutcome } from "../db/schema.ts";
import type { RunItemInput } from "../repositories/runs.ts";

/**
 * What a run stores in `runs.plan`: the plan, and enough about the directory it was made
 * against to tell, at approval time, whether it still describes that directory.
 */
export interface StoredPlan {
  plan: Plan;
  /**
   * `directoryFingerprint(snapshot)` of the directory read the plan was made from; only for a
   * plan held for approval, the one case that compares it (hashing 10k entries is not free).
   */
  directoryFingerprint?: string;
  /**
   * The attributes that read asked for (`managedAttributes(relations)`), so the approval's
   * re-read sees the same things; absent when every attribute was read.
   */
  attributes?: string[];
}

/**
 * A run's stored plan (`runs.getStoredPlan(id)`), when it has one: dry runs, held runs and
 * applied ones.
 */
export function storedPlanOf(saved: unknown): StoredPlan | undefined {
  const stored = saved as Partial<StoredPlan> | null;
  if (!stored || typeof stored !== "object" || !stored.plan) {
    return undefined;
  }
  return stored as StoredPlan;
}

/**
 * A hash of everything a plan was computed from on the directory side: every entry's DN,
 * anchor, attributes, members and disabled flag, and whether the group root exists.
 * Order-independent (entries, attribute names and multi-values are sorted; names and DNs
 * compare case-insensitively, as LDAP does), so two reads of an unchanged directory agree.
 */
export function directoryFingerprint(snapshot: DirectorySnapshot): string {
  const lines = snapshot.entries.map(canonicalEntry).sort();
  const hash = createHash("sha256");
  hash.update(`root ${snapshot.groupRoot.dn.toLowerCase()} ${snapshot.groupRoot.exists}\n`);
  for (const line of lines) hash.update(`${line}\n`);
  return `sha256:${hash.digest("hex")}`;
}

function canonicalEntry(entry: DirectoryEntry): string {
  const attributes = Object.entries(entry.attributes)
    .map(([name, values]) => [name.toLowerCase(), [...values].sort()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([
    entry.dn.toLowerCase(),
    entry.kind,
    entry.anchor,
    attributes,
    entry.members ? entry.members.map((member) => member.toLowerCase()).sort() : null,
    entry.disabled ?? false,
  ]);
}

/** Attributes never shown in a run's log, whatever a plan carries. */
const HIDDEN_ATTRIBUTES = new Set(["userpassword"]);

/**
 * An operation's change as the run log shows it: a real attribute diff (old → new) for creates
 * and updates; pseudo-attributes in parentheses for what is not an attribute write —
 * `(dn)` old → new DN for moves, `(members)` removed → added member DNs for `setMembers`,
 * `(state)` for enable/disable/delete (e.g. `["enabled"]` → `["disabled: resigned"]`).
 */
export function operationChanges(op: Operation): AttributeChange[] {
  switch (op.type) {
    case "createGroup":
    case "createUser":
      return Object.entries(op.attributes)
        .filter(([name]) => !HIDDEN_ATTRIBUTES.has(name.toLowerCase()))
        .map(([attribute, values]) => ({ attribute, old: [], new: [...values] }));
    case "updateGroup":
    case "updateUser":
      return op.changes.filter((change) => !HIDDEN_ATTRIBUTES.has(change.attribute.toLowerCase()));
    case "moveGroup":
    case "moveUser":
      return [{ attribute: "(dn)", old: [op.dn], new: [op.newDn] }];
    case "setMembers":
      return [{ attribute: "(members)", old: [...op.remove], new: [...op.add] }];
    case "enableUser":
      return [{ attribute: "(state)", old: ["disabled"], new: ["enabled"] }];
    case "disableUser":
      return [{ attribute: "(state)", old: ["enabled"], new: [`disabled: ${op.reason}`] }];
    case "deleteUser":
      return [{ attribute: "(state)", old: ["present"], new: [`deleted: ${op.reason}`] }];
    case "deleteGroup":
      return [{ attribute: "(state)", old: ["present"], new: ["deleted"] }];
  }
}

/** One `planned` log item per operation, in plan order. */
export function plannedItems(operations: readonly Operation[]): RunItemInput[] {
  return operations.map((op, seq) => ({
    seq,
    op: op.type,
    anchor: op.anchor,
    dn: op.dn,
    changes: operationChanges(op),
    outcome: "planned",
  }));
}

/** Counts of a plan before anything ran: every operation `planned` (or all `outcome`). */
export function plannedCounts(
  operations: readonly Operation[],
  outcome: RunItemOutcome = "planned",
): RunCounts {
  const counts: RunCounts = {};
  for (const op of operations) bump(counts, op.type, outcome, 1);
  return counts;
}

/** Moves one operation from `planned` to its outcome. */
export function countResult(counts: RunCounts, result: OperationResult): void {
  bump(counts, result.type, "planned", -1);
  bump(counts, result.type, result.outcome, 1);
}

function bump(
  counts: RunCounts,
  type: Operation["type"],
  outcome: RunItemOutcome,
  delta: number,
): void {
  const byOutcome = counts[type] ?? {};
  counts[type] = byOutcome;
  const next = (byOutcome[outcome] ?? 0) + delta;
  if (next === 0) delete byOutcome[outcome];
  else byOutcome[outcome] = next;
}

/**
 * The one-line error of a run that did not fully apply, e.g.
 * `3 of 120 operations failed: 2 schemaViolation, 1 permission; 4 skipped`.
 */
export function failureSummary(results: readonly OperationResult[], stopMessage?: string): string {
  const byCategory = new Map<string, number>();
  let failed = 0;
  let skipped = 0;
  for (const result of results) {
    if (result.outcome === "failed") {
      failed += 1;
      const category = result.category ?? "unknown";
      byCategory.set(category, (byCategory.get(category) ?? 0) + 1);
    } else if (result.outcome === "skipped") {
      skipped += 1;
    }
  }
  const categories = [...byCategory]
    .sort(([, a], [, b]) => b - a)
    .map(([category, count]) => `${count} ${category}`)
    .join(", ");
  let summary = `runs: ${failed} of ${results.length} operations failed`;
  if (categories) summary += `: ${categories}`;
  if (skipped > 0) summary += `; ${skipped} skipped`;
  if (stopMessage) summary += ` (${stopMessage.replace(/^executor: /, "")})`;
  return `${summary}; see the run's items for each object`;
}
