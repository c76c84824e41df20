import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Tokens } from "../../src/container/tokens.ts";
import { checkReadiness } from "../../src/observability/readiness.ts";
import { observabilityRoutes } from "../../src/observability/routes.ts";
import { type ListeningServer, listen } from "../../src/server.ts";
import { DATABASE_KINDS } from "../databases.ts";
import { useTestService } from "../service/test-service.ts";
import { parseMetrics, sampleValue } from "./prometheus-text.ts";

/**
 * The probes over a real port, on a whole service: live while the process serves, ready only
 * while the database answers with its migrations applied and the job runner runs.
 */
describe.each(DATABASE_KINDS)("health and readiness probes on %s", (kind) => {
  const t = useTestService(kind);
  let server: ListeningServer;
  const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);

  beforeAll(async () => {
    // `t.listen()` mounts GraphQL only; the routes come the way `serve` mounts them.
    server = await listen(t.service, { port: 0, routes: [observabilityRoutes] });
  });
  afterAll(() => server?.close());

  it("is live: GET /healthz answers 200 ok", async () => {
    const response = await get("/healthz");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: "ok" });
    expect((await get("/healthz", { method: "POST" })).status).toBe(405);
  });

  it("is ready: the database answers, its migrations are applied, the runner runs", async () => {
    const response = await get("/readyz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ready",
      checks: { database: "ok", migrations: "ok", jobRunner: "ok" },
    });
  });

  it("serves its own registry's metrics, the runner's gauge at 0 before any run", async () => {
    const response = await get("/metrics");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parseMetrics(await response.text());
    expect(sampleValue(families, "orgsync_runs_active")).toBe(0);
    // prom-client's process metrics, on this service's registry.
    expect(sampleValue(families, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
  });

  it("says migrations are pending when the build ships one the database lacks", async () => {
    const folder = await mkdtemp(join(tmpdir(), "orgsync-migrations-"));
    try {
      await mkdir(join(folder, "meta"));
      const future = { idx: 0, version: "7", when: Date.now() + 86_400_000, tag: "9999_future" };
      await writeFile(join(folder, "meta", "_journal.json"), JSON.stringify({ entries: [future] }));
      const report = await checkReadiness({
        database: t.service.container.resolve(Tokens.Database),
        runner: t.service.container.resolve(Tokens.JobRunner),
        migrationsFolder: folder,
      });
      expect(report.ready).toBe(false);
      expect(report.notReady).toEqual(["migrations"]);
      expect(report.checks.migrations).toMatch(/pending.*9999_future/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("is not ready once the job runner stopped, and says so in the body and the log", async () => {
    await t.service.container.resolve(Tokens.JobRunner).stop();
    const response = await get("/readyz");
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: "not ready",
      notReady: ["jobRunner"],
      checks: {
        database: "ok",
        migrations: "ok",
        jobRunner: "the job runner is stopped, not running",
      },
    });
    expect(t.logs).toContainEqual(
      expect.objectContaining({ msg: "service: not ready", notReady: ["jobRunner"] }),
    );
  });

  it("is not ready once the database is closed, and still live", async () => {
    const database = t.service.container.resolve(Tokens.Database);
    await database.close();
    // The suite's teardown closes the service, database included; PGlite refuses a second close.
    database.close = async () => {};
    const response = await get("/readyz");
    expect(response.status).toBe(503);
    const body = (await response.json()) as {
      notReady: string[];
      checks: Record<string, string>;
    };
    expect(body.notReady).toEqual(["database", "migrations", "jobRunner"]);
    expect(body.checks.database).toMatch(/did not answer select 1/);
    expect(body.checks.migrations).toMatch(/not checked/);
    expect((await get("/healthz")).status).toBe(200);
  });
});
