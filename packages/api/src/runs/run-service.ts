import { ConfigError, type ProviderRegistry, SafetyError, type SyncScope } from "@orgsync/core";
import { ldapTarget } from "@orgsync/ldap";
import type { RunTargets, RunTrigger } from "../db/schema.ts";
import { IllegalRunTransitionError, NotFoundError } from "../errors.ts";
import type { Repositories } from "../repositories/index.ts";
import type { ProviderRecord } from "../repositories/providers.ts";
import type {
  ListRunItemsFilter,
  ListRunsFilter,
  Page,
  RunItemRecord,
  RunRecord,
} from "../repositories/runs.ts";
import { directoryTargetOptions } from "../sync/directory-options.ts";
import { openProvider, openSyncSetup } from "../sync/sync-setup.ts";
import type { JobRunner } from "./job-runner.ts";
import {
  isTerminalRunStatus,
  type RunEvent,
  type RunEvents,
  runEventOf,
  watchRun,
} from "./run-events.ts";
import { type RunLogger, silentRunLogger } from "./run-logger.ts";
import { directoryFingerprint, storedPlanOf } from "./stored-plan.ts";
import { normalizeTargets } from "./targeted-source.ts";

export interface RunServiceOptions {
  repositories: Pick<Repositories, "runs" | "providers" | "fieldRelations" | "directorySettings">;
  registry: ProviderRegistry;
  runner: JobRunner;
  events: RunEvents;
  /** @default a logger that logs nothing */
  logger?: RunLogger;
  /**
   * How often `plan()` and `watch()` read the database for a run executing in another process.
   * @default 1000
   */
  pollIntervalMs?: number;
}

export interface PlanRequest {
  providerId: string;
  scope: SyncScope;
  /** Example: an admin's username, `cli`. */
  requestedBy?: string;
}

export interface RunRequest extends PlanRequest {
  /** @default "event" with `targets`, "manual" without */
  trigger?: RunTrigger;
  /**
   * An event-driven run: re-read and plan only these objects (stored in `runs.targets`); ids
   * the IM no longer knows are treated as removed from it. Preflight is a full run's.
   * @default undefined (a full run)
   * @example { departmentIds: [], userIds: ["ou_9"] }
   */
  targets?: RunTargets;
}

export interface ApproveResult {
  /** The run after approval: `applying`, or (when `replanned`) held again with its new plan. */
  run: RunRecord;
  /**
   * The directory changed after the plan was made, so the approved plan was not applied: the
   * run was planned again and waits for approval of the new plan (its `error` says so). The
   * client should show the new plan and ask again.
   */
  replanned: boolean;
}

/** What the GraphQL layer calls for runs; see `createRunService`. */
export interface RunService {
  /**
   * A dry run: plans and returns the finished run (`succeeded` with its stored plan and
   * `planned` items, or `failed` with the reason). Throws the preflight errors of `run`.
   */
  plan(request: PlanRequest): Promise<RunRecord>;
  /**
   * Queues a run and returns it (`queued`); the job runner executes it. Throws, before storing
   * anything: `NotFoundError` (no such provider), `ConfigError` (provider disabled or its
   * configuration invalid), `SafetyError` `fieldRelationsMissing` / `groupsNotSynced`,
   * `DirectoryNotConfiguredError`, `RunAlreadyActiveError`.
   */
  run(request: RunRequest): Promise<RunRecord>;
  /**
   * Approves a held (`needs_approval`) run: if the directory is as the plan saw it, the run goes
   * `applying` (recording `approvedBy`) and exactly its stored operations are applied in the
   * background; if it changed, the run is planned again and held (`replanned: true`).
   * Throws `NotFoundError`, or `IllegalRunTransitionError` for a run that is not held.
   */
  approve(runId: string, approvedBy: string): Promise<ApproveResult>;
  /**
   * Cancels a run: a queued or held one at once (`cancelled`); a planning or applying one is
   * asked to stop (wherever it executes) and returned as it is now — watch it to see it end
   * `cancelled`. Throws `NotFoundError`, or `IllegalRunTransitionError` for a finished run.
   */
  cancel(runId: string, by: string): Promise<RunRecord>;
  get(runId: string): Promise<RunRecord | undefined>;
  list(filter?: ListRunsFilter): Promise<Page<RunRecord>>;
  listItems(runId: string, filter?: ListRunItemsFilter): Promise<Page<RunItemRecord>>;
  /** The run's changes until it finishes (see `watchRun`): for the GraphQL subscription. */
  watch(runId: string, options?: { signal?: AbortSignal }): AsyncGenerator<RunEvent>;
}

