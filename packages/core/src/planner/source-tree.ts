import type { SourceDepartment } from "../model/source.ts";
import type { PlanWarning } from "./plan.ts";

export interface SourceTree {
  /** Departments whose chain reaches the root, parents before children, siblings by order then id. */
  ordered: SourceDepartment[];
  byId: Map<string, SourceDepartment>;
  /** Departments left out because their parent chain is broken; their entries are left alone. */
  broken: Set<string>;
  warnings: PlanWarning[];
}

/**
 * Orders the source departments as a tree under `rootId`, and reports (instead of crashing on)
 * what real org data contains: duplicate ids, parents that do not exist, cycles.
 */
export function buildSourceTree(
  departments: readonly SourceDepartment[],
  rootId: string,
  flag: string,
): SourceTree {
  const warnings: PlanWarning[] = [];
  const byId = new Map<string, SourceDepartment>();
  for (const department of departments) {
    if (department.id === rootId) continue;
    if (byId.has(department.id)) {
      warnings.push({
        code: "duplicateSourceId",
        anchor: `${flag}:${department.id}`,
        message: `department ${department.id} was read twice; the first record is used`,
      });
      continue;
    }
    byId.set(department.id, department);
  }
  const children = new Map<string, SourceDepartment[]>();
  for (const department of byId.values()) {
    const siblings = children.get(department.parentId);
    if (siblings) siblings.push(department);
    else children.set(department.parentId, [department]);
  }
  for (const siblings of children.values()) siblings.sort(bySiblingOrder);

  const ordered: SourceDepartment[] = [];
  const reached = new Set<string>();
  const queue: string[] = [rootId];
  for (let head = 0; head < queue.length; head++) {
    for (const child of children.get(queue[head] as string) ?? []) {
      if (reached.has(child.id)) continue;
      reached.add(child.id);
      ordered.push(child);
      queue.push(child.id);
    }
  }

  const broken = new Set<string>();
  for (const department of byId.values()) {
    if (reached.has(department.id)) continue;
    broken.add(department.id);
    const cycle = findCycle(department, byId);
    if (cycle) {
      warnings.push({
        code: "departmentCycle",
        anchor: `${flag}:${department.id}`,
        message: `department ${department.id} "${department.name}" is in a parent cycle (${cycle.join(" → ")}); it and its subtree are left as they are`,
      });
    } else if (!byId.has(department.parentId)) {
      warnings.push({
        code: "danglingParent",
        anchor: `${flag}:${department.id}`,
        message: `department ${department.id} "${department.name}" has parent ${department.parentId}, which the source did not return; it is left as it is`,
      });
    }
  }
  return { ordered, byId, broken, warnings };
}

function bySiblingOrder(a: SourceDepartment, b: SourceDepartment): number {
  return a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The cycle a department sits on (ids in parent order), or undefined if it only hangs below one. */
function findCycle(
  start: SourceDepartment,
  byId: Map<string, SourceDepartment>,
): string[] | undefined {
  const path: string[] = [];
  const seen = new Map<string, number>();
  let current: SourceDepartment | undefined = start;
  while (current && !seen.has(current.id)) {
    seen.set(current.id, path.length);
    path.push(current.id);
    current = byId.get(current.parentId);
  }
  if (!current) return undefined;
  const cycle = path.slice(seen.get(current.id));
  return cycle.includes(start.id) ? [...cycle, current.id] : undefined;
}
