/**
 * `orgsync`: run the service, and drive a running one from scripts and cron.
 *
 *   orgsync serve | migrate | demo
 *   orgsync sync <flag> --scope groups|users|all [--dry-run] [--yes] [--json]
 *   orgsync runs [--provider <flag>] [--watch] [--json]
 *   orgsync providers test <flag>
 *   orgsync import-config <go-ldap-admin config.yml> [--dry-run]
 *
 * Commands that drive a service talk GraphQL to `ORGSYNC_URL` (default http://127.0.0.1:4000),
 * logged in with `ORGSYNC_TOKEN` or `ORGSYNC_ADMIN_USERNAME`/`ORGSYNC_ADMIN_PASSWORD`.
 */
import { DEMO_USAGE, demoCommand } from "./commands/demo.ts";
import { IMPORT_USAGE, importConfigCommand } from "./commands/import-config.ts";
import { MIGRATE_USAGE, migrateCommand } from "./commands/migrate.ts";
import { PROVIDERS_USAGE, providersCommand } from "./commands/providers.ts";
import { RUNS_USAGE, runsCommand } from "./commands/runs.ts";
import { SYNC_USAGE, syncCommand } from "./commands/sync.ts";
import { CliError, EXIT, type ExitCode } from "./exit-codes.ts";
import { type CliIo, processIo } from "./io.ts";

type Command = (argv: string[], io: CliIo) => Promise<ExitCode>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  serve: {
    run: async () => {
      await import("../bin/serve.ts");
      // The server keeps the process alive; SIGINT/SIGTERM end it.
      return new Promise<ExitCode>(() => {});
    },
    usage:
      "orgsync serve\n\n  Runs the service (GraphQL on /graphql), configured by its environment (see README).",
  },
  demo: { run: demoCommand, usage: DEMO_USAGE },
  migrate: { run: migrateCommand, usage: MIGRATE_USAGE },
  sync: { run: syncCommand, usage: SYNC_USAGE },
  runs: { run: runsCommand, usage: RUNS_USAGE },
  providers: { run: providersCommand, usage: PROVIDERS_USAGE },
  "import-config": { run: importConfigCommand, usage: IMPORT_USAGE },
};

const HELP = `orgsync — keeps an LDAP directory in step with an IM org chart

${Object.values(COMMANDS)
  .map((command) => command.usage.split("\n")[0])
  .join("\n")}

Exit codes: 0 done, 1 failed, 2 bad input, 3 held for approval, 4 cancelled or interrupted,
5 service unreachable or login refused. \`orgsync <command> --help\` explains one command.
`;

export async function main(argv: string[], io: CliIo = processIo()): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(HELP);
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`orgsync: unknown command "${name}"\n\n${HELP}`);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(`${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`${error.message}\n`);
      return error.code;
    }
    if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.stderr.write(`orgsync ${name}: ${(error as Error).message}\n\n${command.usage}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`orgsync ${name}: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
}
