import { OrgsyncError } from "../errors.ts";
import type { Operation } from "../model/operations.ts";

/**
 * The plan cannot be executed as given: an operation id appears twice, or the dependencies form
 * a cycle. Both are planner bugs (or a stored plan edited by hand), so nothing is applied.
 */
export class InvalidPlanError extends OrgsyncError {
  override name = "InvalidPlanError";
  constructor(
    readonly reason: "cycle" | "duplicateId",
    /** For `cycle`: the ids around one cycle, each depending on the next. For `duplicateId`: the id. */
    readonly operationIds: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

/**
 * The dependency graph in compressed form: the dependants of operation `i` are
 * `dependants[dependantOffsets[i] .. dependantOffsets[i + 1])`. Flat typed arrays rather than an
 * array per operation keep a 100k-operation plan to a few allocations.
 */
export interface DependencyGraph {
  readonly dependantOffsets: Int32Array;
  readonly dependants: Int32Array;
  /**
   * How many in-plan dependencies each operation waits for (a dependency listed twice counts
   * twice, and is released twice). Ids not in the plan are satisfied already and not counted.
   */
  readonly dependencyCounts: Int32Array;
}

/** Builds the graph in O(operations + edges); throws `InvalidPlanError` on duplicates or cycles. */
export function buildDependencyGraph(operations: readonly Operation[]): DependencyGraph {
  const n = operations.length;
  const indexById = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = (operations[i] as Operation).id;
    const previous = indexById.get(id);
    if (previous !== undefined) {
      throw new InvalidPlanError(
        "duplicateId",
        [id],
        `executor: operation id "${id}" appears twice in the plan (positions ${previous} and ${i}); ids must be unique`,
      );
    }
    indexById.set(id, i);
  }

  const dependencyCounts = new Int32Array(n);
  const dependantOffsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (const depId of (operations[i] as Operation).dependsOn) {
      const dep = indexById.get(depId);
      if (dep === undefined) continue;
      dependencyCounts[i] = (dependencyCounts[i] as number) + 1;
      dependantOffsets[dep + 1] = (dependantOffsets[dep + 1] as number) + 1;
    }
  }
  for (let i = 0; i < n; i++) {
    dependantOffsets[i + 1] = (dependantOffsets[i + 1] as number) + (dependantOffsets[i] as number);
  }
  const dependants = new Int32Array(dependantOffsets[n] as number);
  const cursor = dependantOffsets.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (const depId of (operations[i] as Operation).dependsOn) {
      const dep = indexById.get(depId);
      if (dep === undefined) continue;
      const slot = cursor[dep] as number;
      dependants[slot] = i;
      cursor[dep] = slot + 1;
    }
  }

  const graph = { dependantOffsets, dependants, dependencyCounts };
  assertAcyclic(operations, graph, indexById);
  return graph;
}

/**
 * Kahn's algorithm on a copy of the counters, before anything runs: a cycle found at run time
 * would leave its operations waiting forever, or be noticed only after half the plan was written.
 */
function assertAcyclic(
  operations: readonly Operation[],
  graph: DependencyGraph,
  indexById: ReadonlyMap<string, number>,
): void {
  const n = operations.length;
  const remaining = graph.dependencyCounts.slice();
  const queue = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) if (remaining[i] === 0) queue[tail++] = i;
  for (let head = 0; head < tail; head++) {
    const i = queue[head] as number;
    const end = graph.dependantOffsets[i + 1] as number;
    for (let e = graph.dependantOffsets[i] as number; e < end; e++) {
      const d = graph.dependants[e] as number;
      const left = (remaining[d] as number) - 1;
      remaining[d] = left;
      if (left === 0) queue[tail++] = d;
    }
  }
  if (tail === n) return;

  // Every operation left has a dependency that is also left (otherwise its counter would have
  // reached 0), so following such dependencies must come back to an operation already seen.
  const blocked = n - tail;
  let current = remaining.findIndex((count) => count > 0);
  const seenAt = new Map<number, number>();
  const path: number[] = [];
  while (!seenAt.has(current)) {
    seenAt.set(current, path.length);
    path.push(current);
    const op = operations[current] as Operation;
    let next = -1;
    for (const depId of op.dependsOn) {
      const dep = indexById.get(depId);
      if (dep !== undefined && (remaining[dep] as number) > 0) {
        next = dep;
        break;
      }
    }
    current = next;
  }
  const cycle = path.slice(seenAt.get(current)).map((i) => (operations[i] as Operation).id);
  const shown = [...cycle, cycle[0] as string].map((id) => `"${id}"`).join(" → ");
  throw new InvalidPlanError(
    "cycle",
    cycle,
    `executor: the plan has a dependency cycle: ${shown} (each depends on the next); ` +
      `${blocked} operation(s) are in or behind a cycle and none was applied`,
  );
}
