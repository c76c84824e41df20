import type { SourceSnapshot } from "@orgsync/core";
import { type Slapd, startSlapd } from "@orgsync/ldap/testing";
import { type RunningFeishuSandbox, startFeishuSandbox } from "@orgsync/provider-feishu/sandbox";
import { register as globalRegistry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { observabilityRoutes } from "../../src/observability/routes.ts";
import { type ListeningServer, listen } from "../../src/server.ts";
import { DATABASE_KINDS } from "../databases.ts";
import { configureThroughGraphQL } from "../harness/configure-through-graphql.ts";
import { smallOrg } from "../harness/sync-environment.ts";
import { useTestService } from "../service/test-service.ts";
import {
  histogramSeries,
  type MetricFamily,
  parseMetrics,
  sampleValue,
} from "./prometheus-text.ts";

/**
 * A real sync (slapd, the Feishu SDK against the sandbox, set up through GraphQL as an admin
 * would), then `/metrics` over a real port and the run's log lines.
 */
describe.each(DATABASE_KINDS)("metrics and logs of a real sync on %s", (kind) => {
  const t = useTestService(kind);
  let slapd: Slapd;
  let sandbox: RunningFeishuSandbox;
  let server: ListeningServer;
  let org: SourceSnapshot;
  let token: string;
  let runId: string;
  let syncedAt: number;

  async function data<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await t.gql<T>(query, variables, token);
    if (result.errors || !result.data) {
      throw new Error(`GraphQL failed: ${JSON.stringify(result.errors ?? result)}`);
    }
    return result.data;
  }

  async function scrape(): Promise<MetricFamily[]> {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    return parseMetrics(await response.text());
  }

  beforeAll(async () => {
    org = smallOrg(40, 6, 5);
    [slapd, sandbox] = await Promise.all([
      startSlapd({ orgsyncSchema: true }),
      startFeishuSandbox({ org }),
    ]);
    server = await listen(t.service, { port: 0, routes: [observabilityRoutes] });
    token = await t.login();

    const providerId = await configureThroughGraphQL(data, {
      slapd,
      sandbox,
      directory: { initialPassword: "Welcome-2026!", defaultEmailSuffix: "example.com" },
    });

    // One 429 and one 5xx during the run, each retried: the retry counters must show them.
    sandbox.resetStats();
    sandbox.setFaults({
      failCall: [
        { route: "findByDepartment", nth: 1, status: 429, code: 99991400 },
        { route: "children", nth: 1, status: 500, code: 1 },
      ],
    });
    const queued = await data<{ runSync: { __typename: string; id: string } }>(
      `mutation($id: ID!) { runSync(providerId: $id, scope: ALL) { __typename ... on Run { id } } }`,
      { id: providerId },
    );
    runId = queued.runSync.id;
    for (let attempt = 0; ; attempt++) {
      const { run } = await data<{ run: { status: string; error: string | null } }>(
        `query($id: ID!) { run(id: $id) { status error } }`,
        { id: runId },
      );
      if (!["queued", "planning", "applying"].includes(run.status)) {
        expect(run).toEqual({ status: "succeeded", error: null });
        break;
      }
      if (attempt > 600) throw new Error(`run ${runId} did not finish in 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    syncedAt = Date.now() / 1000;
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await Promise.all([slapd?.stop(), sandbox?.close()]);
  });

  it("has the run's duration and its count, labelled with the provider's flag", async () => {
    const families = await scrape();
    // GraphQL's runSync queues runs with trigger "api".
    const labels = { provider: "feishu", scope: "ALL", trigger: "api", status: "succeeded" };
    const [duration, ...others] = histogramSeries(families, "orgsync_run_duration_seconds", labels);
    expect(others).toEqual([]);
    expect(duration?.count).toBe(1);
    expect(duration?.sum).toBeGreaterThan(0);
    expect(duration?.sum).toBeLessThan(60);
    expect(sampleValue(families, "orgsync_runs_total", labels)).toBe(1);
    expect(sampleValue(families, "orgsync_runs_active")).toBe(0);
  });

  it("counts the objects by operation and outcome", async () => {
    const families = await scrape();
    const object = (op: string) =>
      sampleValue(families, "orgsync_objects_total", {
        provider: "feishu",
        op,
        outcome: "succeeded",
      });
    expect(object("createUser")).toBe(org.users.length);
    expect(object("createGroup")).toBe(org.departments.length);
    const objects = families.find((family) => family.name === "orgsync_objects_total");
    // Applied outcomes only: a plan's "planned" counts changed nothing.
    expect(objects?.samples.every((sample) => sample.labels.outcome === "succeeded")).toBe(true);
  });

  it("counts the source API calls and their retries as the sandbox saw them", async () => {
    const families = await scrape();
    const calls = sampleValue(families, "orgsync_source_api_calls_total", { provider: "feishu" });
    const apiCalls = Object.entries(sandbox.stats.calls)
      .filter(([route]) => route !== "token")
      .reduce((sum, [, count]) => sum + count, 0);
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBe(apiCalls);
    const retries = (reason: string) =>
      sampleValue(families, "orgsync_source_api_retries_total", { provider: "feishu", reason });
    expect(retries("rate_limited")).toBe(sandbox.stats.throttled);
    expect(retries("rate_limited")).toBe(1);
    expect(retries("error")).toBe(sandbox.stats.serverErrors);
    expect(retries("error")).toBe(1);
  });

  it("has the provider's last success within the last minute", async () => {
    const families = await scrape();
    const last = sampleValue(families, "orgsync_last_success_timestamp_seconds", {
      provider: "feishu",
      scope: "ALL",
    });
    expect(last).toBeLessThanOrEqual(syncedAt);
    expect(last).toBeGreaterThan(Date.now() / 1000 - 60);
  });

  it("keeps its metrics off prom-client's global registry", async () => {
    expect(globalRegistry.getSingleMetric("orgsync_runs_total")).toBeUndefined();
  });

  it("logs every line of the run with its id and the provider's flag", () => {
    const lines = t.logs.filter((line) => line.runId === runId);
    const messages = lines.map((line) => line.msg);
    for (const message of ["run queued", "run claimed", "run planned", "run succeeded"]) {
      expect(messages).toContain(message);
    }
    for (const line of lines) expect(line, JSON.stringify(line)).toMatchObject({ flag: "feishu" });
    // Lines about the run that lost its id on the way would not be found above: none say
    // "run" without one.
    const orphans = t.logs.filter(
      (line) =>
        line.component === "runs" && line.runId === undefined && /^run\b/.test(String(line.msg)),
    );
    expect(orphans).toEqual([]);
  });
});
