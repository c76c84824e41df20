import { type DirectoryEntry, type DirectorySnapshot, normalizeName } from "../model/directory.ts";
import { normalizeDn, parentDn } from "../model/dn.ts";
import type { DirectoryLayout } from "../target/target.ts";

/**
 * A group entry in the planner's simulation of the directory. The simulation starts as the
 * target read it and changes as operations are planned, so every operation can be given the
 * DN its entry will have when the operation runs.
 */
export interface GroupNode {
  /** `<flag>:<id>` of the managing provider, or null for an unanchored entry. */
  anchor: string | null;
  /** Anchored by this provider (ours to move, update, delete). */
  managed: boolean;
  entry: DirectoryEntry | null;
  name: string;
  /** The RDN as a string (`cn=rd`), so unmoved entries keep the DN the directory gave them. */
  rdn: string;
  parent: GroupNode | null;
  children: Map<string, GroupNode>;
  /** Planned already: its name and place are final. */
  settled: boolean;
  /** The operation after which this group is at its final DN (its create, or the last move before it). */
  readyOp?: string | undefined;
  created: boolean;
  deleted: boolean;
}

/** The simulated group subtree of one provider, below its group root. */
export class GroupTree {
  readonly root: GroupNode;
  readonly byAnchor = new Map<string, GroupNode>();
  /** Anchors more than one group entry carries, and those entries: none of them is touched. */
  readonly duplicatedAnchors = new Set<string>();
  readonly duplicates: DirectoryEntry[] = [];
  /** Entries the planner cannot place: their parent is not in the subtree it read. */
  readonly detached: GroupNode[] = [];

  constructor(
    private readonly layout: DirectoryLayout,
    readonly flag: string,
    snapshot: DirectorySnapshot,
  ) {
    this.root = {
      anchor: null,
      managed: false,
      entry: null,
      name: "",
      rdn: snapshot.groupRoot.dn,
      parent: null,
      children: new Map(),
      settled: true,
      created: false,
      deleted: false,
    };
    const rootKey = normalizeDn(snapshot.groupRoot.dn);
    const byDn = new Map<string, { node: GroupNode; parentKey: string | null }>();
    const seen = new Set<string>();
    for (const entry of snapshot.entries) {
      if (entry.kind !== "group" || entry.anchor === null) continue;
      if (seen.has(entry.anchor)) this.duplicatedAnchors.add(entry.anchor);
      seen.add(entry.anchor);
    }
    for (const entry of snapshot.entries) {
      if (entry.kind !== "group") continue;
      const dn = normalizeDn(entry.dn);
      if (dn === rootKey) continue;
      const parent = parentDn(entry.dn);
      // Entries sharing an anchor (a hand-made copy): nobody can tell which is the real one, so
      // all of them are left alone until an admin removes the copy.
      const duplicate = entry.anchor !== null && this.duplicatedAnchors.has(entry.anchor);
      if (duplicate) this.duplicates.push(entry);
      const managed = !duplicate && (entry.anchor?.startsWith(`${flag}:`) ?? false);
      const node: GroupNode = {
        anchor: entry.anchor,
        managed,
        entry,
        name: entry.name,
        rdn: parent === null ? entry.dn : entry.dn.slice(0, entry.dn.length - parent.length - 1),
        parent: null,
        children: new Map(),
        settled: !managed,
        created: false,
        deleted: false,
      };
      byDn.set(dn, { node, parentKey: parent === null ? null : normalizeDn(parent) });
      if (managed && entry.anchor && !this.byAnchor.has(entry.anchor))
        this.byAnchor.set(entry.anchor, node);
    }
    for (const { node, parentKey } of byDn.values()) {
      const parent =
        parentKey === rootKey ? this.root : parentKey ? byDn.get(parentKey)?.node : undefined;
      if (!parent) {
        this.detached.push(node);
        node.settled = true;
        continue;
      }
      node.parent = parent;
      parent.children.set(normalizeName(node.name), node);
    }
  }

  dn(node: GroupNode): string {
    return node.parent ? `${node.rdn},${this.dn(node.parent)}` : node.rdn;
  }

  /** The RDN the layout gives a group of this name (independent of its parent). */
  rdnFor(name: string, parent: GroupNode): string {
    const parentDnValue = this.dn(parent);
    const dn = this.layout.groupDn(name, parentDnValue);
    if (!dn.endsWith(`,${parentDnValue}`)) {
      throw new Error(
        `planner: layout.groupDn must append the parent DN; got "${dn}" for parent "${parentDnValue}"`,
      );
    }
    return dn.slice(0, dn.length - parentDnValue.length - 1);
  }

  childNamed(parent: GroupNode, name: string): GroupNode | undefined {
    return parent.children.get(normalizeName(name));
  }

  /** Re-parents and/or renames a node in the simulation; its subtree follows. */
  place(node: GroupNode, parent: GroupNode, name: string): void {
    if (node.parent) node.parent.children.delete(normalizeName(node.name));
    node.parent = parent;
    node.name = name;
    node.rdn = this.rdnFor(name, parent);
    parent.children.set(normalizeName(name), node);
  }

  add(anchor: string, parent: GroupNode, name: string): GroupNode {
    const node: GroupNode = {
      anchor,
      managed: true,
      entry: null,
      name,
      rdn: this.rdnFor(name, parent),
      parent,
      children: new Map(),
      settled: true,
      created: true,
      deleted: false,
    };
    parent.children.set(normalizeName(name), node);
    this.byAnchor.set(anchor, node);
    return node;
  }

  isAncestor(candidate: GroupNode, node: GroupNode): boolean {
    for (let current = node.parent; current; current = current.parent) {
      if (current === candidate) return true;
    }
    return false;
  }
}
