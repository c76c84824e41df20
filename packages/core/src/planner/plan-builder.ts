import { OPERATION_TYPES, type Operation, type OperationType } from "../model/operations.ts";
import type { PlanWarning } from "./plan.ts";

type Draft<T extends Operation> = T extends Operation
  ? Omit<T, "id" | "dependsOn"> & { dependsOn?: readonly (string | undefined)[] }
  : never;

/** Collects operations with unique ids and de-duplicated dependencies, in emission order. */
export class PlanBuilder {
  readonly operations: Operation[] = [];
  readonly warnings: PlanWarning[] = [];
  readonly #ids = new Set<string>();

  /** Adds an operation; `idSuffix` distinguishes a second op of one type on one anchor. */
  add<T extends Operation>(draft: Draft<T>, idSuffix = ""): T {
    const id = `${draft.type}:${draft.anchor}${idSuffix}`;
    if (this.#ids.has(id)) throw new Error(`planner: operation ${id} planned twice`);
    this.#ids.add(id);
    // This runs once per operation of a 100k-person plan: no intermediate Sets or copies.
    const dependsOn: string[] = [];
    for (const dependency of draft.dependsOn ?? []) {
      if (dependency && !dependsOn.includes(dependency)) dependsOn.push(dependency);
    }
    const operation = Object.assign(draft, { id, dependsOn }) as unknown as T;
    this.operations.push(operation);
    return operation;
  }

  warn(warning: PlanWarning): void {
    this.warnings.push(warning);
  }

  summary(): Record<OperationType, number> {
    const counts = Object.fromEntries(OPERATION_TYPES.map((type) => [type, 0])) as Record<
      OperationType,
      number
    >;
    for (const operation of this.operations) counts[operation.type] += 1;
    return counts;
  }
}
