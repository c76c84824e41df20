import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { isUniqueViolation } from "../db/pg-error.ts";
import { ACTIVE_RUN_STATUSES, type ProviderSyncOptions, providers, runs } from "../db/schema.ts";
import { NotFoundError, ProviderFlagTakenError, RunAlreadyActiveError } from "../errors.ts";
import { type RepositoryContext, systemClock } from "./context.ts";

/** A provider as everyone but the sync engine sees it: its secrets are write-only. */
export interface ProviderRecord {
  id: string;
  kind: string;
  flag: string;
  name: string;
  /** The settings without the secret fields. */
  config: Record<string, unknown>;
  /** Whether any secret field is stored (so a form can say "set" without showing it). */
  hasSecrets: boolean;
  /**
   * The names of the stored secret fields, never their values, in the plugin's `secretFields` order.
   * @example ["appSecret", "encryptKey"]
   */
  secretsSet: string[];
  enabled: boolean;
  /** How runs plan: go-ldap-admin's `is-update-syncd` is `updateExisting`. Example: `{ updateExisting: false }`. */
  syncOptions: ProviderSyncOptions;
  createdAt: Date;
  updatedAt: Date;
}

/** For the sync engine only: the config with its secret fields decrypted back in. */
export interface ProviderWithSecrets extends ProviderRecord {
  config: Record<string, unknown>;
}

export interface CreateProviderInput {
  kind: string;
  flag: string;
  name: string;
  /** The full settings, secrets included; `secretFields` says which to split out. */
  config: Record<string, unknown>;
  /**
   * Top-level config keys that are secrets (from the provider's config schema).
   * @example ["appSecret"]
   */
  secretFields: readonly string[];
  /** @default true */
  enabled?: boolean;
  /**
   * How runs plan.
   * @default {} (updateExisting: true)
   * @example { updateExisting: false }
   */
  syncOptions?: ProviderSyncOptions;
}

interface UpdateProviderFields {
  name?: string;
  enabled?: boolean;
  /** Replaces the stored options as a whole. Example: `{ updateExisting: true }`. */
  syncOptions?: ProviderSyncOptions;
}

/**
 * A new config always comes with its secret field names: without them a secret would land in
 * the plain `config` column.
 */
export type UpdateProviderInput = UpdateProviderFields &
  (
    | {
        /**
         * New settings, replacing the old. A secret field left out keeps its stored value
         * (clients never see secrets, so they cannot send them back); `null` clears it; a
         * value replaces it. Example: `{ appId: "cli_x", appSecret: null }`.
         */
        config: Record<string, unknown>;
        /** Top-level config keys that are secrets. Example: `["appSecret"]`. */
        secretFields: readonly string[];
      }
    | { config?: undefined; secretFields?: undefined }
  );

export interface ListProvidersFilter {
  kind?: string;
  enabled?: boolean;
}

type Row = typeof providers.$inferSelect;

/** Splits `config` into the public part and the secret fields that carry a value. */
function splitSecrets(config: Record<string, unknown>, secretFields: readonly string[]) {
  const visible: Record<string, unknown> = {};
  const secret: Record<string, unknown> = {};
  const cleared: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (!secretFields.includes(key)) visible[key] = value;
    else if (value === null) cleared.push(key);
    else if (value !== undefined) secret[key] = value;
  }
  return { visible, secret, cleared };
}

/** The secret fields a stored secrets object holds, in the plugin's order. */
function namesIn(secret: Record<string, unknown>, secretFields: readonly string[]): string[] {
  return secretFields.filter((key) => key in secret);
}

