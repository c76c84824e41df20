import type { DirectorySnapshot, EntryKind } from "../model/directory.ts";
import type { Operation } from "../model/operations.ts";

/**
 * The directory-target contract: where the org chart is written. The LDAP package implements
 * it on a real OpenLDAP; `@orgsync/core/testing` has an in-memory one for unit tests. Both run
 * the same conformance suite.
 */
export interface DirectoryTarget {
  /** Short name for logs, e.g. `ldap://ldap.example.com`. */
  readonly name: string;
  readonly capabilities: TargetCapabilities;
  /** How DNs are made: pure functions, so the planner can name entries before they exist. */
  readonly layout: DirectoryLayout;
  /**
   * Reads every entry under the provider's managed subtrees (its group root and the user
   * container), anchored or not, so that the planner sees names already taken and entries it
   * may adopt.
   */
  read(flag: string, options?: ReadOptions): Promise<DirectorySnapshot>;
  /**
   * Applies one operation. Throws a `DirectoryError` with a category on failure. Must be
   * idempotent where LDAP is not: adding a member value already present or removing one that is
   * absent succeeds; creating the provider's group root or user container when missing is the
   * target's job.
   */
  apply(operation: Operation, options?: { signal?: AbortSignal }): Promise<void>;
  /** Releases connections. */
  close?(): Promise<void>;
}

export interface ReadOptions {
  signal?: AbortSignal;
  /**
   * The attributes the field relations manage (`managedAttributes(relations)`). A target may
   * then read only these, plus what it needs itself (anchor, names, members, status), which
   * makes reading a large directory cheaper. Without it, every attribute is read.
   * @example ["cn", "sn", "mail", "description"]
   */
  attributes?: readonly string[];
}

export interface TargetCapabilities {
  /** Renames and moves keep the entry (modifyDN with a new superior). Without it the planner refuses moves. */
  move: boolean;
  /** Disabling keeps the entry but stops binds. Without it the `disable` policy is refused. */
  disable: boolean;
  /**
   * Groups hold members. False for layouts whose departments are plain containers (an OU
   * tree): the planner then plans no memberships.
   * @default true
   */
  memberships?: boolean;
  /** How many operations the target applies well at once (its connection pool size). */
  maxParallelism: number;
}

export interface DirectoryLayout {
  /** DN of the container holding the provider's top-level groups, e.g. `ou=feishuroot,dc=example,dc=com`. */
  groupRootDn(flag: string): string;
  /** DN of a group named `name` under `parentDn` (a group DN or the group root). */
  groupDn(name: string, parentDn: string): string;
  /** DN of the user with this username. */
  userDn(username: string): string;
  /**
   * Longest name (RDN value) the directory takes, in code points and UTF-8 bytes; longer group
   * names are cut, then numbered within the limit.
   * @default { maxLength: 64, maxBytes: 192 }
   */
  nameLimits?: { maxLength: number; maxBytes: number };
  /** Attribute names the layout requires on every entry of a kind (e.g. `sn` for inetOrgPerson). */
  requiredAttributes?: Partial<Record<EntryKind, readonly string[]>>;
}
