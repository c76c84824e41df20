import type { SyncScope } from "@orgsync/core";
import { and, asc, desc, eq } from "drizzle-orm";
import { providers, RUN_SCOPES, scheduleFires, schedules } from "../db/schema.ts";
import { type RepositoryContext, systemClock } from "./context.ts";

export type ScheduleRecord = typeof schedules.$inferSelect;
export type ScheduleFireRecord = typeof scheduleFires.$inferSelect;
export type ScheduleFireOutcome = ScheduleFireRecord["outcome"];

/** A schedule the scheduler acts on: enabled, of an enabled provider. */
export interface ActiveSchedule extends ScheduleRecord {
  /** The provider's flag, for log lines. */
  flag: string;
}

export interface SetScheduleInput {
  /** Validated by the caller (`compileCron`). Example: `"0 0 2 * * *"`. */
  cron: string;
  /** @example "Asia/Shanghai" */
  timezone: string;
  enabled: boolean;
  /** An admin's username, `import`, `cli`. */
  updatedBy?: string;
}

/** Names one fire: a schedule's provider and scope and the instant it fired for. */
export interface ScheduleFireKey {
  providerId: string;
  scope: SyncScope;
  fireAt: Date;
}

export interface RecordFireInput extends ScheduleFireKey {
  outcome: ScheduleFireOutcome;
  runId?: string;
  reason?: string;
}

export interface UpdateFireInput {
  outcome: ScheduleFireOutcome;
  /** `undefined` keeps the stored run id. */
  runId?: string | null;
  /** `undefined` keeps the stored reason. */
  reason?: string | null;
}

export interface ListFiresOptions {
  /**
   * How many, newest fire first.
   * @default 20
   * @example 100
   */
  first?: number;
  /** Only this schedule's fires. */
  scope?: SyncScope;
}

const scopeOrder = (scope: SyncScope) => RUN_SCOPES.indexOf(scope);

/** Schedules per provider and scope, and the record of their fires. */
export function scheduleRepository({
  db,
  now = systemClock,
}: Pick<RepositoryContext, "db" | "now">) {
  /**
   * Inserts the fires in one statement, skipping those recorded already, and returns the keys
   * this call inserted. Two processes recording the same fire both try; the primary key lets
   * exactly one win. Rows are inserted in scope order, so two processes recording the same set
   * at once cannot split it between them: the second blocks on the first row until the first
   * commits, then finds every row taken.
   */
  async function recordFires(fires: readonly RecordFireInput[]): Promise<ScheduleFireKey[]> {
    if (fires.length === 0) return [];
    const sorted = [...fires].sort(
      (a, b) =>
        a.providerId.localeCompare(b.providerId) ||
        a.fireAt.getTime() - b.fireAt.getTime() ||
        scopeOrder(a.scope) - scopeOrder(b.scope),
    );
    const at = now();
    const rows = await db
      .insert(scheduleFires)
      .values(
        sorted.map((fire) => ({
          providerId: fire.providerId,
          scope: fire.scope,
          fireAt: fire.fireAt,
          outcome: fire.outcome,
          runId: fire.runId ?? null,
          reason: fire.reason ?? null,
          createdAt: at,
        })),
      )
      .onConflictDoNothing({
        target: [scheduleFires.providerId, scheduleFires.scope, scheduleFires.fireAt],
      })
      .returning({
        providerId: scheduleFires.providerId,
        scope: scheduleFires.scope,
        fireAt: scheduleFires.fireAt,
      });
    return rows;
  }

  return {
    /** A provider's schedules, in scope order (GROUPS, USERS, ALL). */
    async list(providerId: string): Promise<ScheduleRecord[]> {
      const rows = await db.select().from(schedules).where(eq(schedules.providerId, providerId));
      return rows.sort((a, b) => scopeOrder(a.scope) - scopeOrder(b.scope));
    },

    /**
     * Every enabled schedule of an enabled provider: what the scheduler reads each tick.
     * Disabling a provider pauses its schedules without recording a fire.
     */
    async listActive(): Promise<ActiveSchedule[]> {
      const rows = await db
        .select({ schedule: schedules, flag: providers.flag })
        .from(schedules)
        .innerJoin(providers, eq(providers.id, schedules.providerId))
        .where(and(eq(schedules.enabled, true), eq(providers.enabled, true)))
        .orderBy(asc(schedules.providerId));
      return rows.map((row) => ({ ...row.schedule, flag: row.flag }));
    },

    async get(providerId: string, scope: SyncScope): Promise<ScheduleRecord | undefined> {
      const [row] = await db
        .select()
        .from(schedules)
        .where(and(eq(schedules.providerId, providerId), eq(schedules.scope, scope)));
      return row;
    },

    /** Creates or replaces the provider's schedule for `scope`. */
    async set(
      providerId: string,
      scope: SyncScope,
      input: SetScheduleInput,
    ): Promise<ScheduleRecord> {
      const values = {
        cron: input.cron,
        timezone: input.timezone,
        enabled: input.enabled,
        updatedBy: input.updatedBy ?? null,
        updatedAt: now(),
      };
      const [row] = await db
        .insert(schedules)
        .values({ providerId, scope, ...values })
        .onConflictDoUpdate({ target: [schedules.providerId, schedules.scope], set: values })
        .returning();
      return row as ScheduleRecord;
    },

    /** Deletes the schedule; `false` when there was none. Its fires stay as history. */
    async delete(providerId: string, scope: SyncScope): Promise<boolean> {
      const rows = await db
        .delete(schedules)
        .where(and(eq(schedules.providerId, providerId), eq(schedules.scope, scope)))
        .returning({ scope: schedules.scope });
      return rows.length > 0;
    },

    recordFires,

    /**
     * Records one fire unless it is recorded already. Returns whether this call inserted it:
     * only the winner acts on the fire (starts the run), so several processes on one
     * PostgreSQL start one run per fire.
     */
    async recordFire(fire: RecordFireInput): Promise<boolean> {
      return (await recordFires([fire])).length === 1;
    },

    /** Sets a recorded fire's outcome (what became of the run it started). */
    async updateFire(
      key: ScheduleFireKey,
      input: UpdateFireInput,
    ): Promise<ScheduleFireRecord | undefined> {
      const [row] = await db
        .update(scheduleFires)
        .set({
          outcome: input.outcome,
          ...(input.runId === undefined ? {} : { runId: input.runId }),
          ...(input.reason === undefined ? {} : { reason: input.reason }),
        })
        .where(
          and(
            eq(scheduleFires.providerId, key.providerId),
            eq(scheduleFires.scope, key.scope),
            eq(scheduleFires.fireAt, key.fireAt),
          ),
        )
        .returning();
      return row;
    },

    /** A provider's fires, newest first. */
    async listFires(
      providerId: string,
      options: ListFiresOptions = {},
    ): Promise<ScheduleFireRecord[]> {
      return db
        .select()
        .from(scheduleFires)
        .where(
          and(
            eq(scheduleFires.providerId, providerId),
            options.scope === undefined ? undefined : eq(scheduleFires.scope, options.scope),
          ),
        )
        .orderBy(desc(scheduleFires.fireAt), asc(scheduleFires.scope))
        .limit(options.first ?? 20);
    },
  };
}

export type ScheduleRepository = ReturnType<typeof scheduleRepository>;
