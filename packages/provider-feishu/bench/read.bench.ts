/**
 * A full read of a 10k-user, 1k-department org from the sandbox, with Feishu's real limits
 * enforced (50/s and 1000/min per app, answering 429 over them):
 *
 *   pnpm --filter @orgsync/provider-feishu bench
 *
 * Targets:
 * - API calls ≤ 1.05 × the lower bound: one token, plus every listing's pages (ceil(items/50),
 *   an empty listing still one call) — the department tree once, each department's members once
 *   (the root's included);
 * - zero 429s: the client-side limiter, not the server, keeps the pace;
 * - wall time ≤ 1.1 × the least time the limits allow for that many calls (the earliest
 *   schedule where no 1 s holds more than 50 calls and no 60 s more than 1000).
 *
 * Over 1000 calls the per-minute limit dominates: expect a little over a minute.
 */
import { readSource } from "@orgsync/core";
import { generateOrg } from "@orgsync/core/fixtures";
import { feishuProvider } from "../src/index.ts";
import { contactReadLowerBound, startFeishuSandbox } from "../src/sandbox/index.ts";

const USERS = 10_000;
const DEPARTMENTS = 1_000;
const MAX_CALL_RATIO = 1.05;
const MAX_TIME_RATIO = 1.1;
const LIMITS = [
  { limit: 50, ms: 1_000 },
  { limit: 1_000, ms: 60_000 },
];

/** Earliest time of the last of `calls` calls, the first at 0, under sliding-window limits. */
function minimumMs(calls: number): number {
  const times: number[] = [];
  for (let k = 0; k < calls; k++) {
    let at = k > 0 ? (times[k - 1] as number) : 0;
    for (const { limit, ms } of LIMITS) {
      if (k >= limit) at = Math.max(at, (times[k - limit] as number) + ms);
    }
    times.push(at);
  }
  return times.at(-1) ?? 0;
}

const org = generateOrg({ departments: DEPARTMENTS, users: USERS, seed: 1 });
const lowerBound = contactReadLowerBound(org);

const sandbox = await startFeishuSandbox({ org, faults: { enforceLimits: true } });
const provider = feishuProvider({
  appId: sandbox.app.appId,
  appSecret: sandbox.app.appSecret,
  domain: sandbox.url,
});

console.log(`reading ${USERS} users in ${DEPARTMENTS} departments under 50/s and 1000/min…`);
const started = performance.now();
const snapshot = await readSource(provider);
const wallMs = performance.now() - started;
await sandbox.close();

const calls = Object.values(sandbox.stats.calls).reduce((sum, n) => sum + n, 0);
const limitedCalls = calls - (sandbox.stats.calls.token ?? 0);
const floorMs = minimumMs(limitedCalls);
const callRatio = calls / lowerBound;
const timeRatio = wallMs / floorMs;

const rows: [string, string][] = [
  ["read", `${snapshot.departments.length} departments, ${snapshot.users.length} users`],
  ["API calls", `${calls} (${JSON.stringify(sandbox.stats.calls)})`],
  ["lower bound", `${lowerBound}`],
  ["calls / lower bound", `${callRatio.toFixed(3)} (target ≤ ${MAX_CALL_RATIO})`],
  ["429s", `${sandbox.stats.throttled} (target 0)`],
  ["wall time", `${(wallMs / 1000).toFixed(1)} s`],
  [
    "least time the limits allow",
    `${(floorMs / 1000).toFixed(1)} s for ${limitedCalls} limited calls`,
  ],
  ["wall / least", `${timeRatio.toFixed(3)} (target ≤ ${MAX_TIME_RATIO})`],
  ["client", JSON.stringify(provider.stats)],
];
for (const [name, value] of rows) console.log(`${name.padEnd(28)} ${value}`);

const misses: string[] = [];
if (snapshot.users.length !== USERS || snapshot.departments.length !== DEPARTMENTS) {
  misses.push("the read is incomplete");
}
if (callRatio > MAX_CALL_RATIO) misses.push(`calls ratio ${callRatio.toFixed(3)}`);
if (sandbox.stats.throttled > 0) misses.push(`${sandbox.stats.throttled} 429s`);
if (timeRatio > MAX_TIME_RATIO) misses.push(`time ratio ${timeRatio.toFixed(3)}`);
if (misses.length > 0) {
  console.error(`missed: ${misses.join("; ")}`);
  process.exit(1);
}
console.log("all targets met");
