import type { CompiledFieldRelations } from "../field-relations/index.ts";
import { anchorOf } from "../model/anchor.ts";
import { normalizeName } from "../model/directory.ts";
import type { SourceDepartment } from "../model/source.ts";
import { diffAttributes } from "./attribute-diff.ts";
import { DEFAULT_NAME_LIMITS, fitName, type NameLimits, numberedName } from "./entry-name.ts";
import type { GroupNode, GroupTree } from "./group-tree.ts";
import type { PlanBuilder } from "./plan-builder.ts";
import type { SourceTree } from "./source-tree.ts";

export interface GroupPlanInput {
  flag: string;
  rootId: string;
  tree: GroupTree;
  source: SourceTree;
  relations: CompiledFieldRelations;
  /** Attribute names the group relations manage. */
  managedAttributes: readonly string[];
  builder: PlanBuilder;
  canMove: boolean;
  /** Longest group name the directory takes (see `entry-name.ts`). */
  nameLimits?: NameLimits;
  /**
   * Targeted run: only these departments are planned (the rest stays as it is); ids listed in
   * `removed` are departments the IM no longer has.
   */
  targeted?: { ids: ReadonlySet<string>; removed: ReadonlySet<string> };
}

export interface GroupPlanResult {
  /** The group node of every source department that has (or will have) an entry. */
  nodeOfDepartment: Map<string, GroupNode>;
}

/**
 * Plans group creates, renames/moves, attribute updates and deletions.
 *
 * Departments are planned top-down, so a group is always moved into a parent that is already
 * at its final place: moves can therefore never form a cycle (A under B becoming B under A
 * works as two moves). All moves are chained one after another; they are rare, and chaining
 * lets every later operation say "after the moves so far" with a single dependency.
 */
export function planGroups(input: GroupPlanInput): GroupPlanResult {
  const { flag, rootId, tree, source, relations, managedAttributes, builder, canMove, targeted } =
    input;
  const nodeOfDepartment = new Map<string, GroupNode>();
  let chainTail: string | undefined;

  // Entries we must not touch keep their place, block their names and keep their members.
  for (const id of source.broken) {
    const node = tree.byAnchor.get(anchorOf(flag, id));
    if (!node) continue;
    node.settled = true;
    nodeOfDepartment.set(id, node);
  }
  if (targeted) {
    for (const node of tree.byAnchor.values()) {
      const id = node.anchor?.slice(flag.length + 1);
      if (id !== undefined && !targeted.ids.has(id)) node.settled = true;
    }
    for (const department of source.byId.values()) {
      if (targeted.ids.has(department.id)) continue;
      const node = tree.byAnchor.get(anchorOf(flag, department.id));
      if (node) nodeOfDepartment.set(department.id, node);
    }
  }

  const parkElsewhere = (occupant: GroupNode): void => {
    const parent = occupant.parent as GroupNode;
    const base = `${occupant.name}.orgsync-parked`;
    let name = base;
    for (let n = 2; tree.childNamed(parent, name); n++) name = `${base}${n}`;
    const dn = tree.dn(occupant);
    tree.place(occupant, parent, name);
    chainTail = builder.add(
      {
        type: "moveGroup",
        anchor: occupant.anchor as string,
        dn,
        newDn: tree.dn(occupant),
        newName: name,
        dependsOn: [chainTail],
      },
      ":parking",
    ).id;
  };

  /** Whether `name` under `parent` can be given to `node` (undefined for a new group). */
  const isFree = (parent: GroupNode, name: string, node: GroupNode | undefined): boolean => {
    const occupant = tree.childNamed(parent, name);
    if (!occupant || occupant === node) return true;
    if (occupant.managed && !occupant.settled) return canMove; // it will move away
    return node === undefined && occupant.anchor === null && occupant.entry !== null; // adoptable
  };

  const limits = input.nameLimits ?? DEFAULT_NAME_LIMITS;
  // Evaluated once per department: the pinyin behind it is the costly part of group planning.
  const preferredNames = new Map<string, string>();
  const preferredName = (department: SourceDepartment): string => {
    let name = preferredNames.get(department.id);
    if (name === undefined) {
      name = fitName(relations.groupName(department).trim(), limits);
      preferredNames.set(department.id, name);
    }
    return name;
  };

  const allocateName = (
    department: SourceDepartment,
    parent: GroupNode,
    node: GroupNode | undefined,
  ): string => {
    let preferred = preferredName(department);
    if (!preferred) {
      preferred = department.name.trim() || department.id;
      builder.warn({
        code: "emptyName",
        anchor: anchorOf(flag, department.id),
        message: `department ${department.id}: the group name relation gave an empty name; "${preferred}" is used`,
      });
    }
    if (isFree(parent, preferred, node)) return preferred;
    for (let n = 2; ; n++) {
      const candidate = numberedName(preferred, n, limits);
      if (isFree(parent, candidate, node)) return candidate;
    }
  };

  const planDepartment = (department: SourceDepartment, parent: GroupNode, name: string): void => {
    const anchor = anchorOf(flag, department.id);
    const existing = tree.byAnchor.get(anchor);
    const desired = relations.groupAttributes(department);
    if (existing) {
      const moved =
        existing.parent !== parent || normalizeName(existing.name) !== normalizeName(name);
      if (moved && !canMove) {
        builder.warn({
          code: "foreignEntryInTheWay",
          anchor,
          message: `department ${department.id} was renamed or moved, but the target cannot move entries; the group stays at ${tree.dn(existing)}`,
        });
      } else if (moved) {
        if (tree.isAncestor(existing, parent)) {
          throw new Error(`planner: cannot move ${anchor} under its own subtree`);
        }
        const occupant = tree.childNamed(parent, name);
        if (occupant && occupant !== existing) parkElsewhere(occupant);
        const dn = tree.dn(existing);
        tree.place(existing, parent, name);
        chainTail = builder.add({
          type: "moveGroup",
          anchor,
          dn,
          newDn: tree.dn(existing),
          newName: name,
          dependsOn: [chainTail],
        }).id;
      }
      existing.settled = true;
      existing.readyOp = chainTail;
      const changes = diffAttributes(managedAttributes, desired, existing.entry?.attributes ?? {});
      if (changes.length > 0) {
        builder.add({
          type: "updateGroup",
          anchor,
          dn: tree.dn(existing),
          changes,
          dependsOn: [chainTail],
        });
      }
      nodeOfDepartment.set(department.id, existing);
      return;
    }

    const occupant = tree.childNamed(parent, name);
    if (occupant && occupant.anchor === null && occupant.entry) {
      // An entry someone else made (go-ldap-admin, a person) exactly where this group belongs:
      // adopt it instead of failing with "already exists" or making a second one.
      occupant.anchor = anchor;
      occupant.managed = true;
      occupant.settled = true;
      occupant.readyOp = chainTail;
      tree.byAnchor.set(anchor, occupant);
      const changes = diffAttributes(managedAttributes, desired, occupant.entry.attributes);
      builder.add({
        type: "updateGroup",
        anchor,
        dn: tree.dn(occupant),
        changes,
        adopt: true,
        dependsOn: [chainTail],
      });
      nodeOfDepartment.set(department.id, occupant);
      return;
    }
    if (occupant) parkElsewhere(occupant);
    const node = tree.add(anchor, parent, name);
    node.readyOp = builder.add({
      type: "createGroup",
      anchor,
      dn: tree.dn(node),
      name,
      attributes: desired,
      dependsOn: [parent.readyOp, chainTail],
    }).id;
    nodeOfDepartment.set(department.id, node);
  };

  // Top-down, one sibling block at a time; within a block, groups already at their name go
  // first so a newcomer never takes the name of a group that keeps it.
  const blocks = new Map<string, SourceDepartment[]>();
  for (const department of source.ordered) {
    if (targeted && !targeted.ids.has(department.id)) continue;
    if (tree.duplicatedAnchors.has(anchorOf(flag, department.id))) continue;
    const block = blocks.get(department.parentId);
    if (block) block.push(department);
    else blocks.set(department.parentId, [department]);
  }
  const parentIds = [rootId, ...source.ordered.map((department) => department.id)];
  for (const parentId of parentIds) {
    const block = blocks.get(parentId);
    if (!block) continue;
    const parent = parentId === rootId ? tree.root : nodeOfDepartment.get(parentId);
    if (!parent) {
      for (const department of block) {
        builder.warn({
          code: "groupNotSynced",
          anchor: anchorOf(flag, department.id),
          message: `department ${department.id} "${department.name}": its parent ${parentId} has no group yet; run a full sync`,
        });
      }
      continue;
    }
    const keepers: [SourceDepartment, string][] = [];
    const others: SourceDepartment[] = [];
    for (const department of block) {
      const node = tree.byAnchor.get(anchorOf(flag, department.id));
      const preferred = preferredName(department);
      if (
        node &&
        node.parent === parent &&
        preferred &&
        normalizeName(node.name) === normalizeName(preferred)
      ) {
        keepers.push([department, node.name === preferred ? preferred : node.name]);
      } else {
        others.push(department);
      }
    }
    for (const [department, name] of keepers) planDepartment(department, parent, name);
    for (const department of others) {
      const node = tree.byAnchor.get(anchorOf(flag, department.id));
      planDepartment(department, parent, allocateName(department, parent, node));
    }
  }

  planGroupDeletions(input, chainTail);
  return { nodeOfDepartment };
}

