import {
  CancelledError,
  type DirectorySnapshot,
  type ExecuteOptions,
  type ExecutionReport,
  executePlan,
  managedAttributes,
  type Operation,
  OrgsyncError,
  type Plan,
  type ProviderRegistry,
  planSync,
  readSource,
} from "@orgsync/core";
import type { RunCounts, RunStatus } from "../db/schema.ts";
import { IllegalRunTransitionError, NotFoundError } from "../errors.ts";
import type { Repositories } from "../repositories/index.ts";
import type {
  RunItemUpdate,
  RunRecord,
  RunRepository,
  RunTransitionPatch,
} from "../repositories/runs.ts";
import { openSyncSetup, type SyncSetup } from "../sync/sync-setup.ts";
import { type RunEvents, runEventOf } from "./run-events.ts";
import { errorDetails, type RunLogger, silentRunLogger } from "./run-logger.ts";
import {
  countResult,
  directoryFingerprint,
  failureSummary,
  plannedCounts,
  plannedItems,
  type StoredPlan,
  storedPlanOf,
} from "./stored-plan.ts";
import { assertTargetedGroupsSynced, readTargetedSource } from "./targeted-source.ts";

export interface RunWorkerOptions {
  repositories: Pick<Repositories, "runs" | "providers" | "fieldRelations" | "directorySettings">;
  registry: ProviderRegistry;
  events: RunEvents;
  /** @default a logger that logs nothing */
  logger?: RunLogger;
  /**
   * Stored in `runs.worker_id` when this worker claims a run.
   * @example "api-1:4242:9f3a"
   */
  workerId: string;
  /**
   * How often a running run writes its progress, item outcomes and heartbeat, publishes its
   * progress, and checks for a cancel request (the same beat does all, one statement each).
   * @default 500
   * @example 250
   */
  heartbeatMs?: number;
  /**
   * Executor options beyond parallelism (the target's pool size), signal and callbacks, which
   * the worker sets.
   * @default the executor's defaults
   * @example { retry: { attempts: 5 }, breaker: { minAttempts: 50, maxFailureRate: 0.2 } }
   */
  execute?: Pick<ExecuteOptions, "retry" | "breaker" | "parallelism">;
  /**
   * Told each time the worker ends a piece of work on a run (a run claimed and planned or
   * applied, an approved plan applied, a held run planned again): metrics. Called after the
   * run's end is recorded; what it throws is logged and otherwise ignored.
   * @default nothing is told
   * @example (summary) => metrics.observeRun(summary)
   */
  onRunFinished?: (summary: RunSummary) => void;
}

/** How a piece of work on a run ended; see `RunWorkerOptions.onRunFinished`. */
export interface RunSummary {
  runId: string;
  providerId: string;
  /** The provider's flag; `null` when the provider could not be read. */
  flag: string | null;
  scope: RunRecord["scope"];
  trigger: RunRecord["trigger"];
  dryRun: boolean;
  /** The status the work left the run in (`needs_approval` when its plan is held). */
  status: RunStatus;
  /** From the start of the work (the claim, or the approval's apply) to its recorded end. */
  durationSeconds: number;
  /** Operations by type and outcome, as stored on the run (`planned` for a plan not applied). */
  counts: RunCounts;
  /** The source API calls this work made; absent when the provider does not count them. */
  source?: SourceApiStats;
}

/** Source API calls a provider counted (e.g. `FeishuProvider.stats`), for one piece of work. */
export interface SourceApiStats {
  calls: number;
  /** Calls retried after the source answered "too many requests". */
  rateLimited: number;
  /** Calls retried after a server or network error. */
  errors: number;
}

export interface RunWorkOptions {
  /** Aborting it cancels the run as a cancel request would (the job runner's `abortLocal`). */
  signal?: AbortSignal;
}

/** Executes runs end to end; see `createRunWorker`. */
export interface RunWorker {
  /**
   * Claims a queued run (`queued → planning`, atomically; `undefined` when another worker won
   * it or it is gone), plans it and, unless it is a dry run or held for approval, applies it.
   * Resolves with the run as it ended (never rejects for the run's own failures: they are the
   * run's `failed` status and `error`).
   */
  execute(runId: string, options?: RunWorkOptions): Promise<RunRecord | undefined>;
  /**
   * Applies exactly the stored plan of a run the service moved to `applying` after approval,
   * without planning again.
   */
  applyApproved(runId: string, options?: RunWorkOptions): Promise<RunRecord>;
  /**
   * Plans a held run again (`needs_approval → planning → needs_approval`) because the directory
   * changed since its plan was made; the new plan waits for approval whatever its size.
   */
  replan(runId: string, options?: RunWorkOptions): Promise<RunRecord>;
}

