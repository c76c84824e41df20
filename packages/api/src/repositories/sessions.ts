import { createHash, randomBytes } from "node:crypto";
import { eq, lte } from "drizzle-orm";
import { admins, sessions } from "../db/schema.ts";
import type { AdminRecord } from "./admins.ts";
import { type RepositoryContext, systemClock } from "./context.ts";

export type SessionRecord = typeof sessions.$inferSelect;

export interface CreateSessionOptions {
  /**
   * How long the session lasts.
   * @default 43_200_000 (12 hours)
   * @example 3_600_000 (one hour)
   */
  ttlMs?: number;
  userAgent?: string;
  ip?: string;
}

export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Only the token's hash is stored: a copy of the table cannot be replayed as sessions. */
const tokenId = (token: string) => createHash("sha256").update(token).digest("hex");

/** Admin sessions behind opaque bearer tokens. */
export function sessionRepository({
  db,
  now = systemClock,
}: Pick<RepositoryContext, "db" | "now">) {
  return {
    /** @returns the token for the client (shown once) and the stored session. */
    async create(
      adminId: string,
      options: CreateSessionOptions = {},
    ): Promise<{ token: string; session: SessionRecord }> {
      const token = randomBytes(32).toString("base64url");
      const at = now();
      const [session] = await db
        .insert(sessions)
        .values({
          id: tokenId(token),
          adminId,
          createdAt: at,
          lastSeenAt: at,
          expiresAt: new Date(at.getTime() + (options.ttlMs ?? DEFAULT_SESSION_TTL_MS)),
          userAgent: options.userAgent ?? null,
          ip: options.ip ?? null,
        })
        .returning();
      return { token, session: session as SessionRecord };
    },

    /** The session and its admin when the token is valid and unexpired; notes it was seen. */
    async verify(
      token: string,
    ): Promise<{ session: SessionRecord; admin: AdminRecord } | undefined> {
      const id = tokenId(token);
      const at = now();
      const [row] = await db
        .select({ session: sessions, admin: admins })
        .from(sessions)
        .innerJoin(admins, eq(admins.id, sessions.adminId))
        .where(eq(sessions.id, id));
      if (!row) return undefined;
      if (row.session.expiresAt <= at) {
        await db.delete(sessions).where(eq(sessions.id, id));
        return undefined;
      }
      await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
      const { passwordHash: _hash, ...admin } = row.admin;
      return { session: { ...row.session, lastSeenAt: at }, admin };
    },

    async revoke(token: string): Promise<void> {
      await db.delete(sessions).where(eq(sessions.id, tokenId(token)));
    },

    /** Logs an admin out everywhere (after a password change). */
    async revokeAll(adminId: string): Promise<void> {
      await db.delete(sessions).where(eq(sessions.adminId, adminId));
    },

    /** @returns how many expired sessions were removed. */
    async deleteExpired(): Promise<number> {
      const rows = await db
        .delete(sessions)
        .where(lte(sessions.expiresAt, now()))
        .returning({ id: sessions.id });
      return rows.length;
    },
  };
}

export type SessionRepository = ReturnType<typeof sessionRepository>;