/**
 * Deletes the groups whose departments are gone, children before parents. A group that still
 * holds something we must keep (an entry of another provider, or one nobody anchored) is left,
 * with a warning, rather than failing on "not allowed on non-leaf".
 */
function planGroupDeletions(input: GroupPlanInput, chainTail: string | undefined): void {
  const { flag, tree, builder, targeted } = input;
  const candidates = new Set<GroupNode>();
  for (const node of tree.byAnchor.values()) {
    if (!node.managed || node.settled || node.created) continue;
    const id = (node.anchor as string).slice(flag.length + 1);
    if (targeted && !targeted.removed.has(id)) continue;
    candidates.add(node);
  }
  const deletable = new Map<GroupNode, boolean>();
  const canDelete = (node: GroupNode): boolean => {
    const known = deletable.get(node);
    if (known !== undefined) return known;
    let result = candidates.has(node);
    for (const child of node.children.values()) result = canDelete(child) && result;
    deletable.set(node, result);
    return result;
  };
  const emitted = new Map<GroupNode, string>();
  const visit = (node: GroupNode): string | undefined => {
    if (emitted.has(node)) return emitted.get(node);
    const childOps = [...node.children.values()].map(visit);
    if (!canDelete(node)) {
      if (candidates.has(node)) {
        builder.warn({
          code: "foreignEntryInTheWay",
          anchor: node.anchor as string,
          message: `the group ${tree.dn(node)} is gone from the source but still holds entries orgsync does not manage; it is kept`,
        });
      }
      return undefined;
    }
    const op = builder.add({
      type: "deleteGroup",
      anchor: node.anchor as string,
      dn: tree.dn(node),
      dependsOn: [...childOps, chainTail],
    });
    node.deleted = true;
    emitted.set(node, op.id);
    return op.id;
  };
  for (const node of candidates) {
    // Start from the top of each doomed subtree so children are emitted before parents.
    let top = node;
    while (top.parent && candidates.has(top.parent)) top = top.parent;
    visit(top);
  }
}
