import { count, eq, sql } from "drizzle-orm";
import {
  DEFAULT_SCRYPT,
  hashPassword,
  type ScryptParameters,
  verifyPassword,
} from "../auth/password-hash.ts";
import { isUniqueViolation } from "../db/pg-error.ts";
import { admins } from "../db/schema.ts";
import { AdminExistsError, NotFoundError } from "../errors.ts";
import { type RepositoryContext, systemClock } from "./context.ts";

/** An admin account; the password hash never leaves this module. */
export interface AdminRecord {
  id: string;
  username: string;
  createdAt: Date;
  lastLoginAt: Date | null;
}

export interface AdminCredentials {
  username: string;
  password: string;
}

export interface AdminRepositoryOptions extends Pick<RepositoryContext, "db" | "now"> {
  /**
   * scrypt cost for new hashes; existing hashes keep theirs.
   * @default { logN: 15, r: 8, p: 1 }
   * @example { logN: 10, r: 8, p: 1 } (tests only: fast, weak)
   */
  scrypt?: ScryptParameters;
}

/** Serialises `createFirst` so two first-run setups cannot both succeed. */
const FIRST_ADMIN_LOCK = 7_042_187_302;

const toRecord = ({ passwordHash: _hash, ...admin }: typeof admins.$inferSelect): AdminRecord =>
  admin;

export function adminRepository({
  db,
  now = systemClock,
  scrypt = DEFAULT_SCRYPT,
}: AdminRepositoryOptions) {
  // Compared against when the username is unknown, so a miss takes as long as a wrong password.
  let dummyHash: Promise<string> | undefined;

  async function insert(
    executor: Pick<typeof db, "insert">,
    { username, password }: AdminCredentials,
  ): Promise<AdminRecord> {
    const passwordHash = await hashPassword(password, scrypt);
    try {
      const [row] = await executor.insert(admins).values({ username, passwordHash }).returning();
      return toRecord(row as typeof admins.$inferSelect);
    } catch (error) {
      if (!isUniqueViolation(error, "admins_username_unique")) throw error;
      throw new AdminExistsError(`admins: an admin named "${username}" exists already`, {
        cause: error,
      });
    }
  }

  return {
    async count(): Promise<number> {
      const [row] = await db.select({ n: count() }).from(admins);
      return row?.n ?? 0;
    },

    /** First-run setup: creates the first admin, refused once any admin exists. */
    async createFirst(credentials: AdminCredentials): Promise<AdminRecord> {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`);
        const [row] = await tx.select({ n: count() }).from(admins);
        if ((row?.n ?? 0) > 0) {
          throw new AdminExistsError(
            "admins: the first admin exists already; log in as an admin to add others",
          );
        }
        return insert(tx, credentials);
      });
    },

    async create(credentials: AdminCredentials): Promise<AdminRecord> {
      return insert(db, credentials);
    },

    async get(id: string): Promise<AdminRecord | undefined> {
      const [row] = await db.select().from(admins).where(eq(admins.id, id));
      return row && toRecord(row);
    },

    /**
     * The admin when the password is right (and records the login), else `undefined` — for an
     * unknown username too, after the same amount of work.
     */
    async verifyCredentials({
      username,
      password,
    }: AdminCredentials): Promise<AdminRecord | undefined> {
      const [row] = await db
        .select()
        .from(admins)
        .where(eq(sql`lower(${admins.username})`, username.toLowerCase()));
      if (!row) {
        dummyHash ??= hashPassword("orgsync-dummy-password", scrypt);
        await verifyPassword(password, await dummyHash);
        return undefined;
      }
      if (!(await verifyPassword(password, row.passwordHash))) return undefined;
      const [updated] = await db
        .update(admins)
        .set({ lastLoginAt: now() })
        .where(eq(admins.id, row.id))
        .returning();
      return toRecord(updated ?? row);
    },

    async changePassword(id: string, password: string): Promise<void> {
      const passwordHash = await hashPassword(password, scrypt);
      const rows = await db
        .update(admins)
        .set({ passwordHash })
        .where(eq(admins.id, id))
        .returning({ id: admins.id });
      if (rows.length === 0) throw new NotFoundError("admin", id);
    },
  };
}

export type AdminRepository = ReturnType<typeof adminRepository>;
