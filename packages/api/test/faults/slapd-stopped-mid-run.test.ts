import { randomBytes } from "node:crypto";
import { type Slapd, startSlapd } from "@orgsync/ldap/testing";
import { type RunningFeishuSandbox, startFeishuSandbox } from "@orgsync/provider-feishu/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphQLHttpClient } from "../../src/cli/graphql-client.ts";
import type { TestDatabaseHandle } from "../databases.ts";
import { configureThroughGraphQL } from "../harness/configure-through-graphql.ts";
import { createFastTestDatabase } from "../harness/pglite-template.ts";
import { type ServiceProcess, spawnService } from "../harness/service-process.ts";
import { smallOrg } from "../harness/sync-environment.ts";
import { directoryView, viewOfOrg } from "./directory-of-org.ts";

/**
 * The directory server dies in the middle of applying a plan (slapd SIGKILLed, as a crash or
 * an OOM kill would) and comes back later on the same port with the same database. Proves,
 * through the real service process over GraphQL:
 *
 * - the run ends `failed`, not hanging in `applying`, and its items say per object that the
 *   directory could not be reached (category `transient`, the connection error in the message);
 * - the service stays up while the directory is down: its probes answer, and its job runner
 *   still claims runs (the next one fails at once, saying the directory is unreachable);
 * - once slapd is back, the next run converges — every person exactly once (by anchor), every
 *   group with exactly its members — and a dry run after it plans nothing.
 *
 * The database does not matter here (it stays up), so PGlite only.
 */

const ADMIN_PASSWORD = "slapd-outage-admin";
/** Big enough that applying takes a few seconds, so slapd can be killed half way. */
const org = smallOrg(1000, 30, 11);

interface Run {
  id: string;
  status: string;
  error: string | null;
  progress: { done: number; total: number | null };
  counts: { op: string; outcome: string; count: number }[];
}
const RUN = "id status error progress { done total } counts { op outcome count }";

interface Item {
  seq: number;
  op: string;
  anchor: string;
  outcome: string;
  errorCategory: string | null;
  message: string | null;
}