/** Why a held run was planned again; the gate's reason, when there is one, follows. */
export const REPLANNED_NOTE =
  "runs: the directory changed after this plan was made, so it was planned again; review the new plan and approve it";

/** Tries to record a run's end before leaving it to recovery (`interrupted`). */
const FINAL_TRANSITION_ATTEMPTS = 4;

/** The reason a run's abort carries when its row was taken away (marked interrupted by a peer). */
class LostRunError extends OrgsyncError {
  override name = "LostRunError";
}

/**
 * Runs as background jobs, one run at a time per call: the pipeline of DESIGN.md (read the
 * source and the directory, plan, gate, apply) with everything a run record needs — status
 * transitions, the stored plan, one log item per operation, throttled progress and heartbeat,
 * cancellation through the database, and a run never left `planning`/`applying` on an error.
 */
export function createRunWorker(options: RunWorkerOptions): RunWorker {
  const { repositories, registry, events, workerId } = options;
  const runs = repositories.runs;
  const logger = options.logger ?? silentRunLogger;
  const heartbeatMs = options.heartbeatMs ?? 500;

  const publish = (run: RunRecord) => events.publish(runEventOf(run));

  /** Runs one phase of a run with its beat, ending it in a terminal or held status. */
  async function work(
    run: RunRecord,
    { signal, ...known }: RunWorkOptions & { flag?: string | null },
    body: (context: WorkContext) => Promise<Finish>,
  ): Promise<RunRecord> {
    const startedAt = performance.now();
    const flag = known.flag === undefined ? await flagOf(run.providerId) : known.flag;
    // Every line of the run names it and its provider, including those before the setup opens.
    const log = logger.child({ runId: run.id, providerId: run.providerId, flag });
    const beat = startBeat(run, runs, events, heartbeatMs, signal, (error) =>
      log.warn(errorDetails(error), "run: a progress beat failed; retrying with the next"),
    );
    let setup: SyncSetup | undefined;
    let finish: Finish;
    let sourceBefore: SourceApiStats | undefined;
    /** Tells `onRunFinished` how the work ended, then returns the run. */
    const finished = (ended: RunRecord): RunRecord => {
      if (!options.onRunFinished) return ended;
      const sourceAfter = setup && sourceStatsOf(setup.provider);
      try {
        options.onRunFinished({
          runId: run.id,
          providerId: run.providerId,
          flag,
          scope: run.scope,
          trigger: run.trigger,
          dryRun: run.dryRun,
          status: ended.status,
          durationSeconds: (performance.now() - startedAt) / 1000,
          counts: structuredClone(beat.counts),
          ...(sourceAfter && sourceBefore
            ? {
                source: {
                  calls: sourceAfter.calls - sourceBefore.calls,
                  rateLimited: sourceAfter.rateLimited - sourceBefore.rateLimited,
                  errors: sourceAfter.errors - sourceBefore.errors,
                },
              }
            : {}),
        });
      } catch (error) {
        log.warn(errorDetails(error), "run: reporting the run's end (metrics) failed");
      }
      return ended;
    };
    try {
      setup = await openSyncSetup({ repositories, registry }, run.providerId);
      sourceBefore = sourceStatsOf(setup.provider);
      finish = await body({ run, setup, beat, log });
    } catch (error) {
      finish = failure(error, beat);
      if (finish.status === "failed") log.warn(errorDetails(error), "run failed");
    } finally {
      await beat.close();
      await setup?.close().catch((error: unknown) => {
        log.warn(errorDetails(error), "run: closing the directory connections failed");
      });
    }
    if (beat.lost) {
      log.warn(
        {},
        "run: the run was finished elsewhere (marked interrupted?); its outcome is not recorded",
      );
      return finished((await runs.get(run.id)) ?? run);
    }
    // The end must be recorded: a database hiccup here would leave the run `applying` until a
    // restart, so it is retried a few times before giving up to recovery.
    for (let attempt = 1; ; attempt++) {
      try {
        const ended = await runs.transition(run.id, finish.status, {
          ...finish.patch,
          counts: beat.counts,
        });
        publish(ended);
        log.info({ status: ended.status, counts: ended.counts }, `run ${ended.status}`);
        return finished(ended);
      } catch (error) {
        if (error instanceof IllegalRunTransitionError) {
          log.warn(
            errorDetails(error),
            "run: the run changed under the worker; leaving it as it is",
          );
          return finished((await runs.get(run.id)) ?? run);
        }
        if (attempt >= FINAL_TRANSITION_ATTEMPTS) throw error;
        log.warn(errorDetails(error), "run: recording the run's end failed; retrying");
        await new Promise((resolve) => setTimeout(resolve, heartbeatMs * 2 ** attempt));
      }
    }
  }

  /**
   * Reads both sides and plans; stores nothing. `held`: the plan will wait for approval whatever
   * the gate says (a replan), so it needs the directory's fingerprint too.
   */
  async function makePlan(
    run: RunRecord,
    { setup, beat }: WorkContext,
    { held = false } = {},
  ): Promise<StoredPlan> {
    const { provider, target, relations } = setup;
    const attributes = relations ? managedAttributes(relations) : undefined;
    // Both sides at once: the IM's API and the directory wait on different servers. An
    // event-driven run re-reads only its targets from the IM (see `readTargetedSource`).
    const [source, directory] = await Promise.all([
      run.targets
        ? readTargetedSource(provider, run.targets, { signal: beat.signal })
        : readSource(provider, { signal: beat.signal }),
      target.read(setup.record.flag, {
        signal: beat.signal,
        ...(attributes ? { attributes } : {}),
      }) as Promise<DirectorySnapshot>,
    ]);
    throwIfCancelled(beat.signal);
    if (run.targets) {
      await assertTargetedGroupsSynced(provider, source, directory, run.targets, {
        signal: beat.signal,
      });
    }
    const plan: Plan = planSync({
      flag: setup.record.flag,
      rootDepartmentId: provider.rootDepartmentId,
      scope: run.scope,
      source,
      directory,
      target,
      relations,
      relationOptions: setup.relationOptions,
      departedUsers: setup.departedUsers,
      updateExisting: setup.updateExisting,
      safety: setup.safety,
      ...(run.targets ? { targeted: run.targets } : {}),
    });
    return {
      plan,
      ...(held || plan.approval.required
        ? { directoryFingerprint: directoryFingerprint(directory) }
        : {}),
      ...(attributes ? { attributes } : {}),
    };
  }

  /** Writes the plan's log items and counts; returns the patch that stores it on the run. */
  async function recordPlan(run: RunRecord, stored: StoredPlan, context: WorkContext) {
    const { operations } = stored.plan;
    await runs.appendItems(run.id, plannedItems(operations));
    context.beat.setPlan(operations.length, plannedCounts(operations));
    context.log.info(
      {
        operations: operations.length,
        approvalRequired: stored.plan.approval.required,
        warnings: stored.plan.warnings.length,
      },
      "run planned",
    );
    return {
      plan: stored as unknown as Record<string, unknown>,
      progressTotal: operations.length,
    } satisfies RunTransitionPatch;
  }

  /** Applies operations with progress and per-item outcomes; decides the run's end. */
  async function apply(
    operations: readonly Operation[],
    { setup, beat, log }: WorkContext,
  ): Promise<Finish> {
    const seqOf = new Map(operations.map((op, seq) => [op.id, seq]));
    log.info({ operations: operations.length }, "run applying");
    const report: ExecutionReport = await executePlan(operations, setup.target, {
      parallelism: setup.target.capabilities.maxParallelism,
      ...options.execute,
      signal: beat.signal,
      onProgress: (progress) => beat.progress(progress.done),
      onResult: (result) => {
        const seq = seqOf.get(result.operationId);
        if (seq === undefined) return;
        beat.result(result, {
          seq,
          outcome: result.outcome,
          ...(result.category === undefined ? {} : { errorCategory: result.category }),
          ...(result.message === undefined ? {} : { message: result.message }),
          attempts: result.attempts,
          durationMs: Math.round(result.durationMs),
        });
      },
    });
    const { succeeded, failed, skipped, cancelled } = report.counts;
    if (report.status === "cancelled") {
      return {
        status: "cancelled",
        patch: {
          error: `runs: cancelled while applying; ${succeeded} of ${operations.length} operations were applied, ${cancelled} not attempted`,
        },
      };
    }
    if (failed > 0 || skipped > 0) {
      return { status: "failed", patch: { error: failureSummary(report.results, report.message) } };
    }
    return { status: "succeeded", patch: {} };
  }

  /** Marks a plan's items cancelled when a run stops between planning and applying. */
  async function cancelItems(run: RunRecord, count: number): Promise<void> {
    const updates: RunItemUpdate[] = Array.from({ length: count }, (_, seq) => ({
      seq,
      outcome: "cancelled",
      errorCategory: "cancelled",
      message: "runs: not attempted: the run was cancelled",
    }));
    await runs.updateItems(run.id, updates);
  }

  /** The provider's flag for log lines and metrics; `null` when it cannot be read. */
  async function flagOf(providerId: string): Promise<string | null> {
    try {
      return (await repositories.providers.get(providerId))?.flag ?? null;
    } catch {
      return null;
    }
  }

  async function claim(runId: string): Promise<RunRecord | undefined> {
    try {
      return await runs.transition(runId, "planning", { workerId });
    } catch (error) {
      if (error instanceof IllegalRunTransitionError || error instanceof NotFoundError) {
        return undefined;
      }
      throw error;
    }
  }

  return {
    async execute(runId, workOptions = {}) {
      const run = await claim(runId);
      if (!run) return undefined;
      publish(run);
      const flag = await flagOf(run.providerId);
      logger
        .child({ runId, providerId: run.providerId, flag })
        .info({ scope: run.scope, dryRun: run.dryRun, trigger: run.trigger }, "run claimed");
      return work(run, { ...workOptions, flag }, async (context) => {
        const stored = await makePlan(run, context);
        const patch = await recordPlan(run, stored, context);
        const { operations, approval } = stored.plan;
        if (run.dryRun) return { status: "succeeded", patch };
        if (approval.required) {
          return { status: "needs_approval", patch: { ...patch, error: heldReason(stored) } };
        }
        if (context.beat.signal.aborted) {
          await cancelItems(run, operations.length);
          context.beat.setPlan(operations.length, plannedCounts(operations, "cancelled"));
          return { status: "cancelled", patch: { ...patch, error: CANCELLED_BEFORE_APPLYING } };
        }
        if (operations.length === 0) return { status: "succeeded", patch };
        const applying = await runs.transition(run.id, "applying", patch);
        publish(applying);
        context.beat.setStatus("applying");
        return apply(operations, context);
      });
    },

    async applyApproved(runId, workOptions = {}) {
      const run = await runs.get(runId);
      if (!run) throw new NotFoundError("run", runId);
      if (run.status !== "applying") {
        throw new IllegalRunTransitionError(runId, run.status, "applying");
      }
      const stored = storedPlanOf(await runs.getStoredPlan(runId));
      return work(run, workOptions, async (context) => {
        if (!stored) {
          throw new OrgsyncError(
            `runs: run ${runId} was approved but has no stored plan; start a new run`,
          );
        }
        const { operations } = stored.plan;
        context.beat.setPlan(operations.length, plannedCounts(operations));
        context.beat.setStatus("applying");
        return apply(operations, context);
      });
    },

    async replan(runId, workOptions = {}) {
      const run = await runs.transition(runId, "planning", { workerId, error: null });
      publish(run);
      return work(run, workOptions, async (context) => {
        const stored = await makePlan(run, context, { held: true });
        await runs.deleteItems(run.id);
        const patch = await recordPlan(run, stored, context);
        const reason = stored.plan.approval.reason;
        return {
          status: "needs_approval",
          patch: { ...patch, error: reason ? `${REPLANNED_NOTE}. ${reason}` : REPLANNED_NOTE },
        };
      });
    },
  };
}

