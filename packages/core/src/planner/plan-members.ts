import { normalizeDn, sameDn } from "../model/dn.ts";
import type { GroupNode, GroupTree } from "./group-tree.ts";
import type { PlanBuilder } from "./plan-builder.ts";
import type { UserOutcome } from "./plan-users.ts";

export interface MemberPlanInput {
  flag: string;
  rootId: string;
  tree: GroupTree;
  nodeOfDepartment: ReadonlyMap<string, GroupNode>;
  users: readonly UserOutcome[];
  builder: PlanBuilder;
  /** Source department ids that exist (to tell "unknown" from "not synced yet"). */
  knownDepartments: ReadonlySet<string>;
  /** The target's groups hold members; when not, only the departures are planned. */
  withMemberships: boolean;
}

interface Delta {
  add: string[];
  remove: string[];
  after: (string | undefined)[];
}

/**
 * Plans membership changes as per-group deltas — each value added or removed on its own,
 * never a rewrite of the member list, so concurrent edits and members we do not manage
 * (the admin placeholder, other providers' users) survive.
 *
 * Only DNs of users this run is about are touched: a member value that is not one of our
 * users' DNs is never removed.
 */
export function planMembers(input: MemberPlanInput): void {
  const { flag, rootId, tree, nodeOfDepartment, users, builder, knownDepartments } = input;

  // Where each user's DN is a member now, from the groups we manage. Member values are almost
  // always the very strings the users' DNs are (we wrote them), so they are indexed as they are
  // and only the others are normalised: at 100k people that is most of this pass's cost.
  const knownDns = new Set<string>();
  for (const user of users) if (user.currentDn) knownDns.add(user.currentDn);
  const exactly = new Map<string, GroupNode[]>();
  const normalized = new Map<string, GroupNode[]>();
  const nodes: GroupNode[] = [];
  for (const node of tree.byAnchor.values()) {
    if (!node.managed || node.deleted) continue;
    nodes.push(node);
    for (const member of node.entry?.members ?? []) {
      const [index, key] = knownDns.has(member)
        ? [exactly, member]
        : [normalized, normalizeDn(member)];
      const list = index.get(key);
      if (list) list.push(node);
      else index.set(key, [node]);
    }
  }
  const groupsOf = (dn: string): GroupNode[] => {
    const exact = exactly.get(dn) ?? [];
    if (normalized.size === 0) return exact;
    const other = normalized.get(normalizeDn(dn)) ?? [];
    return other.length === 0
      ? exact
      : [...exact, ...other.filter((node) => !exact.includes(node))];
  };
  const deltas = new Map<GroupNode, Delta>();
  const deltaOf = (node: GroupNode): Delta => {
    let delta = deltas.get(node);
    if (!delta) {
      delta = { add: [], remove: [], after: [node.readyOp] };
      deltas.set(node, delta);
    }
    return delta;
  };
  /** Which groups a departing user leaves, so its disable/delete can wait for them. */
  const leftBy = new Map<UserOutcome, GroupNode[]>();
  const warned = new Set<string>();

  for (const user of input.withMemberships ? users : []) {
    if (user.departmentIds === null) continue;
    // Arrays, not Sets: a person is in one to a few groups, and this runs once per person.
    const wanted: GroupNode[] = [];
    for (const id of user.departmentIds) {
      if (id === rootId) continue; // the root is a container, never a group with members
      const node = nodeOfDepartment.get(id);
      if (node && !node.deleted) {
        if (!wanted.includes(node)) wanted.push(node);
      } else if (!warned.has(id)) {
        warned.add(id);
        builder.warn({
          code: knownDepartments.has(id) ? "groupNotSynced" : "unknownDepartment",
          anchor: `${flag}:${id}`,
          message: knownDepartments.has(id)
            ? `department ${id} has no group yet, so memberships in it wait for a groups sync`
            : `users are members of department ${id}, which the source did not return (out of scope or no permission)`,
        });
      }
    }
    const current = user.currentDn ? groupsOf(user.currentDn) : [];
    const moved = user.currentDn !== null && !sameDn(user.currentDn, user.dn);
    for (const node of current) {
      if (wanted.includes(node) && !moved) continue;
      if (node.deleted) continue;
      const delta = deltaOf(node);
      delta.remove.push(user.currentDn as string);
      delta.after.push(user.readyOp);
      if (!wanted.includes(node)) {
        const list = leftBy.get(user);
        if (list) list.push(node);
        else leftBy.set(user, [node]);
      }
    }
    for (const node of wanted) {
      if (current.includes(node) && !moved) continue;
      const delta = deltaOf(node);
      delta.add.push(user.dn);
      delta.after.push(user.readyOp);
    }
  }

  const opOf = new Map<GroupNode, string>();
  for (const node of nodes) {
    const delta = deltas.get(node);
    if (!delta) continue;
    const op = builder.add({
      type: "setMembers",
      anchor: node.anchor as string,
      dn: tree.dn(node),
      add: delta.add,
      remove: delta.remove,
      dependsOn: delta.after,
    });
    opOf.set(node, op.id);
  }

  // Departures come after the memberships are gone, so no group is left pointing at a
  // deleted entry (LDAP without the refint overlay would keep the dangling value).
  for (const user of users) {
    if (!user.departureOp) continue;
    const after = (leftBy.get(user) ?? []).map((node) => opOf.get(node));
    builder.add({
      type: user.departureOp.type,
      anchor: user.anchor,
      dn: user.dn,
      reason: user.departureOp.reason,
      dependsOn: after,
    });
  }
}
