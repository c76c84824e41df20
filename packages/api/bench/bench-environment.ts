import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { SourceSnapshot } from "@orgsync/core";
import { freeLoopbackPorts, type Slapd, startSlapd } from "@orgsync/ldap/testing";
import { type RunningFeishuSandbox, startFeishuSandbox } from "@orgsync/provider-feishu/sandbox";
import { GraphQLHttpClient } from "../src/cli/graphql-client.ts";
import { createTestDatabase, type DatabaseKind } from "../test/databases.ts";
import { configureThroughGraphQL } from "../test/harness/configure-through-graphql.ts";
import { type ServiceProcess, spawnService } from "../test/harness/service-process.ts";

const ADMIN_PASSWORD = "bench-admin-password";
const EVENT_SECRETS = { encryptKey: "bench-encrypt-key", verificationToken: "bench-token" };

/**
 * The source's quota lifted on both sides: the sandbox enforces none and the provider's client
 * paces at the highest rates it accepts. Under Feishu's default quota (50/s, 1000/min) a
 * 10k-user read takes a minute whatever the reader does (the provider bench proves we reach
 * that floor); lifted, what is left to measure is orgsync's own cost.
 */
const UNTHROTTLED_PROVIDER = {
  requestsPerSecond: 10_000,
  requestsPerMinute: 600_000,
  concurrency: 16,
  ...EVENT_SECRETS,
};

export interface RunOutcome {
  id: string;
  status: string;
  error: string | null;
  /** From the run's creation to its end, by the service's clock (its own record), ms. */
  ms: number;
  /**
   * From the claim to the first write (both reads, planning, storing the plan) and from there to
   * the end, by the service's log; `applyMs` is 0 for a run with nothing to apply.
   */
  phases: { readAndPlanMs: number; applyMs: number };
  /** Operations applied (items that succeeded). */
  writes: number;
  /** Items planned, by op. */
  planned: Record<string, number>;
  failed: number;
}

/** The product as deployed for one benchmark size: slapd, the Feishu sandbox and the service. */
export interface BenchEnvironment {
  readonly slapd: Slapd;
  readonly sandbox: RunningFeishuSandbox;
  readonly service: ServiceProcess;
  readonly client: GraphQLHttpClient;
  readonly providerId: string;
  /** A run of `scope` through the service's job path, waited for. */
  runSync(scope: "ALL" | "GROUPS" | "USERS"): Promise<RunOutcome>;
  /** The service process's peak resident set (VmHWM), bytes. */
  peakRssBytes(): Promise<number>;
  dispose(): Promise<void>;
}

const RUN_FIELDS = `id status error createdAt finishedAt counts { op outcome count }`;

/**
 * Starts the product for `org` on a fresh database of `kind`: PostgreSQL (a database of its own
 * on the machine's server, dropped afterwards) or the embedded PGlite (a temp data directory).
 */
