import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { connect, providerIdOf } from "../connect.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";
import type { CliIo } from "../io.ts";
import { countsText, RUN_SUMMARY_FIELDS, type RunSummary } from "../run-output.ts";

export const RUNS_USAGE = `orgsync runs [--provider <flag>] [--first N] [--watch] [--json]

  Lists recent runs, newest first. --watch refreshes every 2 s until interrupted (Ctrl-C);
  with --json it prints one JSON line per run whenever a run changes.`;

function line(run: RunSummary): string {
  const duration = run.durationMs === null ? "" : `${(run.durationMs / 1000).toFixed(1)} s`;
  const counts = run.dryRun ? `plan: ${countsText(run, "planned")}` : countsText(run, "succeeded");
  return [
    run.id.slice(0, 8),
    (run.provider?.flag ?? "?").padEnd(10),
    run.scope.padEnd(6),
    run.trigger.padEnd(8),
    run.status.padEnd(14),
    duration.padStart(8),
    ` ${counts}`,
  ].join(" ");
}

export async function runsCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseArgs({
    args: argv,
    options: {
      provider: { type: "string" },
      first: { type: "string", default: "20" },
      watch: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      url: { type: "string" },
    },
  });
  const client = await connect({ ...(values.url ? { url: values.url } : {}), env: io.env });
  const providerId = values.provider ? await providerIdOf(client, values.provider) : undefined;
  const list = async () =>
    (
      await client.data<{ runs: { nodes: RunSummary[] } }>(
        `query($provider: ID, $first: Int) { runs(providerId: $provider, first: $first) {
          ... on RunPage { nodes { ${RUN_SUMMARY_FIELDS} } } } }`,
        { provider: providerId ?? null, first: Number(values.first) },
      )
    ).runs.nodes;

  if (!values.watch) {
    const runs = await list();
    if (values.json) io.stdout.write(`${JSON.stringify(runs)}\n`);
    else if (runs.length === 0) io.stdout.write("no runs yet\n");
    else for (const run of runs) io.stdout.write(`${line(run)}\n`);
    return EXIT.ok;
  }

  const seen = new Map<string, string>();
  for (;;) {
    const runs = await list();
    if (io.stdout.isTTY && !values.json) {
      io.stdout.write("\x1b[2J\x1b[H");
      for (const run of runs) io.stdout.write(`${line(run)}\n`);
    } else {
      for (const run of [...runs].reverse()) {
        const state = `${run.status}:${run.progress.done}`;
        if (seen.get(run.id) === state) continue;
        seen.set(run.id, state);
        io.stdout.write(`${values.json ? JSON.stringify(run) : line(run)}\n`);
      }
    }
    await sleep(2000);
  }
}
