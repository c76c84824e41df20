import type { AuditEntry } from "../repositories/audit.ts";
import type { Repositories } from "../repositories/index.ts";

/** Who makes a change: an admin through the API, or the system (first-run setup, the CLI). */
export interface Actor {
  /** The admin's id; `null` for the system and the CLI, which act without an admin row. */
  adminId: string | null;
  /**
   * Shown in histories (`updatedBy` of field relations, the audit log's details).
   * @example "alice" (an admin), "cli", "system"
   */
  username: string;
}

/** The actor for changes nobody asked for through the API (seeding, migrations). */
export const SYSTEM_ACTOR: Actor = { adminId: null, username: "system" };

/** What an audit entry is about. */
export interface AuditTarget {
  /** @example "provider" */
  type: string;
  id: string;
}

/**
 * Appends one audit entry for `actor`. `details` say what changed and must never hold a secret:
 * the repository redacts secret-looking keys (`redactSecrets`) only as a last guard, so callers
 * name secret fields (`["appSecret"]`) instead of passing their values.
 *
 * Written after the change succeeded, outside its transaction (the repositories own theirs): if
 * appending fails the caller sees the error although the change itself is saved.
 */
export function audit(
  repositories: Pick<Repositories, "audit">,
  actor: Actor,
  action: string,
  target: AuditTarget | undefined,
  details: Record<string, unknown> = {},
): Promise<AuditEntry> {
  return repositories.audit.append({
    ...(actor.adminId === null ? {} : { adminId: actor.adminId }),
    action,
    ...(target ? { targetType: target.type, targetId: target.id } : {}),
    details: { actor: actor.username, ...details },
  });
}
