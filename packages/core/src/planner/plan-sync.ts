import { ConfigError, SafetyError } from "../errors.ts";
import { compileFieldRelations } from "../field-relations/index.ts";
import type { FieldRelationOptions, FieldRelations } from "../field-relations/types.ts";
import type { DirectorySnapshot } from "../model/directory.ts";
import type { Operation } from "../model/operations.ts";
import type { SourceDepartment, SourceSnapshot } from "../model/source.ts";
import {
  approvalGate,
  assertGroupsSynced,
  assertSourceUsable,
  type SafetyThresholds,
} from "../safety/gates.ts";
import type { DirectoryTarget } from "../target/target.ts";
import { type GroupNode, GroupTree } from "./group-tree.ts";
import type { Plan, SyncScope } from "./plan.ts";
import { PlanBuilder } from "./plan-builder.ts";
import { planGroups } from "./plan-groups.ts";
import { planMembers } from "./plan-members.ts";
import { type DepartedUserPolicy, planUsers } from "./plan-users.ts";
import { buildSourceTree } from "./source-tree.ts";

export interface PlanSyncInput {
  /** The provider's flag: anchors are `<flag>:<id>`. */
  flag: string;
  /** The provider's root department id (`"0"` for Feishu). */
  rootDepartmentId: string;
  scope: SyncScope;
  /** A complete read (after the department scope filter), or the re-read objects of a targeted run. */
  source: SourceSnapshot;
  /** What the target read for this provider. */
  directory: DirectorySnapshot;
  target: Pick<DirectoryTarget, "layout" | "capabilities">;
  /** The provider's field relations; a sync without them is refused (the seed's first rule). */
  relations: FieldRelations | null | undefined;
  relationOptions?: FieldRelationOptions;
  /**
   * What happens to people who resigned or vanished from the IM.
   * @default "disable"
   */
  departedUsers?: DepartedUserPolicy;
  /**
   * Update attributes of accounts that exist (go-ldap-admin's `is-update-syncd`, off there by
   * default; on here, since identity no longer depends on the DN).
   * @default true
   */
  updateExisting?: boolean;
  safety?: SafetyThresholds;
  /**
   * Event-driven run: plan only these objects. `source` holds the ones the IM still has;
   * ids listed here but absent from `source` are treated as removed from the IM.
   * @example { departmentIds: ["od-1"], userIds: ["ou_9"] }
   */
  targeted?: { departmentIds: readonly string[]; userIds: readonly string[] };
}

