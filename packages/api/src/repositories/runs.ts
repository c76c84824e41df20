import {
  type AttributeChange,
  ConfigError,
  type OperationType,
  type SyncScope,
} from "@orgsync/core";
import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  inArray,
  lt,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import { isUniqueViolation } from "../db/pg-error.ts";
import {
  ACTIVE_RUN_STATUSES,
  type RunCounts,
  type RunItemOutcome,
  type RunStatus,
  type RunTargets,
  type RunTrigger,
  runItems,
  runs,
  TERMINAL_RUN_STATUSES,
} from "../db/schema.ts";
import { timestamptz } from "../db/sql-values.ts";
import { IllegalRunTransitionError, NotFoundError, RunAlreadyActiveError } from "../errors.ts";
import { type RepositoryContext, systemClock } from "./context.ts";

/**
 * A run without its stored plan: the plan of a 10k-object run is megabytes of JSON, and a run is
 * read on every progress poll, every list page and every transition. `getStoredPlan` and
 * `getPlanGate` read it, or the small part of it a caller needs, on purpose.
 */
export type RunRecord = Omit<typeof runs.$inferSelect, "plan">;
export type RunItemRecord = typeof runItems.$inferSelect;

const { plan: _plan, ...runColumns } = getTableColumns(runs);

/** What a held plan says about itself: why it waits, and the planner's warnings. */
export interface RunPlanGate {
  approval: unknown;
  warnings: unknown;
}

/**
 * The statuses a run may come from, per target status. Terminal statuses have no way out; a
 * held run (`needs_approval`) may go back to `planning` when the directory changed before
 * approval and the plan must be made again.
 */
export const RUN_TRANSITIONS: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  queued: [],
  planning: ["queued", "needs_approval"],
  needs_approval: ["planning"],
  applying: ["planning", "needs_approval"],
  succeeded: ["planning", "applying"],
  failed: ["queued", "planning", "needs_approval", "applying"],
  cancelled: ["queued", "planning", "needs_approval", "applying"],
  interrupted: ["planning", "applying"],
};

export interface CreateRunInput {
  providerId: string;
  scope: SyncScope;
  trigger: RunTrigger;
  /** @default false */
  dryRun?: boolean;
  /** Example: an admin's username, `schedule`, `event:contact.user.updated_v3`. */
  requestedBy?: string;
  /**
   * An event-driven run: plan only these objects (stored in `runs.targets`).
   * @default undefined (a full run)
   * @example { departmentIds: [], userIds: ["ou_9"] }
   */
  targets?: RunTargets;
}

/** Fields a transition may set along with the status. */
export interface RunTransitionPatch {
  plan?: Record<string, unknown>;
  counts?: RunCounts;
  progressTotal?: number;
  /** The error, or why a run is held; `null` clears it (a held run that was approved). */
  error?: string | null;
  approvedBy?: string;
  /** The process taking the run (when it leaves `queued`). */
  workerId?: string;
}

export interface RunProgress {
  done: number;
  total?: number;
  counts?: RunCounts;
}

export interface RunItemInput {
  /** Position in the plan, from 0; unique per run. */
  seq: number;
  op: OperationType;
  anchor: string;
  dn: string;
  changes?: AttributeChange[];
  outcome: RunItemOutcome;
  errorCategory?: string;
  message?: string;
  attempts?: number;
  durationMs?: number;
}

/** One item's outcome, written when its operation finished (see `updateItems`). */
export interface RunItemUpdate {
  seq: number;
  outcome: RunItemOutcome;
  errorCategory?: string;
  message?: string;
  attempts?: number;
  durationMs?: number;
}

/** What a progress beat learns about its run: whether it is still active, and cancelled. */
export interface RunBeat {
  status: RunStatus;
  cancelRequestedAt: Date | null;
}

export interface ListRunsFilter {
  providerId?: string;
  status?: readonly RunStatus[];
  dryRun?: boolean;
  /**
   * Page size.
   * @default 20
   * @example 50
   */
  first?: number;
  /** The `endCursor` of the previous page. */
  after?: string;
}

export interface ListRunItemsFilter {
  op?: OperationType;
  outcome?: RunItemOutcome;
  /**
   * Only items whose DN or anchor contains this text, ignoring case (`%` and `_` match
   * themselves). Done in SQL so that paging a large plan by a search stays correct.
   * @default undefined (every item)
   * @example "zhangwei"
   */
  search?: string;
  /**
   * Page size.
   * @default 100
   * @example 500
   */
  first?: number;
  /** The `endCursor` of the previous page. */
  after?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass as `after` for the next page; `undefined` on the last page. */
  endCursor: string | undefined;
}

