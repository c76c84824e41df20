import { parseArgs } from "node:util";
import { connect, providerIdOf } from "../connect.ts";
import { CliError, EXIT, type ExitCode } from "../exit-codes.ts";
import type { CliIo } from "../io.ts";

export const PROVIDERS_USAGE = `orgsync providers test <flag> [--json]

  Runs the provider's connection checks (credentials, each permission, contact scope) and says
  what to fix. Exit code 0 when every check passes, 1 otherwise.`;

interface Check {
  id: string;
  label: string;
  status: string;
  detail: string | null;
  fix: string | null;
}

const MARK: Record<string, string> = {
  ok: "✓",
  warning: "!",
  skipped: "-",
  missing: "✗",
  failed: "✗",
};

export async function providersCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false }, url: { type: "string" } },
  });
  const [action, flag] = positionals;
  if (action !== "test" || !flag) throw new CliError(PROVIDERS_USAGE, EXIT.usage);
  const client = await connect({ ...(values.url ? { url: values.url } : {}), env: io.env });
  const id = await providerIdOf(client, flag);
  const { testProviderConnection: report } = await client.data<{
    testProviderConnection: { ok: boolean; checks: Check[] };
  }>(
    `mutation($id: ID!) { testProviderConnection(id: $id) {
      ... on ConnectionReport { ok checks { id label status detail fix } } } }`,
    { id },
  );
  if (values.json) io.stdout.write(`${JSON.stringify(report)}\n`);
  else {
    for (const check of report.checks) {
      io.stdout.write(
        `${MARK[check.status] ?? "?"} ${check.label}${check.detail ? ` — ${check.detail}` : ""}\n`,
      );
      if (check.fix && check.status !== "ok") io.stdout.write(`    fix: ${check.fix}\n`);
    }
    io.stdout.write(report.ok ? `${flag}: every check passed\n` : `${flag}: some checks failed\n`);
  }
  return report.ok ? EXIT.ok : EXIT.failed;
}
