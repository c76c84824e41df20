import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { connect } from "../connect.ts";
import { CliError, EXIT, type ExitCode } from "../exit-codes.ts";
import type { CliIo } from "../io.ts";

export const IMPORT_USAGE = `orgsync import-config <go-ldap-admin config.yml> [--dry-run] [--verify] [--json]

  Creates orgsync's settings from go-ldap-admin's config: the LDAP connection, the initial
  password, the providers of its feishu/dingtalk/wecom blocks with their crons. Keys orgsync does
  not use are listed, never dropped silently. --dry-run shows what would be saved.`;

export async function importConfigCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "dry-run": { type: "boolean", default: false },
      verify: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      url: { type: "string" },
    },
  });
  const [file] = positionals;
  if (!file) throw new CliError(IMPORT_USAGE, EXIT.usage);
  let yaml: string;
  try {
    yaml = await readFile(file, "utf8");
  } catch (error) {
    throw new CliError(`orgsync: cannot read ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  const client = await connect({ ...(values.url ? { url: values.url } : {}), env: io.env });
  const { importGoLdapAdminConfig: result } = await client.data<{
    importGoLdapAdminConfig: { __typename: string; message?: string; report?: unknown };
  }>(
    `mutation($yaml: String!, $dryRun: Boolean, $verify: Boolean) {
      importGoLdapAdminConfig(yaml: $yaml, dryRun: $dryRun, verify: $verify) {
        __typename
        ... on Error { message }
        ... on ImportReport { report: json }
      }
    }`,
    { yaml, dryRun: values["dry-run"], verify: values.verify },
  );
  if (result.__typename !== "ImportReport") {
    throw new CliError(`orgsync: ${result.message ?? result.__typename}`, EXIT.usage);
  }
  io.stdout.write(`${JSON.stringify(result.report, null, values.json ? 0 : 2)}\n`);
  return EXIT.ok;
}