/** Item rows per statement: one JSON parameter of a few megabytes at most. */
const ITEM_BATCH = 5000;

/** A LIKE pattern's wildcards and escape character, taken literally. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

const cursorOf = (value: string) => Buffer.from(value, "utf8").toString("base64url");
const cursorValue = (cursor: string) => Buffer.from(cursor, "base64url").toString("utf8");

/** Runs: their lifecycle, progress and per-object log. */
export function runRepository({ db, now = systemClock }: Pick<RepositoryContext, "db" | "now">) {
  async function get(id: string): Promise<RunRecord | undefined> {
    const [row] = await db.select(runColumns).from(runs).where(eq(runs.id, id));
    return row;
  }

  async function getActive(providerId: string): Promise<RunRecord | undefined> {
    const [row] = await db
      .select(runColumns)
      .from(runs)
      .where(and(eq(runs.providerId, providerId), inArray(runs.status, [...ACTIVE_RUN_STATUSES])));
    return row;
  }

  return {
    get,
    getActive,

    /** The run's stored plan as saved (see `storedPlanOf`); `null` when it has none. */
    async getStoredPlan(id: string): Promise<unknown> {
      const [row] = await db.select({ plan: runs.plan }).from(runs).where(eq(runs.id, id));
      return row?.plan ?? null;
    },

    /** The approval and warnings of the run's stored plan, read without its operations. */
    async getPlanGate(id: string): Promise<RunPlanGate | undefined> {
      const [row] = await db
        .select({
          approval: sql<unknown>`${runs.plan} #> '{plan,approval}'`,
          warnings: sql<unknown>`${runs.plan} #> '{plan,warnings}'`,
        })
        .from(runs)
        .where(eq(runs.id, id));
      return row;
    },

    /**
     * Queues a run. The database refuses a second active run of a provider (a partial unique
     * index), so this holds across processes: the loser gets `RunAlreadyActiveError`.
     */
    async create(input: CreateRunInput): Promise<RunRecord> {
      try {
        const [row] = await db
          .insert(runs)
          .values({
            providerId: input.providerId,
            scope: input.scope,
            trigger: input.trigger,
            dryRun: input.dryRun ?? false,
            requestedBy: input.requestedBy ?? null,
            targets: input.targets ?? null,
            createdAt: now(),
          })
          .returning(runColumns);
        return row as RunRecord;
      } catch (error) {
        if (!isUniqueViolation(error, "runs_one_active_per_provider")) throw error;
        const active = await getActive(input.providerId);
        throw new RunAlreadyActiveError(input.providerId, active?.id, active?.status, {
          cause: error,
        });
      }
    },

    /** Moves a run to `to` if its current status allows it (atomically, in one statement). */
    async transition(
      id: string,
      to: RunStatus,
      patch: RunTransitionPatch = {},
    ): Promise<RunRecord> {
      const at = now();
      const from = RUN_TRANSITIONS[to];
      const [row] = await db
        .update(runs)
        .set({
          status: to,
          ...patch,
          ...(patch.approvedBy === undefined ? {} : { approvedAt: at }),
          ...(to === "planning"
            ? { startedAt: sql`coalesce(${runs.startedAt}, ${timestamptz(at)})` }
            : {}),
          // Entering work is a heartbeat: a plan approved hours later must not look stale.
          ...(to === "planning" || to === "applying" ? { heartbeatAt: at } : {}),
          ...((TERMINAL_RUN_STATUSES as readonly RunStatus[]).includes(to)
            ? { finishedAt: at }
            : {}),
        })
        .where(and(eq(runs.id, id), from.length > 0 ? inArray(runs.status, [...from]) : sql`false`))
        .returning(runColumns);
      if (row) return row;
      const current = await get(id);
      if (!current) throw new NotFoundError("run", id);
      throw new IllegalRunTransitionError(id, current.status, to);
    },

    /**
     * Asks the worker to stop a run that is planning or applying; it sees the request with its
     * next progress beat, wherever it runs. Returns the run, or `undefined` if it was not active.
     */
    async requestCancel(id: string): Promise<RunRecord | undefined> {
      const [row] = await db
        .update(runs)
        .set({ cancelRequestedAt: sql`coalesce(${runs.cancelRequestedAt}, ${timestamptz(now())})` })
        .where(and(eq(runs.id, id), inArray(runs.status, ["planning", "applying"])))
        .returning(runColumns);
      return row;
    },

    /**
     * Records progress and proves the worker alive (`heartbeat_at`); ignored once finished.
     * Returns the run's status and cancel request as the same statement saw them, so a worker
     * learns of a cancel with its next beat; `undefined` when the run is no longer active
     * (finished, or marked interrupted by a peer that took the worker for dead).
     */
    async recordProgress(id: string, progress: RunProgress): Promise<RunBeat | undefined> {
      const [row] = await db
        .update(runs)
        .set({
          progressDone: progress.done,
          ...(progress.total === undefined ? {} : { progressTotal: progress.total }),
          ...(progress.counts === undefined ? {} : { counts: progress.counts }),
          heartbeatAt: now(),
        })
        .where(and(eq(runs.id, id), inArray(runs.status, [...ACTIVE_RUN_STATUSES])))
        .returning({ status: runs.status, cancelRequestedAt: runs.cancelRequestedAt });
      return row;
    },

    /**
     * Queued runs, oldest first: what a job runner claims next (each with
     * `transition(id, "planning", { workerId })`, which only one process wins).
     */
    async listQueued(limit = 10): Promise<RunRecord[]> {
      return db
        .select(runColumns)
        .from(runs)
        .where(eq(runs.status, "queued"))
        .orderBy(asc(runs.createdAt), asc(runs.id))
        .limit(limit);
    },

    /**
     * Whether the provider has a finished, applied (not dry) run of one of `scopes`: e.g. "were
     * its groups ever synced" before a USERS run.
     */
    async hasSucceeded(providerId: string, scopes: readonly SyncScope[]): Promise<boolean> {
      const [row] = await db
        .select({ id: runs.id })
        .from(runs)
        .where(
          and(
            eq(runs.providerId, providerId),
            eq(runs.status, "succeeded"),
            eq(runs.dryRun, false),
            inArray(runs.scope, [...scopes]),
          ),
        )
        .limit(1);
      return row !== undefined;
    },

    /**
     * Writes the outcomes of items already in the log, up to 5000 items per statement: the rows
     * travel as one JSON parameter (`jsonb_to_recordset`), so a run of 10k objects costs two
     * statements and no per-value query building.
     */
    async updateItems(runId: string, updates: readonly RunItemUpdate[]): Promise<void> {
      for (let start = 0; start < updates.length; start += ITEM_BATCH) {
        const rows = updates.slice(start, start + ITEM_BATCH).map((u) => ({
          seq: u.seq,
          outcome: u.outcome,
          error_category: u.errorCategory ?? null,
          message: u.message ?? null,
          attempts: u.attempts ?? 0,
          duration_ms: u.durationMs === undefined ? null : Math.round(u.durationMs),
        }));
        await db.execute(sql`
          update ${runItems} as item set
            outcome = v.outcome,
            error_category = v.error_category,
            message = v.message,
            attempts = v.attempts,
            duration_ms = v.duration_ms
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            as v(seq int, outcome text, error_category text, message text, attempts int, duration_ms int)
          where item.run_id = ${runId}::uuid and item.seq = v.seq`);
      }
    },

    /** Drops a run's items: a held run planned again gets a fresh log. */
    async deleteItems(runId: string): Promise<void> {
      await db.delete(runItems).where(eq(runItems.runId, runId));
    },

    /** Appends items to a run's log, up to 5000 rows per statement (see `updateItems`). */
    async appendItems(runId: string, items: readonly RunItemInput[]): Promise<void> {
      for (let start = 0; start < items.length; start += ITEM_BATCH) {
        const rows = items.slice(start, start + ITEM_BATCH).map((item) => ({
          seq: item.seq,
          op: item.op,
          anchor: item.anchor,
          dn: item.dn,
          changes: item.changes ?? [],
          outcome: item.outcome,
          error_category: item.errorCategory ?? null,
          message: item.message ?? null,
          attempts: item.attempts ?? 0,
          duration_ms: item.durationMs === undefined ? null : Math.round(item.durationMs),
        }));
        await db.execute(sql`
          insert into ${runItems}
            (run_id, seq, op, anchor, dn, changes, outcome, error_category, message, attempts, duration_ms)
          select ${runId}::uuid, r.seq, r.op, r.anchor, r.dn, r.changes, r.outcome,
            r.error_category, r.message, r.attempts, r.duration_ms
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            as r(seq int, op text, anchor text, dn text, changes jsonb, outcome text,
              error_category text, message text, attempts int, duration_ms int)`);
      }
    },

    /** A run's items in plan order, filtered by op, outcome and a DN/anchor search. */
    async listItems(runId: string, filter: ListRunItemsFilter = {}): Promise<Page<RunItemRecord>> {
      const first = filter.first ?? 100;
      const after = filter.after === undefined ? undefined : Number(cursorValue(filter.after));
      const pattern = filter.search ? `%${escapeLike(filter.search)}%` : undefined;
      const rows = await db
        .select()
        .from(runItems)
        .where(
          and(
            eq(runItems.runId, runId),
            filter.op === undefined ? undefined : eq(runItems.op, filter.op),
            filter.outcome === undefined ? undefined : eq(runItems.outcome, filter.outcome),
            pattern === undefined
              ? undefined
              : or(
                  sql`${runItems.dn} ilike ${pattern} escape '\\'`,
                  sql`${runItems.anchor} ilike ${pattern} escape '\\'`,
                ),
            after === undefined || Number.isNaN(after) ? undefined : gt(runItems.seq, after),
          ),
        )
        .orderBy(asc(runItems.seq))
        .limit(first + 1);
      const items = rows.slice(0, first);
      const last = items.at(-1);
      return {
        items,
        endCursor: rows.length > first && last ? cursorOf(String(last.seq)) : undefined,
      };
    },

    /**
     * Marks runs left `planning`/`applying` by a process that died as `interrupted`. At start
     * in embedded mode every such run is orphaned (no `olderThan`); with several processes on
     * PostgreSQL only runs whose heartbeat is older than `olderThan` ms are.
     * @returns the ids marked.
     */
    async markInterrupted(options: { olderThan?: number } = {}): Promise<string[]> {
      const at = now();
      const stale =
        options.olderThan === undefined
          ? undefined
          : lt(
              sql`coalesce(${runs.heartbeatAt}, ${runs.startedAt}, ${runs.createdAt})`,
              timestamptz(new Date(at.getTime() - options.olderThan)),
            );
      const rows = await db
        .update(runs)
        .set({
          status: "interrupted",
          finishedAt: at,
          error:
            "runs: the process running this run stopped before it finished; run it again to converge",
        })
        .where(and(inArray(runs.status, ["planning", "applying"]), stale))
        .returning({ id: runs.id });
      return rows.map((row) => row.id);
    },

    /** Runs, newest first. */
    async list(filter: ListRunsFilter = {}): Promise<Page<RunRecord>> {
      const first = filter.first ?? 20;
      let afterCondition: SQL | undefined;
      if (filter.after !== undefined) {
        // The cursor names a run; compare against its stored timestamp in SQL, because a JS
        // Date (milliseconds) cannot carry Postgres' microseconds.
        const cursorId = cursorValue(filter.after);
        if (!/^[0-9a-f-]{36}$/i.test(cursorId)) {
          throw new ConfigError(`runs: the cursor "${filter.after}" is not one this list returned`);
        }
        const anchor = db
          .select({ createdAt: runs.createdAt })
          .from(runs)
          .where(eq(runs.id, sql`${cursorId}::uuid`));
        afterCondition = or(
          lt(runs.createdAt, sql`(${anchor})`),
          and(eq(runs.createdAt, sql`(${anchor})`), lt(runs.id, cursorId)),
        );
      }
      const rows = await db
        .select(runColumns)
        .from(runs)
        .where(
          and(
            filter.providerId === undefined ? undefined : eq(runs.providerId, filter.providerId),
            filter.status === undefined ? undefined : inArray(runs.status, [...filter.status]),
            filter.dryRun === undefined ? undefined : eq(runs.dryRun, filter.dryRun),
            afterCondition,
          ),
        )
        .orderBy(desc(runs.createdAt), desc(runs.id))
        .limit(first + 1);
      const items = rows.slice(0, first);
      const last = items.at(-1);
      return { items, endCursor: rows.length > first && last ? cursorOf(last.id) : undefined };
    },
  };
}

export type RunRepository = ReturnType<typeof runRepository>;
