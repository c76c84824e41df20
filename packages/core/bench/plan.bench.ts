/**
 * Planning cost at 10k and 100k users, measured side by side in one run (the machine is
 * noisy; ratios measured together are what we compare, never absolute times in tests).
 *
 *   pnpm --filter @orgsync/core bench
 *
 * Targets (issue #2): 100k/10k time ratio ≤ 12 (near-linear) for a full create and for a no-op,
 * peak heap at 100k ≤ 600 MB. Each measurement runs in a fresh process; its peak resident set
 * (max RSS) includes the whole V8 heap, so it bounds the peak heap from above. Sizes alternate
 * (10k, 100k, 10k, …) so a noisy moment hurts both alike; the median of the repeats is kept.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const PEAK_TARGET_MB = 600;
const MAX_RATIO = 12;
const REPEATS = 3;
const sizes = [
  { label: "10k users / 1k departments", users: 10_000, departments: 1_000 },
  { label: "100k users / 10k departments", users: 100_000, departments: 10_000 },
];
const worker = fileURLToPath(new URL("./plan-worker.ts", import.meta.url));

interface Measurement {
  ms: number;
  operations: number;
  maxRssMb: number;
  heapUsedMb: number;
}

/** The directories a full create leaves behind, prepared once per size for the no-op runs. */
const scratch = mkdtempSync(join(tmpdir(), "orgsync-bench-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
const directoryFile = (users: number) => join(scratch, `directory-${users}.json`);

function run(users: number, departments: number, mode: "create" | "noop" | "prepare"): string {
  return execFileSync(
    process.execPath,
    [
      "--conditions=@orgsync/source",
      // As the service runs: a larger young generation, so per-person garbage dies young.
      "--max-semi-space-size=32",
      "--import",
      "tsx",
      worker,
      String(users),
      String(departments),
      mode,
      directoryFile(users),
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
}

function measure(users: number, departments: number, mode: "create" | "noop"): Measurement {
  return JSON.parse(run(users, departments, mode)) as Measurement;
}

for (const size of sizes) run(size.users, size.departments, "prepare");

let failed = false;
console.log(
  `orgsync planner benchmark — median of ${REPEATS} plans, each in a fresh process, 10% of users in two or more departments\n`,
);
for (const mode of ["create", "noop"] as const) {
  const runs = sizes.map(() => [] as Measurement[]);
  for (let i = 0; i < REPEATS; i++) {
    for (const [index, size] of sizes.entries())
      runs[index]?.push(measure(size.users, size.departments, mode));
  }
  const [small, large] = sizes.map((size, index) => ({
    ...size,
    result: median(runs[index] ?? []),
  }));
  if (!small || !large) throw new Error("bench: sizes missing");
  const ratio = large.result.ms / small.result.ms;
  console.log(
    mode === "create" ? "full create (empty directory)" : "no-op (directory already in sync)",
  );
  for (const { label, result } of [small, large]) {
    console.log(
      `  ${label.padEnd(30)} ${result.ms.toFixed(0).padStart(6)} ms  ${String(result.operations).padStart(7)} ops  max RSS ${result.maxRssMb.toFixed(0)} MB`,
    );
  }
  const ok = ratio <= MAX_RATIO;
  failed ||= !ok;
  console.log(
    `  ratio 100k/10k: ${ratio.toFixed(2)} (target ≤ ${MAX_RATIO}) ${ok ? "ok" : "MISSED"}`,
  );
  const peak = Math.max(...(runs[1] ?? []).map((run) => run.maxRssMb));
  const peakOk = peak <= PEAK_TARGET_MB;
  failed ||= !peakOk;
  console.log(
    `  peak at 100k: max RSS ${peak.toFixed(0)} MB, an upper bound of the heap (target ≤ ${PEAK_TARGET_MB} MB) ${peakOk ? "ok" : "MISSED"}\n`,
  );
}

function median(runs: Measurement[]): Measurement {
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!middle) throw new Error("bench: no measurement");
  return middle;
}
process.exitCode = failed ? 1 : 0;
