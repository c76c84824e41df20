import { describe, expect, it } from "vitest";
import type { RunSummary } from "../runs/run-worker.ts";
import { createServiceMetrics } from "./metrics.ts";

const summary = (overrides: Partial<RunSummary> = {}): RunSummary => ({
  runId: "run-1",
  providerId: "provider-1",
  flag: "feishu",
  scope: "ALL",
  trigger: "schedule",
  dryRun: false,
  status: "succeeded",
  durationSeconds: 3.5,
  counts: { createUser: { succeeded: 4, failed: 1 }, updateGroup: { skipped: 2 } },
  source: { calls: 12, rateLimited: 2, errors: 1 },
  ...overrides,
});

async function value(
  metrics: ReturnType<typeof createServiceMetrics>,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  const metric = metrics.registry.getSingleMetric(name);
  const { values } = (await metric?.get()) ?? { values: [] };
  return values.find(
    (sample) =>
      Object.entries(labels).every(([key, wanted]) => String(sample.labels[key]) === wanted) &&
      Object.keys(sample.labels).length === Object.keys(labels).length,
  )?.value;
}

describe("service metrics", () => {
  it("records a run: duration, count, objects by op and outcome, source calls, last success", async () => {
    const metrics = createServiceMetrics({ processMetrics: false, now: () => 1_700_000_000_000 });
    metrics.observeRun(summary());
    const run = { provider: "feishu", scope: "ALL", trigger: "schedule", status: "succeeded" };
    expect(await value(metrics, "orgsync_runs_total", run)).toBe(1);
    const { body } = await metrics.scrape();
    expect(body).toContain(
      'orgsync_run_duration_seconds_sum{provider="feishu",scope="ALL",trigger="schedule",status="succeeded"} 3.5',
    );
    const objects = (op: string, outcome: string) =>
      value(metrics, "orgsync_objects_total", { provider: "feishu", op, outcome });
    expect(await objects("createUser", "succeeded")).toBe(4);
    expect(await objects("createUser", "failed")).toBe(1);
    expect(await objects("updateGroup", "skipped")).toBe(2);
    expect(await value(metrics, "orgsync_source_api_calls_total", { provider: "feishu" })).toBe(12);
    const retries = (reason: string) =>
      value(metrics, "orgsync_source_api_retries_total", { provider: "feishu", reason });
    expect(await retries("rate_limited")).toBe(2);
    expect(await retries("error")).toBe(1);
    expect(
      await value(metrics, "orgsync_last_success_timestamp_seconds", {
        provider: "feishu",
        scope: "ALL",
      }),
    ).toBe(1_700_000_000);
  });

  it("counts no planned objects, and no success for a dry run or a held plan", async () => {
    const metrics = createServiceMetrics({ processMetrics: false });
    const planned = { createUser: { planned: 40 } };
    metrics.observeRun(summary({ dryRun: true, counts: planned }));
    metrics.observeRun(summary({ status: "needs_approval", counts: planned }));
    const { body } = await metrics.scrape();
    expect(body).not.toMatch(/^orgsync_objects_total\{/m);
    expect(body).not.toMatch(/^orgsync_last_success_timestamp_seconds\{/m);
    expect(body).toMatch(/^orgsync_runs_total\{.*status="needs_approval"\} 1$/m);
  });

  it("labels a run whose provider is gone `unknown`, and leaves out calls it did not count", async () => {
    const metrics = createServiceMetrics({ processMetrics: false });
    const { source: _source, ...withoutSource } = summary({ flag: null, status: "failed" });
    metrics.observeRun(withoutSource);
    const { body } = await metrics.scrape();
    expect(body).toMatch(/^orgsync_runs_total\{provider="unknown",.*status="failed"\} 1$/m);
    expect(body).not.toMatch(/^orgsync_source_api_calls_total\{/m);
  });

  it("reads the active runs at each scrape, and keeps each service's registry apart", async () => {
    let active = 2;
    const one = createServiceMetrics({ activeRuns: () => active });
    const other = createServiceMetrics();
    expect(await value(one, "orgsync_runs_active")).toBe(2);
    active = 0;
    expect(await value(one, "orgsync_runs_active")).toBe(0);
    one.observeRun(summary());
    expect((await one.scrape()).body).toMatch(/^orgsync_runs_total\{/m);
    const otherBody = (await other.scrape()).body;
    expect(otherBody).not.toMatch(/^orgsync_runs_total\{/m);
    expect(otherBody).toMatch(/^process_cpu_user_seconds_total /m);
    expect((await one.scrape()).contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});
