import type { FieldRelations } from "@orgsync/core";
import { and, desc, eq, sql } from "drizzle-orm";
import {
  type FieldRelationKind,
  fieldRelationHistory,
  fieldRelations,
  type StoredFieldRelations,
} from "../db/schema.ts";
import { ConflictError } from "../errors.ts";
import { type RepositoryContext, systemClock } from "./context.ts";

export interface FieldRelationVersion<K extends FieldRelationKind = FieldRelationKind> {
  providerId: string;
  kind: K;
  relations: FieldRelations[K];
  /** 1 for the first save, +1 on every save. */
  version: number;
  updatedBy: string | null;
  updatedAt: Date;
}

export interface SetFieldRelationsOptions {
  /** Who saved them: an admin's username, `import`, `defaults`. */
  updatedBy?: string;
  /**
   * Optimistic concurrency: save only if the current version is this one (0: none saved yet),
   * so two admins editing at once do not silently overwrite each other.
   * @default undefined (always save)
   * @example 3
   */
  expectedVersion?: number;
}

/** A provider's field relations per kind, versioned, every version kept in the history. */
export function fieldRelationRepository({
  db,
  now = systemClock,
}: Pick<RepositoryContext, "db" | "now">) {
  return {
    async get<K extends FieldRelationKind>(
      providerId: string,
      kind: K,
    ): Promise<FieldRelationVersion<K> | undefined> {
      const [row] = await db
        .select()
        .from(fieldRelations)
        .where(and(eq(fieldRelations.providerId, providerId), eq(fieldRelations.kind, kind)));
      return row as FieldRelationVersion<K> | undefined;
    },

    /** Saves a new version (validation is the caller's: core compiles relations first). */
    async set<K extends FieldRelationKind>(
      providerId: string,
      kind: K,
      relations: FieldRelations[K],
      options: SetFieldRelationsOptions = {},
    ): Promise<FieldRelationVersion<K>> {
      const at = now();
      const updatedBy = options.updatedBy ?? null;
      const { expectedVersion } = options;
      return db.transaction(async (tx) => {
        // One statement decides the version: concurrent saves serialise on the row and each
        // gets its own number, so the history never has two rows claiming one version.
        const [row] = await tx
          .insert(fieldRelations)
          .values({
            providerId,
            kind,
            relations: relations as StoredFieldRelations,
            version: 1,
            updatedBy,
            updatedAt: at,
          })
          .onConflictDoUpdate({
            target: [fieldRelations.providerId, fieldRelations.kind],
            set: {
              relations: sql`excluded.relations`,
              version: sql`${fieldRelations.version} + 1`,
              updatedBy: sql`excluded.updated_by`,
              updatedAt: sql`excluded.updated_at`,
            },
            ...(expectedVersion === undefined
              ? {}
              : { setWhere: eq(fieldRelations.version, expectedVersion) }),
          })
          .returning();
        if (!row || (expectedVersion !== undefined && row.version !== expectedVersion + 1)) {
          throw new ConflictError(
            `field relations: the ${kind} relations of provider ${providerId} changed since version ${expectedVersion}; reload them and save again`,
          );
        }
        await tx.insert(fieldRelationHistory).values({
          providerId,
          kind,
          version: row.version,
          relations: row.relations,
          updatedBy,
          createdAt: at,
        });
        return row as FieldRelationVersion<K>;
      });
    },

    /** Saved versions, newest first. */
    async history<K extends FieldRelationKind>(
      providerId: string,
      kind: K,
      options: { limit?: number } = {},
    ): Promise<FieldRelationVersion<K>[]> {
      const rows = await db
        .select()
        .from(fieldRelationHistory)
        .where(
          and(eq(fieldRelationHistory.providerId, providerId), eq(fieldRelationHistory.kind, kind)),
        )
        .orderBy(desc(fieldRelationHistory.version))
        .limit(options.limit ?? 50);
      return rows.map(({ createdAt, id: _id, ...row }) => ({
        ...row,
        updatedAt: createdAt,
      })) as FieldRelationVersion<K>[];
    },
  };
}

export type FieldRelationRepository = ReturnType<typeof fieldRelationRepository>;