export function createRunService(options: RunServiceOptions): RunService {
  const { repositories, registry, runner, events } = options;
  const { runs } = repositories;
  const logger = options.logger ?? silentRunLogger;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;

  const watch = (runId: string, watchOptions: { signal?: AbortSignal } = {}) =>
    watchRun(runId, { repositories, events, pollIntervalMs, ...watchOptions });

  /** Everything that must hold before a run is stored; throws the typed error that says what to fix. */
  async function preflight(providerId: string, scope: SyncScope): Promise<ProviderRecord> {
    const provider = await repositories.providers.get(providerId);
    if (!provider) throw new NotFoundError("provider", providerId);
    const where = `runs (${provider.flag})`;
    if (!provider.enabled) {
      throw new ConfigError(
        `${where}: the provider "${provider.name}" is disabled; enable it before syncing`,
      );
    }
    // Its configuration must parse (no I/O): a bad stored config fails here, naming the field.
    openProvider(registry, await repositories.providers.getWithSecrets(providerId));
    for (const kind of ["group", "user"] as const) {
      if (!(await repositories.fieldRelations.get(providerId, kind))) {
        throw new SafetyError(
          "fieldRelationsMissing",
          `${where}: field relations are not set for ${kind === "group" ? "groups" : "users"}; save them (or reset them to the provider's defaults) before syncing`,
        );
      }
    }
    const targetOptions = directoryTargetOptions(
      await repositories.directorySettings.getWithSecrets(),
    );
    if (scope === "USERS" && !(await runs.hasSucceeded(providerId, ["GROUPS", "ALL"]))) {
      // No run of ours synced the groups; the directory may still hold them (a restored
      // database, groups synced by an earlier installation): only then is it read.
      const target = ldapTarget(targetOptions);
      try {
        const directory = await target.read(provider.flag, { attributes: [] });
        const hasGroups = directory.entries.some(
          (entry) => entry.kind === "group" && entry.anchor?.startsWith(`${provider.flag}:`),
        );
        if (!hasGroups) {
          throw new SafetyError(
            "groupsNotSynced",
            `${where}: users cannot be synced before their groups; run a GROUPS (or ALL) sync for "${provider.flag}" first`,
          );
        }
      } finally {
        await target.close?.();
      }
    }
    return provider;
  }

  /** The run's provider flag for its log lines; `null` when the provider is gone. */
  async function flagOf(run: RunRecord): Promise<string | null> {
    return (await repositories.providers.get(run.providerId))?.flag ?? null;
  }

  /** Resolves when the run is finished (it may execute in another process). */
  async function settled(runId: string): Promise<RunRecord> {
    for await (const event of watch(runId)) {
      if (isTerminalRunStatus(event.status) || event.status === "needs_approval") break;
    }
    const run = await runs.get(runId);
    if (!run) throw new NotFoundError("run", runId);
    return run;
  }

  return {
    async plan(request) {
      await preflight(request.providerId, request.scope);
      const queued = await runs.create({
        providerId: request.providerId,
        scope: request.scope,
        trigger: "manual",
        dryRun: true,
        ...(request.requestedBy === undefined ? {} : { requestedBy: request.requestedBy }),
      });
      events.publish(runEventOf(queued));
      const ended = await runner.execute(queued.id);
      // Another process (or this runner's loop) may have claimed it first: wait for its end.
      if (ended && isTerminalRunStatus(ended.status)) return ended;
      return settled(queued.id);
    },

    async run(request) {
      const targets = request.targets && normalizeTargets(request.targets);
      const provider = await preflight(request.providerId, request.scope);
      const queued = await runs.create({
        providerId: request.providerId,
        scope: request.scope,
        trigger: request.trigger ?? (targets ? "event" : "manual"),
        ...(targets ? { targets } : {}),
        ...(request.requestedBy === undefined ? {} : { requestedBy: request.requestedBy }),
      });
      events.publish(runEventOf(queued));
      logger.info(
        {
          runId: queued.id,
          providerId: queued.providerId,
          flag: provider.flag,
          scope: queued.scope,
          ...(targets
            ? {
                targets: {
                  departments: targets.departmentIds.length,
                  users: targets.userIds.length,
                },
              }
            : {}),
        },
        "run queued",
      );
      runner.notify();
      return queued;
    },

    async approve(runId, approvedBy) {
      const run = await runs.get(runId);
      if (!run) throw new NotFoundError("run", runId);
      if (run.status !== "needs_approval") {
        throw new IllegalRunTransitionError(runId, run.status, "applying");
      }
      const stored = storedPlanOf(await runs.getStoredPlan(runId));
      let unchanged = false;
      if (stored?.directoryFingerprint) {
        const setup = await openSyncSetup({ repositories, registry }, run.providerId);
        try {
          const directory = await setup.target.read(setup.record.flag, {
            ...(stored.attributes ? { attributes: stored.attributes } : {}),
          });
          unchanged = directoryFingerprint(directory) === stored.directoryFingerprint;
        } finally {
          await setup.close();
        }
      }
      const log = logger.child({ runId, providerId: run.providerId, flag: await flagOf(run) });
      if (unchanged) {
        const applying = await runs.transition(runId, "applying", { approvedBy, error: null });
        events.publish(runEventOf(applying));
        log.info({ approvedBy }, "run approved; applying the stored plan");
        void runner.startApproved(runId);
        return { run: applying, replanned: false };
      }
      log.info({ approvedBy }, "run approval: the directory changed; planning again");
      const replanned = await runner.replan(runId);
      return { run: replanned, replanned: true };
    },

    async cancel(runId, by) {
      let run = await runs.get(runId);
      if (!run) throw new NotFoundError("run", runId);
      const log = logger.child({ runId, providerId: run.providerId, flag: await flagOf(run) });
      if (run.status === "queued" || run.status === "needs_approval") {
        try {
          const cancelled = await runs.transition(runId, "cancelled", {
            error: `runs: cancelled by ${by}`,
          });
          events.publish(runEventOf(cancelled));
          log.info({ by }, "run cancelled");
          return cancelled;
        } catch (error) {
          // Claimed (or approved) in between: it is working now, so ask it to stop below.
          if (!(error instanceof IllegalRunTransitionError)) throw error;
          run = (await runs.get(runId)) ?? run;
        }
      }
      if (run.status === "planning" || run.status === "applying") {
        // Locally first: the worker here stops at once, before the database round trip.
        const here = runner.abortLocal(runId);
        const requested = await runs.requestCancel(runId);
        log.info({ by, here }, "run cancel requested");
        return requested ?? (await runs.get(runId)) ?? run;
      }
      throw new IllegalRunTransitionError(runId, run.status, "cancelled");
    },

    get: (runId) => runs.get(runId),
    list: (filter) => runs.list(filter),
    listItems: (runId, filter) => runs.listItems(runId, filter),
    watch,
  };
}
