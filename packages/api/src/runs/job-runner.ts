import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { ProviderRegistry } from "@orgsync/core";
import type { Repositories } from "../repositories/index.ts";
import type { RunRecord } from "../repositories/runs.ts";
import type { RunEvents } from "./run-events.ts";
import { errorDetails, type RunLogger, silentRunLogger } from "./run-logger.ts";
import { createRunWorker, type RunWorker, type RunWorkerOptions } from "./run-worker.ts";

export interface JobRunnerOptions {
  repositories: Pick<Repositories, "runs" | "providers" | "fieldRelations" | "directorySettings">;
  registry: ProviderRegistry;
  events: RunEvents;
  /** @default a logger that logs nothing */
  logger?: RunLogger;
  /**
   * Names this process in `runs.worker_id`.
   * @default `<hostname>:<pid>:<random>`
   * @example "api-1"
   */
  workerId?: string;
  /**
   * `embedded`: this is the only process (PGlite); at start every run left `planning` or
   * `applying` is an orphan of a previous life and is marked `interrupted`. `shared`: several
   * processes share one PostgreSQL; only runs whose heartbeat is older than `staleAfterMs` are,
   * at start and by a periodic sweep, since the others belong to live peers.
   */
  mode: "embedded" | "shared";
  /**
   * How often the database is asked for queued runs when nothing called `notify()` (runs queued
   * by another process, or by a schedule).
   * @default 2000
   * @example 500
   */
  pollIntervalMs?: number;
  /**
   * Shared mode: a run whose heartbeat is older than this belongs to a dead process. Keep it
   * well above `heartbeatMs` (a long synchronous planning step delays beats).
   * @default 60000
   * @example 30000
   */
  staleAfterMs?: number;
  /**
   * See `RunWorkerOptions.heartbeatMs`.
   * @default 500
   */
  heartbeatMs?: number;
  /**
   * Runs executing at once in this process, each of another provider (the database allows one
   * active run per provider).
   * @default 4
   * @example 8
   */
  concurrency?: number;
  /** See `RunWorkerOptions.execute`. */
  execute?: RunWorkerOptions["execute"];
  /** See `RunWorkerOptions.onRunFinished`. */
  onRunFinished?: RunWorkerOptions["onRunFinished"];
}

export interface JobRunnerStopOptions {
  /**
   * Also cancel the runs executing here (they end `cancelled`); by default they finish.
   * @default false
   */
  abort?: boolean;
  /**
   * Longest wait for the runs executing here; those still running afterwards are left to the
   * next start's recovery (`interrupted`).
   * @default 30000
   */
  timeoutMs?: number;
}

/** Where a job runner is in its life: `idle` until started, `stopped` for good. */
export type JobRunnerState = "idle" | "running" | "stopping" | "stopped";

/** Background execution of runs; see `createJobRunner`. */
export interface JobRunner {
  /** This process's worker id, as stored on the runs it claims. */
  readonly workerId: string;
  /** `running` between `start()` and `stop()`: what readiness checks ask. */
  readonly state: JobRunnerState;
  /**
   * Recovers orphaned runs (marks them `interrupted`, logging their ids), then starts the loop
   * that claims queued runs. Resolves once recovery is done.
   */
  start(): Promise<void>;
  /** Stops claiming, waits for the runs executing here (see the options), and resolves. */
  stop(options?: JobRunnerStopOptions): Promise<void>;
  /** Wakes the loop at once: call it after queueing a run. */
  notify(): void;
  /**
   * Claims and executes one queued run here, now, in the runner's bookkeeping (so `stop()`
   * waits for it and `abortLocal` reaches it), even before `start()`. Resolves with the run as
   * it ended, or `undefined` if another worker claimed it first.
   */
  execute(runId: string): Promise<RunRecord | undefined>;
  /** Applies the stored plan of an approved run (already `applying`) in the background. */
  startApproved(runId: string): Promise<RunRecord | undefined>;
  /** Plans a held run again (see `RunWorker.replan`), here, in the runner's bookkeeping. */
  replan(runId: string): Promise<RunRecord>;
  /** Aborts a run executing in this process; `false` when it does not execute here. */
  abortLocal(runId: string): boolean;
  /** Ids of the runs executing in this process. */
  running(): string[];
}