describe("slapd stopped in the middle of a run and started again", () => {
  let database: TestDatabaseHandle;
  let slapd: Slapd;
  let sandbox: RunningFeishuSandbox;
  let service: ServiceProcess;
  let client: GraphQLHttpClient;
  let providerId: string;

  beforeAll(async () => {
    [database, slapd, sandbox] = await Promise.all([
      createFastTestDatabase("pglite"),
      startSlapd({ orgsyncSchema: true }),
      startFeishuSandbox({ org }),
    ]);
    service = await spawnService({
      ORGSYNC_ADMIN_USERNAME: "admin",
      ORGSYNC_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ORGSYNC_SECRET_KEY: randomBytes(32).toString("base64"),
      ORGSYNC_LOG_LEVEL: "info",
      ORGSYNC_DATA_DIR: database.location.dataDir as string,
    });
    client = new GraphQLHttpClient(service.url);
    const login = await client.data<{ login: { token: string } }>(
      `mutation($p: String!) { login(username: "admin", password: $p) { ... on LoginPayload { token } } }`,
      { p: ADMIN_PASSWORD },
    );
    client.token = login.login.token;
    providerId = await configureThroughGraphQL(
      (query, variables) => client.data(query, variables),
      {
        slapd,
        sandbox,
      },
    );
  }, 120_000);

  afterAll(async () => {
    if (service?.child.exitCode === null) await service.stop();
    await Promise.all([slapd?.stop(), sandbox?.close()]);
    await database?.dispose();
  }, 60_000);

  const startRun = async () =>
    (
      await client.data<{ runSync: { id: string } }>(
        `mutation($id: ID!) { runSync(providerId: $id, scope: ALL) { ... on Run { id } } }`,
        { id: providerId },
      )
    ).runSync.id;

  async function waitForRun(id: string, done: (run: Run) => boolean, intervalMs = 100) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { run } = await client.data<{ run: Run }>(
        `query($id: ID!) { run(id: $id) { ${RUN} } }`,
        { id },
      );
      if (done(run)) return run;
      if (Date.now() > deadline) throw new Error(`run ${id} is still ${run.status} after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
  const finished = (run: Run) => ["succeeded", "failed", "cancelled"].includes(run.status);

  async function itemsOf(id: string): Promise<Item[]> {
    const items: Item[] = [];
    let after: string | null = null;
    do {
      const page: { run: { items: { nodes: Item[]; endCursor: string | null } } } =
        await client.data(
          `query($id: ID!, $after: String) { run(id: $id) {
          items(first: 1000, after: $after) { nodes { seq op anchor outcome errorCategory message } endCursor }
        } }`,
          { id, after },
        );
      items.push(...page.run.items.nodes);
      after = page.run.items.endCursor;
    } while (after);
    return items;
  }

  const probe = async (path: string) => (await fetch(`${service.url}${path}`)).status;

  it("fails the run with per-object errors, stays up, and converges once slapd is back", {
    timeout: 120_000,
  }, async () => {
    const runId = await startRun();
    const applying = await waitForRun(
      runId,
      (run) => run.status === "applying" && run.progress.done > 0,
      20,
    );
    expect(applying.progress.done).toBeLessThan(applying.progress.total ?? 0);
    await slapd.kill();

    // The run ends on its own, failed; it is not left applying.
    const failed = await waitForRun(runId, finished);
    expect(failed.status).toBe("failed");
    const total = applying.progress.total ?? -1;
    const summary = new RegExp(`^runs: (\\d+) of ${total} operations failed: \\1 transient`);
    expect(failed.error).toMatch(summary);
    const items = await itemsOf(runId);
    expect(items).toHaveLength(total);
    const failedItems = items.filter((item) => item.outcome === "failed");
    expect(failedItems).toHaveLength(Number(summary.exec(failed.error ?? "")?.[1]));
    for (const item of failedItems) {
      expect(item.errorCategory).toBe("transient");
      // Operations in flight at the kill lose their connection; later ones cannot connect.
      expect(item.message).toMatch(/^ldap: .*(ECONNREFUSED|connection|socket|closed)/i);
    }
    const refused = `connect ECONNREFUSED 127.0.0.1:${slapd.port}`;
    expect(failedItems.some((item) => item.message?.includes(refused))).toBe(true);
    // Nothing is left unaccounted for: what was not attempted says why.
    for (const item of items.filter((item) => item.outcome === "skipped")) {
      expect(["breakerOpen", "dependencyFailed"]).toContain(item.errorCategory);
    }
    // What was applied before the kill is recorded as applied, so the log tells the truth.
    expect(items.some((item) => item.outcome === "succeeded")).toBe(true);
    expect(items.every((item) => item.outcome !== "planned")).toBe(true);

    // The service is still up while the directory is down: probes answer, GraphQL answers,
    // and the job runner still claims runs, failing the next one with the reason.
    expect(await probe("/healthz")).toBe(200);
    expect(await probe("/readyz")).toBe(200);
    const whileDown = await waitForRun(await startRun(), finished);
    expect(whileDown.status).toBe("failed");
    expect(whileDown.error).toContain(refused);
    expect(await itemsOf(whileDown.id)).toEqual([]);

    await slapd.restart();
    const converged = await waitForRun(await startRun(), finished);
    expect(converged).toMatchObject({ status: "succeeded", error: null });
    expect(await directoryView(slapd)).toEqual(viewOfOrg(org));

    const check = await client.data<{ planSync: Run }>(
      `mutation($id: ID!) { planSync(providerId: $id, scope: ALL) { ... on Run { ${RUN} } } }`,
      { id: providerId },
    );
    expect(check.planSync).toMatchObject({ status: "succeeded", counts: [] });
    expect(check.planSync.progress.total).toBe(0);
  });
});
