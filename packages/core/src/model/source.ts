/**
 * The source model: what every IM provider turns its org chart into.
 *
 * Ids are the provider's immutable ids as strings (Feishu `open_department_id`, `open_id`/`union_id`;
 * DingTalk and WeCom numeric ids). They never change when a person or department is renamed or
 * moved, which is why identity (the anchor) is built on them and never on names.
 */

export interface SourceDepartment {
  /** Immutable id of the department in the provider. */
  id: string;
  /** Id of the parent; the provider's root id (Feishu `"0"`, DingTalk/WeCom `"1"`) for top level. */
  parentId: string;
  /** Display name as shown in the IM. */
  name: string;
  /** Sort order among siblings, as the IM gives it (lower first). */
  order: number;
  /** The provider's own record, addressed by field-relation paths (`name`, `leader_user_id`, …). */
  raw: Record<string, unknown>;
}

/**
 * A person's employment status, normalised across IMs.
 * - `active`: employed and usable;
 * - `frozen`: suspended in the IM (Feishu 暂停); the account is disabled, never deleted;
 * - `resigned`: left the company; the departed-user policy applies;
 * - `notJoined`: hired but not started; no account is created yet.
 */
export type SourceUserStatus = "active" | "frozen" | "resigned" | "notJoined";

export const SOURCE_USER_STATUSES: readonly SourceUserStatus[] = [
  "active",
  "frozen",
  "resigned",
  "notJoined",
];

export interface SourceUser {
  /** Immutable id of the person in the provider (Feishu `union_id` or `open_id`). */
  id: string;
  /** Display name (often Chinese: the input of the `pinyin` filter). */
  name: string;
  /**
   * Every department the person belongs to directly. A person in several departments is one
   * user with several ids here, never several users. May contain the provider's root id.
   */
  departmentIds: string[];
  /** The department the IM marks as primary, when it says so. */
  primaryDepartmentId?: string;
  status: SourceUserStatus;
  /** The provider's own record, addressed by field-relation paths (`email`, `employee_no`, …). */
  raw: Record<string, unknown>;
}

/** A complete read of one provider: every department and every user in its scope. */
export interface SourceSnapshot {
  departments: SourceDepartment[];
  users: SourceUser[];
}
