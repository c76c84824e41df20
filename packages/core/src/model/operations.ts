import type { Attributes, EntryKind } from "./directory.ts";

/**
 * The typed operations of a plan. A plan is data: every operation carries the DNs it touches
 * as they will be when it runs (after the operations it depends on), so it can be shown in a
 * dry run, stored, approved and applied later without planning again.
 */

export type OperationType =
  | "createGroup"
  | "updateGroup"
  | "moveGroup"
  | "createUser"
  | "updateUser"
  | "moveUser"
  | "setMembers"
  | "enableUser"
  | "disableUser"
  | "deleteUser"
  | "deleteGroup";

export const OPERATION_TYPES: readonly OperationType[] = [
  "createGroup",
  "updateGroup",
  "moveGroup",
  "createUser",
  "updateUser",
  "moveUser",
  "setMembers",
  "enableUser",
  "disableUser",
  "deleteUser",
  "deleteGroup",
];

/** One attribute's change: `old` as read, `new` as desired; `[]` means absent. */
export interface AttributeChange {
  attribute: string;
  old: string[];
  new: string[];
}

interface OperationBase {
  /** Unique within the plan, stable for the same inputs (e.g. `createUser:feishu:ou_1`). */
  id: string;
  /** Ids of the operations that must have succeeded before this one runs. */
  dependsOn: string[];
  /** `<flag>:<source id>` of the object this operation is about. */
  anchor: string;
  /** DN of the entry when the operation runs (for creates: the DN it gets). */
  dn: string;
}

export interface CreateGroupOp extends OperationBase {
  type: "createGroup";
  name: string;
  attributes: Attributes;
}

export interface UpdateGroupOp extends OperationBase {
  type: "updateGroup";
  changes: AttributeChange[];
  /** The entry was found without an anchor and is adopted: the target writes the anchor. */
  adopt?: boolean;
}

/** Rename and/or move to another parent; the subtree moves with it. */
export interface MoveGroupOp extends OperationBase {
  type: "moveGroup";
  newDn: string;
  newName: string;
}

export interface CreateUserOp extends OperationBase {
  type: "createUser";
  /** The allocated username: the RDN value, stable for the life of the account. */
  name: string;
  attributes: Attributes;
}

export interface UpdateUserOp extends OperationBase {
  type: "updateUser";
  changes: AttributeChange[];
  adopt?: boolean;
}

export interface MoveUserOp extends OperationBase {
  type: "moveUser";
  newDn: string;
  newName: string;
}

/** Member deltas for one group: values added and removed one by one, never a rewrite. */
export interface SetMembersOp extends OperationBase {
  type: "setMembers";
  add: string[];
  remove: string[];
}

export interface EnableUserOp extends OperationBase {
  type: "enableUser";
}

export interface DisableUserOp extends OperationBase {
  type: "disableUser";
  /** Why: `resigned`, `frozen` or `removed` (absent from a complete read). */
  reason: DepartureReason;
}

export interface DeleteUserOp extends OperationBase {
  type: "deleteUser";
  reason: DepartureReason;
}

export interface DeleteGroupOp extends OperationBase {
  type: "deleteGroup";
}

export type DepartureReason = "resigned" | "frozen" | "removed" | "outOfScope";

export type Operation =
  | CreateGroupOp
  | UpdateGroupOp
  | MoveGroupOp
  | CreateUserOp
  | UpdateUserOp
  | MoveUserOp
  | SetMembersOp
  | EnableUserOp
  | DisableUserOp
  | DeleteUserOp
  | DeleteGroupOp;

export type OperationOf<T extends OperationType> = Extract<Operation, { type: T }>;

/** The kind of entry an operation is about (setMembers: the group). */
export function operationKind(op: Operation): EntryKind {
  switch (op.type) {
    case "createGroup":
    case "updateGroup":
    case "moveGroup":
    case "setMembers":
    case "deleteGroup":
      return "group";
    default:
      return "user";
  }
}

/** Operations that take access away: the safety gate counts them. */
export function isDestructive(op: Operation): boolean {
  return op.type === "deleteUser" || op.type === "disableUser" || op.type === "deleteGroup";
}
