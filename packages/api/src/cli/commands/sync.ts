import { parseArgs } from "node:util";
import { connect, providerIdOf } from "../connect.ts";
import { CliError, EXIT, type ExitCode } from "../exit-codes.ts";
import type { GraphQLHttpClient } from "../graphql-client.ts";
import { type CliIo, progressMode } from "../io.ts";
import { progressView } from "../progress.ts";
import { exitCodeOf, RUN_SUMMARY_FIELDS, type RunSummary, summaryLines } from "../run-output.ts";

const SCOPES = { groups: "GROUPS", users: "USERS", all: "ALL" } as const;

export const SYNC_USAGE = `orgsync sync <flag> --scope groups|users|all [--dry-run] [--yes] [--json]

  Syncs one provider. --dry-run plans and shows the plan without writing; --yes approves a run
  held at a safety gate (mass departures) instead of stopping there with exit code 3.`;

interface TypedResult {
  __typename: string;
  message?: string;
  rule?: string;
}

function refuse(result: TypedResult): never {
  throw new CliError(`orgsync: ${result.message ?? result.__typename}`, EXIT.usage);
}

/** Follows a run until it finishes or is held, drawing progress; returns it as it ended. */
export async function followRun(
  client: GraphQLHttpClient,
  runId: string,
  io: CliIo,
  json: boolean,
): Promise<RunSummary> {
  const view = progressView(io.stderr, progressMode(io, json));
  await client.subscribe<{
    runProgress: { status: string; progress: { done: number; total: number | null } };
  }>(
    `subscription($id: ID!) { runProgress(id: $id) { status progress { done total } } }`,
    { id: runId },
    ({ runProgress }) => {
      view.update({ status: runProgress.status, ...runProgress.progress });
      return runProgress.status === "needs_approval";
    },
  );
  view.finish();
  const { run } = await client.data<{ run: RunSummary }>(
    `query($id: ID!) { run(id: $id) { ${RUN_SUMMARY_FIELDS} } }`,
    { id: runId },
  );
  return run;
}

export async function syncCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      scope: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      yes: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      url: { type: "string" },
    },
  });
  const [flag] = positionals;
  const scope = SCOPES[(values.scope ?? "") as keyof typeof SCOPES];
  if (!flag || !scope || positionals.length > 1) {
    throw new CliError(
      `orgsync: ${!flag ? "which provider?" : "--scope must be groups, users or all"}\n\n${SYNC_USAGE}`,
      EXIT.usage,
    );
  }
  const client = await connect({ ...(values.url ? { url: values.url } : {}), env: io.env });
  const providerId = await providerIdOf(client, flag);
  const json = values.json;

  if (values["dry-run"]) {
    const { planSync } = await client.data<{ planSync: RunSummary & TypedResult }>(
      `mutation($id: ID!, $scope: SyncScope!) {
        planSync(providerId: $id, scope: $scope) {
          __typename ... on Run { ${RUN_SUMMARY_FIELDS} items(first: 20) { ... on RunItemPage { nodes { op dn } } } }
          ... on Error { message }
        }
      }`,
      { id: providerId, scope },
    );
    if (planSync.__typename !== "Run") refuse(planSync);
    if (json) io.stdout.write(`${JSON.stringify(planSync)}\n`);
    else for (const line of summaryLines(planSync, flag)) io.stdout.write(`${line}\n`);
    return planSync.status === "succeeded" ? EXIT.ok : EXIT.failed;
  }

  const { runSync } = await client.data<{
    runSync: { __typename: string; id?: string } & TypedResult;
  }>(
    `mutation($id: ID!, $scope: SyncScope!) {
      runSync(providerId: $id, scope: $scope) { __typename ... on Run { id } ... on Error { message } }
    }`,
    { id: providerId, scope },
  );
  if (runSync.__typename !== "Run" || !runSync.id) refuse(runSync);
  if (!json) io.stderr.write(`${flag}: ${scope} run ${runSync.id}\n`);
  let run = await followRun(client, runSync.id, io, json);
  if (run.status === "needs_approval" && values.yes) {
    if (!json) io.stderr.write(`${run.error ?? "held for approval"}\napproving (--yes)\n`);
    const { approveRun } = await client.data<{ approveRun: TypedResult & { replanned?: boolean } }>(
      `mutation($id: ID!) { approveRun(id: $id) { __typename ... on ApproveRunPayload { replanned } ... on Error { message } } }`,
      { id: run.id },
    );
    if (approveRun.__typename !== "ApproveRunPayload") refuse(approveRun);
    if (!approveRun.replanned) run = await followRun(client, run.id, io, json);
  }
  if (json) io.stdout.write(`${JSON.stringify(run)}\n`);
  else for (const line of summaryLines(run, flag)) io.stdout.write(`${line}\n`);
  return exitCodeOf(run);
}
