import { randomBytes } from "node:crypto";
import { type Slapd, startSlapd } from "@orgsync/ldap/testing";
import { type RunningFeishuSandbox, startFeishuSandbox } from "@orgsync/provider-feishu/sandbox";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabaseHandle } from "../databases.ts";
import { configureThroughGraphQL } from "../harness/configure-through-graphql.ts";
import { type ServiceProcess, spawnService } from "../harness/service-process.ts";
import { smallOrg } from "../harness/sync-environment.ts";

/**
 * Two service processes (`src/bin/serve.ts`, each in its own child process with its own
 * scheduler and job runner) on one PostgreSQL: an every-second schedule for about five seconds
 * records exactly one fire per second, and never starts two runs for one fire.
 */

const ADMIN_PASSWORD = "multi-process-admin";

/** Just enough GraphQL over HTTP for the set-up. */
async function graphql<T>(
  url: string,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) {
    throw new Error(`GraphQL request failed: ${JSON.stringify(body)}`);
  }
  return body.data;
}

async function login(url: string): Promise<string> {
  const result = await graphql<{ login: { token: string } }>(
    url,
    undefined,
    `mutation($p: String!) { login(username: "admin", password: $p) { ... on LoginPayload { token } } }`,
    { p: ADMIN_PASSWORD },
  );
  return result.login.token;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("schedules with two service processes on one PostgreSQL", () => {
  let database: TestDatabaseHandle;
  let slapd: Slapd;
  let sandbox: RunningFeishuSandbox;
  const processes: ServiceProcess[] = [];
  let sql: postgres.Sql;

  beforeAll(async () => {
    [database, slapd, sandbox] = await Promise.all([
      createTestDatabase("postgres"),
      startSlapd({ orgsyncSchema: true }),
      startFeishuSandbox({ org: smallOrg(20, 4) }),
    ]);
    const env = {
      ORGSYNC_ADMIN_USERNAME: "admin",
      ORGSYNC_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ORGSYNC_SECRET_KEY: randomBytes(32).toString("base64"),
      ORGSYNC_LOG_LEVEL: "info",
      DATABASE_URL: database.location.databaseUrl as string,
    };
    // One after the other: the first migrates the empty database.
    processes.push(await spawnService(env));
    processes.push(await spawnService(env));
    sql = postgres(database.location.databaseUrl as string, { max: 2, onnotice: () => {} });
  }, 120_000);

  afterAll(async () => {
    for (const process of processes) if (process.child.exitCode === null) await process.stop();
    await sql?.end();
    await Promise.all([slapd?.stop(), sandbox?.close()]);
    await database?.dispose();
  }, 60_000);

  it("records one fire per second and starts at most one run per fire", {
    timeout: 120_000,
  }, async () => {
    const [one, two] = processes as [ServiceProcess, ServiceProcess];
    const [tokenOne, tokenTwo] = await Promise.all([login(one.url), login(two.url)]);
    const providerId = await configureThroughGraphQL(
      (query, variables) => graphql(one.url, tokenOne, query, variables),
      { slapd, sandbox },
    );

    const set = (url: string, token: string, enabled: boolean) =>
      graphql<{ setSchedule: { __typename: string } }>(
        url,
        token,
        `mutation($id: ID!, $enabled: Boolean) { setSchedule(providerId: $id, scope: GROUPS, cron: "* * * * * *", enabled: $enabled) { __typename } }`,
        { id: providerId, enabled },
      );
    // Slow IM answers make a run outlast a second, so some fires find the provider busy.
    sandbox.setFaults({ latencyMs: 400 });
    // Saved through one process, stopped through the other: both read the schedules each tick.
    expect((await set(one.url, tokenOne, true)).setSchedule.__typename).toBe("Schedule");
    await sleep(5_500);
    expect((await set(two.url, tokenTwo, false)).setSchedule.__typename).toBe("Schedule");
    // A tick in flight when the schedule was disabled may still record a fire: let it settle.
    await sleep(1_500);

    sandbox.setFaults({});
    // Let the runs the fires started finish.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [active] = await sql<{ count: number }[]>`
        select count(*)::int as count from runs
        where provider_id = ${providerId} and status in ('queued', 'planning', 'needs_approval', 'applying')`;
      if (active?.count === 0) break;
      if (Date.now() > deadline) throw new Error("the scheduled runs did not finish in 60 s");
      await sleep(250);
    }

    const fires = await sql<
      { fire_at: Date; outcome: string; run_id: string | null; reason: string | null }[]
    >`select fire_at, outcome, run_id, reason from schedule_fires
      where provider_id = ${providerId} and scope = 'GROUPS' order by fire_at`;
    const runs = await sql<{ id: string; status: string; trigger: string }[]>`
      select id, status, trigger from runs where provider_id = ${providerId}`;

    // About five seconds of fires, one row per second, no second missed.
    expect(fires.length).toBeGreaterThanOrEqual(4);
    expect(fires.length).toBeLessThanOrEqual(8);
    for (const [index, fire] of fires.entries()) {
      expect(fire.fire_at.getMilliseconds()).toBe(0);
      const previous = fires[index - 1];
      if (previous) expect(fire.fire_at.getTime() - previous.fire_at.getTime()).toBe(1000);
    }

    // Runs ≤ fires; every run belongs to exactly one fire; no fire started two runs.
    const scheduled = runs.filter((run) => run.trigger === "schedule");
    expect(scheduled).toEqual(runs);
    expect(scheduled.length).toBeGreaterThanOrEqual(1);
    expect(scheduled.length).toBeLessThanOrEqual(fires.length);
    const runIds = fires.flatMap((fire) => (fire.run_id ? [fire.run_id] : []));
    expect(new Set(runIds).size).toBe(runIds.length);
    expect(new Set(runIds)).toEqual(new Set(scheduled.map((run) => run.id)));
    for (const run of scheduled) expect(run.status).toBe("succeeded");
    for (const fire of fires) {
      if (fire.outcome === "started") expect(fire.run_id).not.toBeNull();
      else {
        expect(fire).toMatchObject({
          outcome: "skipped",
          reason: expect.stringMatching(/^the provider was running: run [0-9a-f-]{36}$/),
        });
      }
    }

    // Both processes' schedulers were ticking; say which one acted on the fires.
    const acted = processes.map(
      (process) =>
        process.logs.filter((line) => String(line.msg).startsWith("schedules: fire")).length,
    );
    for (const process of processes) {
      expect(process.logs.some((line) => line.msg === "schedules: scheduler started")).toBe(true);
    }
    expect(acted.reduce((a, b) => a + b, 0)).toBe(fires.length);
    console.info(
      `multi-process schedules: ${fires.length} fires, ${scheduled.length} runs; fires acted on per process: ${acted.join(" / ")}`,
    );
  });
});
