import { and, desc, eq, lt } from "drizzle-orm";
import { auditLog } from "../db/schema.ts";
import { type RepositoryContext, systemClock } from "./context.ts";

export type AuditEntry = typeof auditLog.$inferSelect;

export interface AppendAuditInput {
  /** The acting admin; `undefined` for the system (first-run setup, CLI). */
  adminId?: string;
  /** Example: `provider.update`. */
  action: string;
  /** Example: `provider`. */
  targetType?: string;
  targetId?: string;
  /** What changed. Keys that look like secrets are redacted before storing, as a last guard. */
  details?: Record<string, unknown>;
}

export interface ListAuditFilter {
  adminId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /**
   * Page size.
   * @default 50
   * @example 200
   */
  first?: number;
  /** Entries older than this id: the last id of the previous page. */
  before?: number;
}

const SECRET_KEY = /secret|password|token|credential|private.?key/i;

/** Replaces every value under a secret-looking key, at any depth, by `"[redacted]"`. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_KEY.test(key) ? "[redacted]" : redactSecrets(inner),
    ]),
  );
}

/** The audit log of admin changes: append-only. */
export function auditRepository({ db, now = systemClock }: Pick<RepositoryContext, "db" | "now">) {
  return {
    async append(input: AppendAuditInput): Promise<AuditEntry> {
      const [row] = await db
        .insert(auditLog)
        .values({
          at: now(),
          adminId: input.adminId ?? null,
          action: input.action,
          targetType: input.targetType ?? null,
          targetId: input.targetId ?? null,
          details: redactSecrets(input.details ?? {}) as Record<string, unknown>,
        })
        .returning();
      return row as AuditEntry;
    },

    /** Entries, newest first. */
    async list(filter: ListAuditFilter = {}): Promise<AuditEntry[]> {
      return db
        .select()
        .from(auditLog)
        .where(
          and(
            filter.adminId === undefined ? undefined : eq(auditLog.adminId, filter.adminId),
            filter.action === undefined ? undefined : eq(auditLog.action, filter.action),
            filter.targetType === undefined
              ? undefined
              : eq(auditLog.targetType, filter.targetType),
            filter.targetId === undefined ? undefined : eq(auditLog.targetId, filter.targetId),
            filter.before === undefined ? undefined : lt(auditLog.id, filter.before),
          ),
        )
        .orderBy(desc(auditLog.id))
        .limit(filter.first ?? 50);
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