/**
 * The job runner of one service process. Several processes on one PostgreSQL each run one:
 * claiming is an atomic `queued → planning` transition, so a run executes exactly once, and
 * the database's one-active-run-per-provider index keeps each provider to one run at a time.
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { repositories, mode } = options;
  const runs = repositories.runs;
  const workerId =
    options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const logger = (options.logger ?? silentRunLogger).child({ workerId });
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const staleAfterMs = options.staleAfterMs ?? 60_000;
  const concurrency = options.concurrency ?? 4;
  const worker: RunWorker = createRunWorker({
    repositories,
    registry: options.registry,
    events: options.events,
    logger,
    workerId,
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    ...(options.execute ? { execute: options.execute } : {}),
    ...(options.onRunFinished ? { onRunFinished: options.onRunFinished } : {}),
  });

  const local = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  let state: JobRunnerState = "idle";
  let wake: (() => void) | undefined;
  let woken = false;
  let loop: Promise<void> | undefined;
  let lastSweep = 0;

  /** Runs `task` for `runId` in the bookkeeping; one task per run at a time. */
  function track<T>(runId: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const done = (async () => {
      try {
        return await task(controller.signal);
      } finally {
        local.delete(runId);
        runner.notify();
      }
    })();
    local.set(runId, { controller, done: done.catch(() => {}) });
    return done;
  }

  async function recover(olderThan: number | undefined): Promise<void> {
    const ids = await runs.markInterrupted(olderThan === undefined ? {} : { olderThan });
    if (ids.length > 0) {
      logger.warn(
        { runIds: ids, mode },
        "runs interrupted: their process stopped before they finished",
      );
    }
  }

  async function claimQueued(): Promise<void> {
    const free = concurrency - local.size;
    if (free <= 0) return;
    const queued = await runs.listQueued(free + local.size);
    for (const run of queued) {
      if (state !== "running" || local.size >= concurrency) break;
      if (local.has(run.id)) continue;
      void runner.execute(run.id).catch((error: unknown) => {
        logger.error({ runId: run.id, ...errorDetails(error) }, "run: the worker failed");
      });
    }
  }

  async function runLoop(): Promise<void> {
    while (state === "running") {
      try {
        if (mode === "shared" && Date.now() - lastSweep >= Math.min(staleAfterMs / 2, 30_000)) {
          lastSweep = Date.now();
          await recover(staleAfterMs);
        }
        await claimQueued();
      } catch (error) {
        logger.error(errorDetails(error), "job runner: claiming queued runs failed; retrying");
      }
      if (state !== "running") break;
      await new Promise<void>((resolve) => {
        if (woken) return resolve();
        const timer = setTimeout(resolve, pollIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
      woken = false;
    }
  }

  const runner: JobRunner = {
    workerId,

    get state() {
      return state;
    },

    async start() {
      if (state !== "idle") return;
      await recover(mode === "embedded" ? undefined : staleAfterMs);
      lastSweep = Date.now();
      state = "running";
      logger.info({ mode, concurrency }, "job runner started");
      loop = runLoop();
    },

    async stop(stopOptions = {}) {
      if (state === "stopped") return;
      state = "stopping";
      runner.notify();
      await loop;
      if (stopOptions.abort) for (const { controller } of local.values()) controller.abort();
      const timeoutMs = stopOptions.timeoutMs ?? 30_000;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      });
      const all = Promise.all([...local.values()].map((entry) => entry.done));
      const outcome = await Promise.race([all, timedOut]);
      clearTimeout(timer);
      if (outcome === "timeout") {
        logger.warn({ runIds: [...local.keys()] }, "job runner: stopped with runs still executing");
      }
      state = "stopped";
      logger.info({}, "job runner stopped");
    },

    notify() {
      woken = true;
      wake?.();
    },

    execute(runId) {
      const existing = local.get(runId);
      if (existing) return existing.done.then(() => runs.get(runId));
      return track(runId, (signal) => worker.execute(runId, { signal }));
    },

    startApproved(runId) {
      return track(runId, (signal) => worker.applyApproved(runId, { signal })).catch(
        (error: unknown) => {
          logger.error({ runId, ...errorDetails(error) }, "run: applying the approved plan failed");
          return undefined;
        },
      );
    },

    replan(runId) {
      return track(runId, (signal) => worker.replan(runId, { signal }));
    },

    abortLocal(runId) {
      const entry = local.get(runId);
      if (!entry) return false;
      entry.controller.abort();
      return true;
    },

    running() {
      return [...local.keys()];
    },
  };
  return runner;
}
