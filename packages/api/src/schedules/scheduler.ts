import type { SyncScope } from "@orgsync/core";
import { RUN_SCOPES } from "../db/schema.ts";
import { RunAlreadyActiveError } from "../errors.ts";
import type { Repositories } from "../repositories/index.ts";
import type { ActiveSchedule, ScheduleFireOutcome } from "../repositories/schedules.ts";
import { errorDetails, type RunLogger, silentRunLogger } from "../runs/run-logger.ts";
import type { RunService } from "../runs/run-service.ts";
import { type CompiledCron, compileCron } from "./cron.ts";

export interface SchedulerOptions {
  repositories: Pick<Repositories, "schedules">;
  runService: Pick<RunService, "run">;
  /** @default a logger that logs nothing */
  logger?: RunLogger;
  /**
   * How often the schedules are read and due fires started. Ticks are aligned to multiples of
   * it, so with the default a fire starts a few milliseconds after its second.
   * @default 1000
   * @example 250 (tests)
   */
  tickMs?: number;
  /**
   * The clock fire times are computed against.
   * @default () => new Date()
   */
  now?: () => Date;
  /**
   * After a stall (a database outage, a suspended VM) fires older than this are dropped rather
   * than recorded one by one; those still due are recorded and the first starts a run.
   * @default 60000
   * @example 300000
   */
  catchUpMs?: number;
}

/** What one tick did with one fire. */
export interface FireReport {
  providerId: string;
  /** The schedules that fired at this instant (several when they coincide). */
  scopes: SyncScope[];
  fireAt: Date;
  /** `lost`: another process recorded this fire first and acts on it. */
  outcome: ScheduleFireOutcome | "lost";
  /** The run's scope: `ALL` when GROUPS and USERS fired together. */
  runScope?: SyncScope;
  runId?: string;
  reason?: string;
}

/**
 * Starts a provider's runs when its schedules fire; see `createScheduler`.
 */
export interface Scheduler {
  /**
   * Starts ticking. Fires that fell while no scheduler ran are not replayed: the first tick
   * looks at fire times after `start()`.
   */
  start(): void;
  /** Stops ticking and waits for a tick in progress. */
  stop(): Promise<void>;
  /**
   * One tick now: every fire time of every active schedule in (last tick, now] is recorded and
   * acted on. `start()` calls it on its timer; tests call it directly (before `start()`, the
   * first call only sets the starting point).
   */
  tick(): Promise<FireReport[]>;
}

