import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { RunSummary } from "../runs/run-worker.ts";

export interface ServiceMetricsOptions {
  /**
   * Runs executing in this process right now, read at each scrape (`orgsync_runs_active`).
   * @default none: the gauge stays 0
   * @example () => runner.running().length
   */
  activeRuns?: () => number;
  /**
   * Also expose prom-client's default process metrics (CPU, memory, event loop lag, GC,
   * handles) on this registry.
   * @default true
   * @example false (a test that only reads the orgsync_* series)
   */
  processMetrics?: boolean;
  /**
   * The clock of `orgsync_last_success_timestamp_seconds`, in milliseconds.
   * @default Date.now
   */
  now?: () => number;
}

/** The service's Prometheus metrics: one registry per service instance. */
export interface ServiceMetrics {
  /** This service's registry (never prom-client's global one: tests run several services). */
  readonly registry: Registry;
  /** Records a piece of work on a run that ended (the run worker's `onRunFinished`). */
  observeRun(summary: RunSummary): void;
  /** Everything in the registry, in the text format Prometheus scrapes. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/**
 * Run durations start at a tiny sync's second and reach a large tenant's hour; buckets in
 * seconds.
 */
export const RUN_DURATION_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/** The `provider` label of a run whose provider could not be read. */
const UNKNOWN_PROVIDER = "unknown";

/**
 * Makes the service's metrics on a fresh registry:
 *
 * | metric | type | labels |
 * |---|---|---|
 * | `orgsync_run_duration_seconds` | histogram | provider, scope, trigger, status |
 * | `orgsync_runs_total` | counter | provider, scope, trigger, status |
 * | `orgsync_objects_total` | counter | provider, op, outcome |
 * | `orgsync_source_api_calls_total` | counter | provider |
 * | `orgsync_source_api_retries_total` | counter | provider, reason (`rate_limited`, `error`) |
 * | `orgsync_last_success_timestamp_seconds` | gauge | provider, scope |
 * | `orgsync_runs_active` | gauge | — |
 *
 * `provider` is the provider's flag. A run counts once per piece of work the worker does on it:
 * a plan held for approval ends one (`status="needs_approval"`), applying the approved plan
 * another. Objects count outcomes only (`succeeded`, `failed`, `skipped`, `cancelled`): a plan
 * that was not applied changed nothing. Dry runs count as runs but never as a last success.
 */
export function createServiceMetrics(options: ServiceMetricsOptions = {}): ServiceMetrics {
  const registry = new Registry();
  const registers = [registry];
  const now = options.now ?? Date.now;
  const runLabels = ["provider", "scope", "trigger", "status"] as const;

  const runDuration = new Histogram({
    name: "orgsync_run_duration_seconds",
    help: "How long a piece of work on a run took, from its claim (or its approval's apply) to its recorded end.",
    labelNames: runLabels,
    buckets: RUN_DURATION_BUCKETS,
    registers,
  });
  const runsTotal = new Counter({
    name: "orgsync_runs_total",
    help: "Pieces of work on runs that ended, by the status they left the run in.",
    labelNames: runLabels,
    registers,
  });
  const objectsTotal = new Counter({
    name: "orgsync_objects_total",
    help: "Directory operations applied by runs, by operation type and outcome.",
    labelNames: ["provider", "op", "outcome"] as const,
    registers,
  });
  const sourceCalls = new Counter({
    name: "orgsync_source_api_calls_total",
    help: "Calls runs made to the source (IM) API, retries included.",
    labelNames: ["provider"] as const,
    registers,
  });
  const sourceRetries = new Counter({
    name: "orgsync_source_api_retries_total",
    help: "Source API calls retried, by reason: rate_limited (HTTP 429 or the API's own limit code) or error (server or network).",
    labelNames: ["provider", "reason"] as const,
    registers,
  });
  const lastSuccess = new Gauge({
    name: "orgsync_last_success_timestamp_seconds",
    help: "When a run (not a dry run) of the provider and scope last succeeded, in Unix seconds.",
    labelNames: ["provider", "scope"] as const,
    registers,
  });
  const { activeRuns } = options;
  new Gauge({
    name: "orgsync_runs_active",
    help: "Runs executing in this process.",
    registers,
    ...(activeRuns
      ? {
          collect(this: Gauge) {
            this.set(activeRuns());
          },
        }
      : {}),
  });
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });

  return {
    registry,

    observeRun(summary) {
      const provider = summary.flag ?? UNKNOWN_PROVIDER;
      const labels = {
        provider,
        scope: summary.scope,
        trigger: summary.trigger,
        status: summary.status,
      };
      runDuration.observe(labels, summary.durationSeconds);
      runsTotal.inc(labels);
      for (const [op, byOutcome] of Object.entries(summary.counts)) {
        for (const [outcome, count] of Object.entries(byOutcome ?? {})) {
          if (outcome === "planned" || !count || count <= 0) continue;
          objectsTotal.inc({ provider, op, outcome }, count);
        }
      }
      if (summary.source) {
        sourceCalls.inc({ provider }, Math.max(0, summary.source.calls));
        sourceRetries.inc(
          { provider, reason: "rate_limited" },
          Math.max(0, summary.source.rateLimited),
        );
        sourceRetries.inc({ provider, reason: "error" }, Math.max(0, summary.source.errors));
      }
      if (summary.status === "succeeded" && !summary.dryRun) {
        lastSuccess.set({ provider, scope: summary.scope }, now() / 1000);
      }
    },

    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