/** The source API counters a provider keeps, if it keeps any (`FeishuProvider.stats`). */
function sourceStatsOf(provider: unknown): SourceApiStats | undefined {
  const stats = (provider as { stats?: Record<string, unknown> }).stats;
  if (!stats || typeof stats !== "object" || typeof stats.calls !== "number") return undefined;
  const count = (value: unknown) => (typeof value === "number" ? value : 0);
  return {
    calls: stats.calls,
    rateLimited: count(stats.rateLimited),
    errors: count(stats.serverErrors) + count(stats.networkErrors),
  };
}

/** Why a run is held, as stored in its `error` (the gate's own words say what to do). */
function heldReason(stored: StoredPlan): string {
  return `runs: needs approval: ${stored.plan.approval.reason ?? "the plan is over the safety thresholds"}`;
}

interface Finish {
  status: RunStatus;
  patch: RunTransitionPatch;
}

interface WorkContext {
  run: RunRecord;
  setup: SyncSetup;
  beat: Beat;
  log: RunLogger;
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError(CANCELLED_WHILE_PLANNING);
}

const CANCELLED_WHILE_PLANNING =
  "runs: cancelled while planning; nothing was written to the directory";
const CANCELLED_BEFORE_APPLYING =
  "runs: cancelled after planning, before applying; nothing was written to the directory";