export function providerRepository({ db, secrets: box, now = systemClock }: RepositoryContext) {
  const what = (row: Pick<Row, "flag">) => `the secrets of provider "${row.flag}"`;

  function toRecord({ secrets, secretNames, ...row }: Row): ProviderRecord {
    return { ...row, hasSecrets: secrets !== null, secretsSet: namesOf(secrets, secretNames, row) };
  }

  /**
   * Rows saved since `secret_names` exists carry the names in clear; older ones (null) are
   * decrypted for their keys, once per read, until their next config save writes the column.
   */
  function namesOf(secrets: string | null, names: string[] | null, row: Pick<Row, "flag">) {
    if (secrets === null) return [];
    if (names !== null) return [...names];
    return Object.keys(box.decryptJson<Record<string, unknown>>(secrets, what(row)));
  }

  async function rowById(id: string): Promise<Row> {
    const [row] = await db.select().from(providers).where(eq(providers.id, id));
    if (!row) throw new NotFoundError("provider", id);
    return row;
  }

  function flagTaken(error: unknown, flag: string): unknown {
    return isUniqueViolation(error, "providers_flag_unique")
      ? new ProviderFlagTakenError(flag, { cause: error })
      : error;
  }

  return {
    async create(input: CreateProviderInput): Promise<ProviderRecord> {
      const { visible, secret } = splitSecrets(input.config, input.secretFields);
      try {
        const [row] = await db
          .insert(providers)
          .values({
            kind: input.kind,
            flag: input.flag,
            name: input.name,
            config: visible,
            secrets: Object.keys(secret).length > 0 ? box.encryptJson(secret) : null,
            secretNames: namesIn(secret, input.secretFields),
            enabled: input.enabled ?? true,
            ...(input.syncOptions === undefined ? {} : { syncOptions: input.syncOptions }),
          })
          .returning();
        return toRecord(row as Row);
      } catch (error) {
        throw flagTaken(error, input.flag);
      }
    },

    async update(id: string, input: UpdateProviderInput): Promise<ProviderRecord> {
      const patch: Partial<typeof providers.$inferInsert> = { updatedAt: now() };
      if (input.name !== undefined) patch.name = input.name;
      if (input.enabled !== undefined) patch.enabled = input.enabled;
      if (input.syncOptions !== undefined) patch.syncOptions = input.syncOptions;
      const { config, secretFields } = input;
      // Read-merge-write of the secrets under a row lock, so two concurrent updates of different
      // secret fields cannot drop one another's.
      return db.transaction(async (tx) => {
        if (config !== undefined) {
          const [current] = await tx
            .select()
            .from(providers)
            .where(eq(providers.id, id))
            .for("update");
          if (!current) throw new NotFoundError("provider", id);
          const { visible, secret, cleared } = splitSecrets(config, secretFields ?? []);
          const stored =
            current.secrets === null
              ? {}
              : box.decryptJson<Record<string, unknown>>(current.secrets, what(current));
          for (const key of cleared) delete stored[key];
          const merged = { ...stored, ...secret };
          patch.config = visible;
          patch.secrets = Object.keys(merged).length > 0 ? box.encryptJson(merged) : null;
          patch.secretNames = namesIn(merged, secretFields ?? []);
        }
        const [row] = await tx.update(providers).set(patch).where(eq(providers.id, id)).returning();
        if (!row) throw new NotFoundError("provider", id);
        return toRecord(row);
      });
    },

    async get(id: string): Promise<ProviderRecord | undefined> {
      const [row] = await db.select().from(providers).where(eq(providers.id, id));
      return row && toRecord(row);
    },

    async getByFlag(flag: string): Promise<ProviderRecord | undefined> {
      const [row] = await db.select().from(providers).where(eq(providers.flag, flag));
      return row && toRecord(row);
    },

    async list(filter: ListProvidersFilter = {}): Promise<ProviderRecord[]> {
      const rows = await db
        .select()
        .from(providers)
        .where(
          and(
            filter.kind === undefined ? undefined : eq(providers.kind, filter.kind),
            filter.enabled === undefined ? undefined : eq(providers.enabled, filter.enabled),
          ),
        )
        .orderBy(asc(providers.createdAt), asc(providers.id));
      return rows.map(toRecord);
    },

    /** The only way secrets leave the database: decrypted, for the sync engine. */
    async getWithSecrets(id: string): Promise<ProviderWithSecrets> {
      const row = await rowById(id);
      const secret =
        row.secrets === null
          ? {}
          : box.decryptJson<Record<string, unknown>>(row.secrets, what(row));
      return { ...toRecord(row), config: { ...row.config, ...secret } };
    },

    /**
     * Deletes the provider with its field relations and run history. Refused while it has an
     * active run: the run would lose its row under the worker.
     */
    async delete(id: string): Promise<void> {
      const active = db
        .select({ one: sql`1` })
        .from(runs)
        .where(and(eq(runs.providerId, id), inArray(runs.status, [...ACTIVE_RUN_STATUSES])));
      const deleted = await db
        .delete(providers)
        .where(and(eq(providers.id, id), sql`not exists (${active})`))
        .returning({ id: providers.id });
      if (deleted.length > 0) return;
      await rowById(id);
      const [run] = await db
        .select({ id: runs.id, status: runs.status })
        .from(runs)
        .where(and(eq(runs.providerId, id), inArray(runs.status, [...ACTIVE_RUN_STATUSES])));
      throw new RunAlreadyActiveError(id, run?.id, run?.status);
    },
  };
}

export type ProviderRepository = ReturnType<typeof providerRepository>;