export async function startBenchEnvironment(
  org: SourceSnapshot,
  kind: DatabaseKind,
): Promise<BenchEnvironment> {
  const [slapd, [port], database] = await Promise.all([
    startSlapd({ orgsyncSchema: true }),
    freeLoopbackPorts(1),
    createTestDatabase(kind),
  ]);
  // The sandbox pushes contact events to the service's event route, as a Feishu app configured
  // with the service's webhook URL would; the port is chosen first so both know it.
  const sandbox = await startFeishuSandbox({
    org,
    events: { url: `http://127.0.0.1:${port}/events/feishu`, ...EVENT_SECRETS },
  });
  const service = await spawnService(
    {
      PORT: String(port),
      ...(database.location.databaseUrl ? { DATABASE_URL: database.location.databaseUrl } : {}),
      ...(database.location.dataDir ? { ORGSYNC_DATA_DIR: database.location.dataDir } : {}),
      ORGSYNC_ADMIN_USERNAME: "admin",
      ORGSYNC_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ORGSYNC_SECRET_KEY: randomBytes(32).toString("base64"),
      ORGSYNC_LOG_LEVEL: "info",
    },
    {
      built: true,
      nodeOptions: process.env.ORGSYNC_BENCH_PROFILE
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.ORGSYNC_BENCH_PROFILE}`]
        : [],
    },
  );
  const client = new GraphQLHttpClient(service.url);
  const login = await client.data<{ login: { token: string } }>(
    `mutation($p: String!) { login(username: "admin", password: $p) { ... on LoginPayload { token } } }`,
    { p: ADMIN_PASSWORD },
  );
  client.token = login.login.token;
  const providerId = await configureThroughGraphQL(
    (query, variables) => client.data(query, variables),
    {
      slapd,
      sandbox,
      providerConfig: UNTHROTTLED_PROVIDER,
    },
  );

  return {
    slapd,
    sandbox,
    service,
    client,
    providerId,
    async runSync(scope) {
      const queued = await client.data<{ runSync: { id?: string; message?: string } }>(
        `mutation($id: ID!) { runSync(providerId: $id, scope: ${scope}) { ... on Run { id } ... on Error { message } } }`,
        { id: providerId },
      );
      const id = queued.runSync.id;
      if (!id) throw new Error(`bench: the run was refused: ${queued.runSync.message}`);
      const run = await waitForEnd(client, id);
      return { ...summarise(run), phases: phasesOf(service, id) };
    },
    async peakRssBytes() {
      const status = await readFile(`/proc/${service.child.pid}/status`, "utf8");
      const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
      if (!kib) throw new Error("bench: no VmHWM in /proc/<pid>/status (Linux only)");
      return Number(kib) * 1024;
    },
    async dispose() {
      await service.stop();
      await Promise.all([slapd.stop(), sandbox.close()]);
      await database.dispose();
    },
  };
}

interface RunRecord {
  id: string;
  status: string;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  counts: { op: string; outcome: string; count: number }[];
}

const ENDED = new Set(["succeeded", "failed", "needs_approval", "cancelled", "interrupted"]);

/**
 * Polls every 200 ms: the run's own timestamps give its duration, so the poll only has to see
 * the end, and asks the service little while it works.
 */
async function waitForEnd(client: GraphQLHttpClient, id: string): Promise<RunRecord> {
  const deadline = Date.now() + 30 * 60_000;
  while (Date.now() < deadline) {
    const { run } = await client.data<{ run: RunRecord }>(
      `query($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`,
      { id },
    );
    if (ENDED.has(run.status)) return run;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`bench: run ${id} did not end in 30 minutes`);
}

/** The run's phases from the service's JSON log (`run claimed`, `run applying`, its end). */
function phasesOf(service: ServiceProcess, runId: string): RunOutcome["phases"] {
  const at = (message: string) =>
    service.logs.find((line) => line.runId === runId && line.msg === message)?.time as
      | number
      | undefined;
  const claimed = at("run claimed");
  const applying = at("run applying");
  const ended = at("run succeeded") ?? at("run failed");
  if (claimed === undefined || ended === undefined) return { readAndPlanMs: 0, applyMs: 0 };
  return applying === undefined
    ? { readAndPlanMs: ended - claimed, applyMs: 0 }
    : { readAndPlanMs: applying - claimed, applyMs: ended - applying };
}

function summarise(run: RunRecord): Omit<RunOutcome, "phases"> {
  const planned: Record<string, number> = {};
  let writes = 0;
  let failed = 0;
  for (const { op, outcome, count } of run.counts) {
    planned[op] = (planned[op] ?? 0) + count;
    if (outcome === "succeeded") writes += count;
    if (outcome === "failed" || outcome === "skipped") failed += count;
  }
  const ms = Date.parse(run.finishedAt ?? "") - Date.parse(run.createdAt);
  return { id: run.id, status: run.status, error: run.error, ms, writes, planned, failed };
}