/** How an error thrown while working ends the run. */
function failure(error: unknown, beat: Beat): Finish {
  if (beat.signal.aborted && !(beat.signal.reason instanceof LostRunError)) {
    // Whatever the abort interrupted (a source page, a read) says less than where the run was.
    return { status: "cancelled", patch: { error: CANCELLED_WHILE_PLANNING } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: "failed", patch: { error: message } };
}

// ---------------------------------------------------------------------------------------------
// The beat: throttled progress, item outcomes, heartbeat and cancel checks of one run

interface Beat {
  /** Aborts on a cancel request (local or in the database) or when the run was taken away. */
  readonly signal: AbortSignal;
  readonly counts: RunCounts;
  /** Whether the run's row stopped being active under the worker. */
  readonly lost: boolean;
  setPlan(total: number, counts: RunCounts): void;
  setStatus(status: RunStatus): void;
  progress(done: number): void;
  result(result: Parameters<typeof countResult>[1], update: RunItemUpdate): void;
  /** Stops the timer and writes what is left (items, progress). */
  close(): Promise<void>;
}

function startBeat(
  run: RunRecord,
  runs: RunRepository,
  events: RunEvents,
  heartbeatMs: number,
  external: AbortSignal | undefined,
  onError: (error: unknown) => void,
): Beat {
  const controller = new AbortController();
  const onExternalAbort = () =>
    controller.abort(new CancelledError("runs: the run was cancelled in this process"));
  if (external?.aborted) onExternalAbort();
  else external?.addEventListener("abort", onExternalAbort, { once: true });

  let status: RunStatus = run.status;
  let done = 0;
  let total: number | undefined;
  let counts: RunCounts = {};
  let changed = false;
  let lost = false;
  let pending: RunItemUpdate[] = [];
  let running: Promise<void> | undefined;

  async function tick(): Promise<void> {
    const updates = pending;
    pending = [];
    try {
      if (updates.length > 0) await runs.updateItems(run.id, updates);
    } catch (error) {
      pending = updates.concat(pending);
      onError(error);
      return;
    }
    const publishNow = changed;
    changed = false;
    try {
      const state = await runs.recordProgress(run.id, {
        done,
        ...(total === undefined ? {} : { total }),
        counts,
      });
      if (!state) {
        lost = true;
        controller.abort(new LostRunError(`runs: run ${run.id} is no longer active`));
      } else if (state.cancelRequestedAt !== null && !controller.signal.aborted) {
        controller.abort(new CancelledError("runs: a cancel was requested"));
      }
    } catch (error) {
      changed ||= publishNow;
      onError(error);
      return;
    }
    if (publishNow && !lost) {
      events.publish({
        runId: run.id,
        status,
        progressDone: done,
        progressTotal: total ?? null,
        counts: structuredClone(counts),
      });
    }
  }

  const beatNow = (): Promise<void> => {
    running ??= tick().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void beatNow(), heartbeatMs);
  timer.unref();

  return {
    signal: controller.signal,
    get counts() {
      return counts;
    },
    get lost() {
      return lost;
    },
    setPlan(planTotal, planCounts) {
      total = planTotal;
      counts = planCounts;
      done = 0;
      changed = true;
    },
    setStatus(next) {
      status = next;
    },
    progress(next) {
      if (next !== done) {
        done = next;
        changed = true;
      }
    },
    result(result, update) {
      countResult(counts, result);
      pending.push(update);
      changed = true;
    },
    async close() {
      clearInterval(timer);
      external?.removeEventListener("abort", onExternalAbort);
      await running;
      if (lost) return;
      // The last beat writes whatever is left; a failure there is retried once, then the final
      // transition still records the counts.
      await beatNow();
      if (pending.length > 0) await beatNow();
    },
  };
}