/**
 * The scheduler of one service process. Every tick it reads the enabled schedules (one query,
 * so a change made through GraphQL applies at the next tick) and, for each fire time since the
 * previous tick:
 *
 * 1. records the fire (`started`) — the fire's primary key lets exactly one process win it, so
 *    several processes on one PostgreSQL start one run per fire;
 * 2. only the winner calls `runService.run({ trigger: "schedule", requestedBy: "schedule" })`;
 * 3. the outcome goes to the fire: its run id; `skipped` with the busy run's id when the
 *    provider was running (a fire never queues behind a run); `failed` with the preflight error
 *    (field relations missing, groups never synced, directory not configured…).
 *
 * When a provider's GROUPS and USERS schedules fire at the same instant (go-ldap-admin's
 * `dept-sync-time` and `user-sync-time` set alike), one ALL run starts for both fires, rather
 * than a GROUPS run that would make the USERS fire find the provider busy. An ALL schedule
 * firing with others likewise takes them along.
 *
 * A process that dies between recording a fire and starting its run leaves the fire `started`
 * without a run id; the next fire starts a run as usual.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { schedules } = options.repositories;
  const { runService } = options;
  const logger = options.logger ?? silentRunLogger;
  const tickMs = options.tickMs ?? 1000;
  const now = options.now ?? (() => new Date());
  const catchUpMs = options.catchUpMs ?? 60_000;

  const compiled = new Map<string, CompiledCron>();
  const reportedInvalid = new Set<string>();
  let lastTick: Date | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let current: Promise<unknown> | undefined;

  /** The schedule's cron, compiled once per distinct cron and zone. */
  function cronOf(schedule: ActiveSchedule): CompiledCron | undefined {
    const key = `${schedule.timezone}\u0000${schedule.cron}`;
    const cached = compiled.get(key);
    if (cached) return cached;
    try {
      const cron = compileCron(schedule, `schedules (${schedule.flag})`);
      compiled.set(key, cron);
      return cron;
    } catch (error) {
      // Saved crons were validated; one that no longer parses (a library upgrade) is reported
      // once and left alone rather than failing every tick.
      const id = `${schedule.providerId}:${schedule.scope}:${key}`;
      if (!reportedInvalid.has(id)) {
        reportedInvalid.add(id);
        logger.error(
          { providerId: schedule.providerId, scope: schedule.scope, ...errorDetails(error) },
          "schedules: a stored cron does not parse; it is not fired until it is saved again",
        );
      }
      return undefined;
    }
  }

  /** The one run a set of coinciding fires starts. */
  function runScopeOf(scopes: readonly SyncScope[]): SyncScope {
    if (scopes.includes("ALL") || (scopes.includes("GROUPS") && scopes.includes("USERS"))) {
      return "ALL";
    }
    return scopes[0] as SyncScope;
  }

  async function fire(
    schedule: Pick<ActiveSchedule, "providerId" | "flag">,
    fireAt: Date,
    scopes: SyncScope[],
  ): Promise<FireReport> {
    const { providerId } = schedule;
    const won = await schedules.recordFires(
      scopes.map((scope) => ({ providerId, scope, fireAt, outcome: "started" })),
    );
    if (won.length === 0) return { providerId, scopes, fireAt, outcome: "lost" };
    const wonScopes = RUN_SCOPES.filter((scope) => won.some((key) => key.scope === scope));
    const runScope = runScopeOf(wonScopes);
    const log = logger.child({ providerId, flag: schedule.flag, fireAt: fireAt.toISOString() });
    let outcome: ScheduleFireOutcome;
    let runId: string | undefined;
    let reason: string | undefined;
    try {
      const run = await runService.run({
        providerId,
        scope: runScope,
        trigger: "schedule",
        requestedBy: "schedule",
      });
      outcome = "started";
      runId = run.id;
      if (wonScopes.length > 1) {
        reason = `${wonScopes.join(" and ")} fired at the same instant: one ${runScope} run`;
      }
      log.info({ scopes: wonScopes, runScope, runId }, "schedules: fired, run queued");
    } catch (error) {
      if (error instanceof RunAlreadyActiveError) {
        outcome = "skipped";
        reason = error.activeRunId
          ? `the provider was running: run ${error.activeRunId}`
          : "the provider was running";
        log.info({ scopes: wonScopes, activeRunId: error.activeRunId }, "schedules: fire skipped");
      } else {
        outcome = "failed";
        reason = error instanceof Error ? error.message : String(error);
        log.warn({ scopes: wonScopes, ...errorDetails(error) }, "schedules: fire failed");
      }
    }
    for (const key of won) {
      await schedules.updateFire(key, {
        outcome,
        ...(runId === undefined ? {} : { runId }),
        ...(reason === undefined ? {} : { reason }),
      });
    }
    return {
      providerId,
      scopes: wonScopes,
      fireAt,
      outcome,
      runScope,
      ...(runId === undefined ? {} : { runId }),
      ...(reason === undefined ? {} : { reason }),
    };
  }

  async function tick(): Promise<FireReport[]> {
    const at = now();
    const previous = lastTick ?? at;
    const from = new Date(Math.max(previous.getTime(), at.getTime() - catchUpMs));
    if (from.getTime() > previous.getTime()) {
      logger.warn(
        { from: previous.toISOString(), to: from.toISOString() },
        "schedules: the scheduler stalled; fires in between are not replayed",
      );
    }
    // On a failed read `lastTick` stays, so the next tick catches up (within `catchUpMs`).
    const active = await schedules.listActive();
    lastTick = at;

    // Per provider, per instant: the scopes firing then (coinciding fires start one run).
    const due = new Map<string, { schedule: ActiveSchedule; instants: Map<number, SyncScope[]> }>();
    for (const schedule of active) {
      const cron = cronOf(schedule);
      if (!cron) continue;
      // A schedule saved after a fire time never fires for it: a tick's window may start up to
      // a tick before the save.
      const since = new Date(Math.max(from.getTime(), schedule.updatedAt.getTime()));
      for (const time of cron.firesBetween(since, at)) {
        let entry = due.get(schedule.providerId);
        if (!entry) {
          entry = { schedule, instants: new Map() };
          due.set(schedule.providerId, entry);
        }
        const scopes = entry.instants.get(time.getTime()) ?? [];
        scopes.push(schedule.scope);
        entry.instants.set(time.getTime(), scopes);
      }
    }

    const reports: FireReport[] = [];
    for (const { schedule, instants } of due.values()) {
      for (const [time, scopes] of [...instants].sort(([a], [b]) => a - b)) {
        try {
          reports.push(await fire(schedule, new Date(time), scopes));
        } catch (error) {
          // A database error on one fire must not hold up the other providers' fires.
          logger.error(
            { providerId: schedule.providerId, fireAt: new Date(time), ...errorDetails(error) },
            "schedules: could not record a fire",
          );
        }
      }
    }
    return reports;
  }

  function schedule() {
    if (!running) return;
    // Aligned to the tick grid, a little after it: fire times are whole seconds.
    const delay = tickMs - (Date.now() % tickMs) + 5;
    timer = setTimeout(() => {
      timer = undefined;
      current = tick()
        .catch((error: unknown) => {
          logger.error(errorDetails(error), "schedules: tick failed; retrying at the next tick");
        })
        .finally(() => {
          current = undefined;
          schedule();
        });
    }, delay);
    // The scheduler alone never keeps a process alive.
    timer.unref();
  }

  return {
    start() {
      if (running) return;
      running = true;
      lastTick = now();
      logger.info({ tickMs }, "schedules: scheduler started");
      schedule();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await current;
    },
    tick,
  };
}
