import {
  createJobRunner,
  type JobRunner,
  type JobRunnerOptions,
} from "../../src/runs/job-runner.ts";
import { createRunEvents, type RunEvents } from "../../src/runs/run-events.ts";
import type { RunLogger } from "../../src/runs/run-logger.ts";
import { createRunService, type RunService } from "../../src/runs/run-service.ts";
import type { SyncEnvironment } from "./sync-environment.ts";

/** The runs of one service process over a sync environment: events, a job runner, the service. */
export interface RunStack {
  events: RunEvents;
  runner: JobRunner;
  service: RunService;
  /** Stops the runner (waiting for its runs). */
  stop(): Promise<void>;
}

export interface RunStackOptions
  extends Partial<Omit<JobRunnerOptions, "repositories" | "registry" | "events">> {
  /**
   * Start the runner's loop (recovery, then claiming queued runs) before returning.
   * @default true
   */
  start?: boolean;
}

/**
 * Wires events, a job runner and the run service over `env`'s current repositories, with test
 * timings (fast polling and beats). Call it after `env.reopenDatabase()` to get a stack over
 * the new connection.
 */
export async function startRunStack(
  env: SyncEnvironment,
  options: RunStackOptions = {},
): Promise<RunStack> {
  const { start = true, ...runnerOptions } = options;
  const events = createRunEvents();
  const logger: RunLogger | undefined = runnerOptions.logger;
  const runner = createJobRunner({
    repositories: env.repositories,
    registry: env.registry,
    events,
    mode: env.kind === "pglite" ? "embedded" : "shared",
    pollIntervalMs: 100,
    heartbeatMs: 100,
    ...runnerOptions,
  });
  const service = createRunService({
    repositories: env.repositories,
    registry: env.registry,
    runner,
    events,
    pollIntervalMs: 100,
    ...(logger ? { logger } : {}),
  });
  if (start) await runner.start();
  return { events, runner, service, stop: () => runner.stop() };
}
