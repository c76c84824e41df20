/**
 * orgsync end to end, as deployed: the Feishu sandbox → the service (its own process, PGlite,
 * runs through its job path, started over GraphQL) → slapd; side by side with `ldapadd` of the
 * same final entries into a fresh slapd, in one run. Orgs of 1k and 10k people (100k with
 * `--100k`), a tenth of them in two or three departments, trees up to six levels deep. The
 * service keeps its state in PostgreSQL (127.0.0.1:5432, as the tests), as an org of this size
 * should: the embedded PGlite is a whole PostgreSQL inside the service's process (see
 * docs/benchmarks.md for what it costs).
 *
 *   pnpm bench                     # 1k and 10k; writes docs/benchmarks.md
 *   pnpm bench --100k              # and 100k (≈ 15 minutes more)
 *   pnpm bench --sizes 1000        # just these sizes (does not write the docs)
 *   pnpm bench --pglite            # the embedded database instead of PostgreSQL
 *
 * The service is the built one (`dist/bin/serve.js`, what the published package runs; `pnpm
 * bench` builds first). ORGSYNC_BENCH_PROFILE=<dir> writes its CPU profile there.
 *
 * Targets (issue #8), at 10k: full sync ≤ 1.3 × ldapadd; a no-op resync writes nothing in
 * ≤ 0.15 × ldapadd; a 1% change writes exactly the entries that changed in ≤ 0.2 × ldapadd;
 * API calls ≤ 1.05 × the lower bound; the service's peak RSS ≤ 400 MB (1.5 GB at 100k, and
 * 100k ÷ 10k time ≤ 12); an event reaches LDAP in ≤ 2 s (p95 of 50).
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { generateOrg } from "@orgsync/core/fixtures";
import { contactReadLowerBound } from "@orgsync/provider-feishu/sandbox";
import type { DatabaseKind } from "../test/databases.ts";
import { startBenchEnvironment } from "./bench-environment.ts";
import { eventLatencies, percentile } from "./event-latency.ts";
import { ldapaddBaseline } from "./ldapadd-baseline.ts";
import { changedEntries, onePercentChange } from "./org-changes.ts";
import { checkTargets, type SizeResult, seconds, toMarkdown, toTable } from "./report.ts";

const DOCS = fileURLToPath(new URL("../../../docs/benchmarks.md", import.meta.url));
const EVENTS = 50;
const NO_OP_ROUNDS = 3;

const args = process.argv.slice(2);
const explicitSizes = argument("--sizes");
const sizes = explicitSizes
  ? explicitSizes.split(",").map(Number)
  : [1_000, 10_000, ...(args.includes("--100k") || process.env.BENCH_100K ? [100_000] : [])];

// Ctrl-C still runs the exit handlers that stop the service and the slapds this started.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

const database: DatabaseKind = args.includes("--pglite") ? "pglite" : "postgres";
const results: SizeResult[] = [];
for (const users of sizes) {
  console.log(`\n${users} people…`);
  results.push(await measure(users));
}
console.log(`\n${toTable(results)}`);
const misses = checkTargets(results);
for (const miss of misses) console.log(`MISSED: ${miss}`);
if (misses.length === 0) console.log("all targets met");
if (!explicitSizes) {
  await writeFile(DOCS, toMarkdown(results, misses, database));
  console.log(`written to ${DOCS}`);
}
process.exitCode = misses.length === 0 ? 0 : 1;

async function measure(users: number): Promise<SizeResult> {
  const generated = generateOrg({
    users: users + Math.ceil(users / 100),
    departments: users / 10,
    multiDepartmentShare: 0.1,
    seed: 8,
  });
  const org = { departments: generated.departments, users: generated.users.slice(0, users) };
  const env = await startBenchEnvironment(org, database);
  try {
    env.sandbox.resetStats();
    const full = await env.runSync("ALL");
    expectClean("full sync", full);
    const apiCalls = Object.values(env.sandbox.stats.calls).reduce((sum, n) => sum + n, 0);
    log(
      "full sync",
      full.ms,
      `${full.writes} writes, ${apiCalls} API calls (read + plan ${seconds(full.phases.readAndPlanMs)}, apply ${seconds(full.phases.applyMs)})`,
    );

    const baseline = await ldapaddBaseline(env.slapd);
    log("ldapadd", baseline.ms, `${baseline.entries} entries`);

    const noOps = [];
    for (let round = 0; round < NO_OP_ROUNDS; round++) {
      const noOp = await env.runSync("ALL");
      expectClean("no-op resync", noOp);
      noOps.push(noOp);
    }
    noOps.sort((a, b) => a.ms - b.ms);
    const noOp = noOps[Math.floor(NO_OP_ROUNDS / 2)] as (typeof noOps)[number];
    const noOpWrites = Math.max(...noOps.map((run) => run.writes));
    log("no-op resync", noOp.ms, `${noOpWrites} writes (median of ${NO_OP_ROUNDS})`);

    const managed = () => env.slapd.ldapsearch(env.slapd.baseDn, "(objectClass=*)", ["*"]);
    const before = await managed();
    const change = onePercentChange(org, generated.users.slice(users));
    env.sandbox.setOrg(change.org);
    const changed = await env.runSync("ALL");
    expectClean("1% change", changed);
    const entriesChanged = changedEntries(before, await managed());
    log(
      "1% change",
      changed.ms,
      `${change.people} people, ${changed.writes} writes, ${entriesChanged} entries changed`,
    );

    const latencies = await eventLatencies(env, change.org, EVENTS);
    const p95 = percentile(latencies, 95);
    log("events", p95, `p95 of ${EVENTS} (median ${percentile(latencies, 50).toFixed(0)} ms)`);

    return {
      users,
      departments: org.departments.length,
      entries: baseline.entries,
      fullMs: full.ms,
      fullReadAndPlanMs: full.phases.readAndPlanMs,
      fullApplyMs: full.phases.applyMs,
      ldapaddMs: baseline.ms,
      noOpMs: noOp.ms,
      noOpWrites,
      changeMs: changed.ms,
      changedPeople: change.people,
      changeWrites: changed.writes,
      entriesChanged,
      apiCalls,
      apiLowerBound: contactReadLowerBound(org),
      peakRssBytes: await env.peakRssBytes(),
      eventP95Ms: p95,
      eventMedianMs: percentile(latencies, 50),
    };
  } finally {
    await env.dispose();
  }
}

function expectClean(what: string, run: { status: string; error: string | null; failed: number }) {
  if (run.status !== "succeeded" || run.failed > 0) {
    throw new Error(`bench: the ${what} ended ${run.status} (${run.failed} failed): ${run.error}`);
  }
}

function log(what: string, ms: number, detail: string) {
  console.log(`  ${what.padEnd(14)} ${seconds(ms).padStart(9)}  ${detail}`);
}

function argument(flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
}
