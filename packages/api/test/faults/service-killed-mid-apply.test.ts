import { randomBytes } from "node:crypto";
import { type Slapd, startSlapd } from "@orgsync/ldap/testing";
import { type RunningFeishuSandbox, startFeishuSandbox } from "@orgsync/provider-feishu/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphQLHttpClient } from "../../src/cli/graphql-client.ts";
import { DATABASE_KINDS, type TestDatabaseHandle } from "../databases.ts";
import { configureThroughGraphQL } from "../harness/configure-through-graphql.ts";
import { createFastTestDatabase } from "../harness/pglite-template.ts";
import { type ServiceProcess, spawnService } from "../harness/service-process.ts";
import { smallOrg } from "../harness/sync-environment.ts";

const ADMIN_PASSWORD = "restart-admin-password";
const org = smallOrg(1000, 30, 5);

interface Run {
  id: string;
  status: string;
  error: string | null;
  progress: { done: number; total: number | null };
  counts: { op: string; outcome: string; count: number }[];
}
const RUN = `id status error progress { done total } counts { op outcome count }`;

/**
 * A service process killed with SIGKILL in the middle of applying a plan: the next process
 * marks the run interrupted, and the next run converges — every person exactly once in LDAP.
 */
describe.each(DATABASE_KINDS)("a service killed mid-run, on %s", (kind) => {
  let database: TestDatabaseHandle;
  let slapd: Slapd;
  let sandbox: RunningFeishuSandbox;
  const processes: ServiceProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    [database, slapd, sandbox] = await Promise.all([
      createFastTestDatabase(kind),
      startSlapd({ orgsyncSchema: true }),
      startFeishuSandbox({ org }),
    ]);
    env = {
      ORGSYNC_ADMIN_USERNAME: "admin",
      ORGSYNC_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ORGSYNC_SECRET_KEY: randomBytes(32).toString("base64"),
      ORGSYNC_LOG_LEVEL: "info",
      ORGSYNC_RUN_STALE_AFTER_MS: "1000",
      ...(database.location.databaseUrl ? { DATABASE_URL: database.location.databaseUrl } : {}),
      ...(database.location.dataDir ? { ORGSYNC_DATA_DIR: database.location.dataDir } : {}),
    };
  }, 120_000);

  afterAll(async () => {
    for (const process of processes) if (process.child.exitCode === null) await process.kill();
    await Promise.all([slapd?.stop(), sandbox?.close()]);
    await database?.dispose();
  });

  async function start(): Promise<GraphQLHttpClient> {
    const service = await spawnService(env);
    processes.push(service);
    const client = new GraphQLHttpClient(service.url);
    const login = await client.data<{ login: { token: string } }>(
      `mutation($p: String!) { login(username: "admin", password: $p) { ... on LoginPayload { token } } }`,
      { p: ADMIN_PASSWORD },
    );
    client.token = login.login.token;
    return client;
  }

  async function waitForRun(
    client: GraphQLHttpClient,
    id: string,
    done: (run: Run) => boolean,
    intervalMs = 100,
  ) {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const { run } = await client.data<{ run: Run }>(
        `query($id: ID!) { run(id: $id) { ${RUN} } }`,
        { id },
      );
      if (done(run)) return run;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    throw new Error(`run ${id} did not get there in 90 s`);
  }

  it("marks the run interrupted after a restart, and the next run converges", {
    timeout: 240_000,
  }, async () => {
    const first = await start();
    const providerId = await configureThroughGraphQL(
      (query, variables) => first.data(query, variables),
      {
        slapd,
        sandbox,
      },
    );
    const started = await first.data<{ runSync: { id: string } }>(
      `mutation($id: ID!) { runSync(providerId: $id, scope: ALL) { ... on Run { id } } }`,
      { id: providerId },
    );
    const runId = started.runSync.id;
    const applying = await waitForRun(
      first,
      runId,
      (run) => run.status === "applying" && run.progress.done > 0,
      20,
    );
    expect(applying.progress.done).toBeLessThan(applying.progress.total ?? 0);
    await processes[0]?.kill();

    const second = await start();
    const interrupted = await waitForRun(second, runId, (run) => run.status !== "applying");
    expect(interrupted.status).toBe("interrupted");
    expect(interrupted.error).toMatch(/run it again/);

    const again = await second.data<{ runSync: { id: string } }>(
      `mutation($id: ID!) { runSync(providerId: $id, scope: ALL) { ... on Run { id } } }`,
      { id: providerId },
    );
    const converged = await waitForRun(second, again.runSync.id, (run) =>
      ["succeeded", "failed"].includes(run.status),
    );
    expect(converged).toMatchObject({ status: "succeeded", error: null });

    const users = await slapd.ldapsearch(
      `ou=people,${slapd.baseDn}`,
      "(objectClass=orgsyncManaged)",
      ["uid", "orgsyncAnchor"],
    );
    expect(users).toHaveLength(org.users.length);
    expect(new Set(users.map((user) => user.attributes.orgsyncAnchor?.[0])).size).toBe(
      org.users.length,
    );

    const check = await second.data<{ planSync: Run }>(
      `mutation($id: ID!) { planSync(providerId: $id, scope: ALL) { ... on Run { ${RUN} } } }`,
      { id: providerId },
    );
    expect(check.planSync).toMatchObject({ status: "succeeded", counts: [] });
  });
});