/** Turns an org chart and a directory read into a plan (see DESIGN.md "Plan"). */
export function planSync(input: PlanSyncInput): Plan {
  const { flag, rootDepartmentId: rootId, scope, source, directory, target } = input;
  const policy = input.departedUsers ?? "disable";
  if (!input.relations?.group || !input.relations.user) {
    throw new SafetyError(
      "fieldRelationsMissing",
      `planner (${flag}): field relations are not set for ${!input.relations?.group ? "groups" : "users"}; save them (or reset them to the provider's defaults) before syncing`,
    );
  }
  if (policy === "disable" && !target.capabilities.disable) {
    throw new ConfigError(
      `planner (${flag}): the departed-user policy is "disable" but this directory target cannot disable accounts; choose "delete" or "keep"`,
    );
  }
  if (!input.targeted) assertSourceUsable(flag, scope, source, directory);
  if (scope === "USERS") assertGroupsSynced(flag, source, directory, rootId);

  const relations = compileFieldRelations(input.relations, input.relationOptions);
  const builder = new PlanBuilder();
  const tree = new GroupTree(target.layout, flag, directory);
  for (const entry of tree.duplicates) {
    builder.warn({
      code: "duplicateAnchor",
      anchor: entry.anchor ?? undefined,
      message: `${entry.dn} carries the anchor ${entry.anchor}, which another entry carries too; neither is touched and the department waits — remove the copy`,
    });
  }
  const targeted = input.targeted ? targetedSets(input.targeted, source) : undefined;
  const departments = targeted
    ? withUntouchedGroups(source.departments, targeted.departments.ids, tree, flag, rootId)
    : source.departments;
  const sourceTree = buildSourceTree(departments, rootId, flag);
  for (const warning of sourceTree.warnings) builder.warn(warning);

  let nodeOfDepartment: Map<string, GroupNode>;
  if (scope === "USERS") {
    nodeOfDepartment = new Map();
    for (const id of sourceTree.byId.keys()) {
      const node = tree.byAnchor.get(`${flag}:${id}`);
      if (node) nodeOfDepartment.set(id, node);
    }
  } else {
    nodeOfDepartment = planGroups({
      flag,
      rootId,
      tree,
      source: sourceTree,
      relations,
      managedAttributes: Object.keys(input.relations.group.attributes),
      builder,
      canMove: target.capabilities.move,
      ...(target.layout.nameLimits ? { nameLimits: target.layout.nameLimits } : {}),
      ...(targeted ? { targeted: targeted.departments } : {}),
    }).nodeOfDepartment;
  }

  if (scope !== "GROUPS") {
    const users = planUsers({
      flag,
      users: source.users,
      entries: directory.entries,
      layout: target.layout,
      relations,
      managedAttributes: Object.keys(input.relations.user.attributes),
      builder,
      policy,
      canMove: target.capabilities.move,
      canDisable: target.capabilities.disable,
      updateExisting: input.updateExisting ?? true,
      groupReadyOp: (id) => nodeOfDepartment.get(id)?.readyOp,
      ...(targeted ? { targeted: targeted.users } : {}),
    });
    planMembers({
      flag,
      rootId,
      tree,
      nodeOfDepartment,
      users,
      builder,
      knownDepartments: new Set(sourceTree.byId.keys()),
      withMemberships: target.capabilities.memberships !== false,
    });
  }

  const operations = orderByPhase(builder.operations);
  const managed = directory.entries.filter((entry) => entry.anchor?.startsWith(`${flag}:`)).length;
  return {
    flag,
    scope,
    operations,
    summary: builder.summary(),
    warnings: builder.warnings,
    approval: approvalGate(operations, managed, input.safety),
  };
}

const PHASE: Record<Operation["type"], number> = {
  moveGroup: 0,
  createGroup: 0,
  updateGroup: 0,
  createUser: 1,
  updateUser: 1,
  moveUser: 1,
  enableUser: 1,
  setMembers: 2,
  disableUser: 3,
  deleteUser: 4,
  deleteGroup: 5,
};

/**
 * Groups, then users, then memberships, then departures, deletions last. Every dependency
 * points to an earlier phase or an earlier operation of the same phase, so a stable grouping
 * by phase keeps the list topological.
 */
function orderByPhase(operations: Operation[]): Operation[] {
  // Buckets, not a sort: linear, and stable by construction.
  const phases: Operation[][] = [[], [], [], [], [], []];
  for (const operation of operations) phases[PHASE[operation.type]]?.push(operation);
  return phases.flat();
}

function targetedSets(targeted: NonNullable<PlanSyncInput["targeted"]>, source: SourceSnapshot) {
  const foundDepartments = new Set(source.departments.map((department) => department.id));
  const foundUsers = new Set(source.users.map((user) => user.id));
  return {
    departments: {
      ids: new Set(targeted.departmentIds),
      removed: new Set(targeted.departmentIds.filter((id) => !foundDepartments.has(id))),
    },
    users: {
      ids: new Set(targeted.userIds),
      removed: new Set(targeted.userIds.filter((id) => !foundUsers.has(id))),
    },
  };
}

/**
 * A targeted run re-reads a few departments; the rest of the tree is taken from the
 * directory as it is, so a re-read department can still find its parent.
 */
function withUntouchedGroups(
  departments: readonly SourceDepartment[],
  targetedIds: ReadonlySet<string>,
  tree: GroupTree,
  flag: string,
  rootId: string,
): SourceDepartment[] {
  const result = [...departments];
  const present = new Set(departments.map((department) => department.id));
  const idOf = (anchor: string | null) =>
    anchor?.startsWith(`${flag}:`) ? anchor.slice(flag.length + 1) : null;
  for (const node of tree.byAnchor.values()) {
    const id = idOf(node.anchor);
    if (id === null || present.has(id) || targetedIds.has(id) || !node.parent) continue;
    const parentId = node.parent === tree.root ? rootId : idOf(node.parent.anchor);
    if (parentId === null) continue;
    result.push({ id, parentId, name: node.name, order: 0, raw: {} });
  }
  return result;
}
