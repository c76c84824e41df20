import { parseArgs } from "node:util";
import {
  generateOrg,
  integerOption,
  numericDepartmentIds,
  runSandboxCli,
} from "@orgsync/core/fixtures";
import { DEFAULT_APP, startWeComSandbox } from "./start-sandbox.ts";

/**
 * `pnpm --filter @orgsync/provider-wecom sandbox -- [--port 4020] [--users 200]
 * [--departments 20] [--seed 1]`: a WeCom sandbox serving a generated org, for the demo or for
 * poking with curl; runs until Ctrl-C.
 */

const USAGE = `usage: wecom-sandbox [--port 4020] [--users 200] [--departments 20] [--seed 1] [--page-size 10000]
  --port         port on 127.0.0.1 (0 = any free port)              default 4020
  --users        users of the generated org                         default 200
  --departments  departments of the generated org                   default 20
  --seed         seed of the generated org and of injected faults   default 1
  --page-size    largest user/list_id page (to watch cursors work)  default 10000
  --corp-id, --corp-secret                        default ${DEFAULT_APP.corpId} / ${DEFAULT_APP.corpSecret}`;

const integer = (value: string | undefined, name: string, fallback: number, min = 0) =>
  integerOption(value, name, fallback, { min, who: "wecom sandbox" });

async function main(argv: string[]): Promise<{ close(): Promise<void> } | undefined> {
  const { values } = parseArgs({
    // pnpm passes the "--" that separates its own options on.
    args: argv.filter((arg) => arg !== "--"),
    options: {
      port: { type: "string" },
      users: { type: "string" },
      departments: { type: "string" },
      seed: { type: "string" },
      "page-size": { type: "string" },
      "corp-id": { type: "string" },
      "corp-secret": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return undefined;
  }
  const seed = integer(values.seed, "seed", 1);
  const org = numericDepartmentIds(
    generateOrg({
      users: integer(values.users, "users", 200),
      departments: integer(values.departments, "departments", 20),
      rootId: "1",
      seed,
    }),
  );
  const sandbox = await startWeComSandbox({
    org,
    seed,
    port: integer(values.port, "port", 4020),
    pageSize: integer(values["page-size"], "page-size", 10_000, 1),
    app: {
      corpId: values["corp-id"] ?? DEFAULT_APP.corpId,
      corpSecret: values["corp-secret"] ?? DEFAULT_APP.corpSecret,
    },
  });
  console.log(`WeCom sandbox listening on ${sandbox.url}
  corp id:      ${sandbox.app.corpId}
  corp secret:  ${sandbox.app.corpSecret}
  org:          ${org.departments.length} departments, ${org.users.length} users
  provider:     wecomProvider({ corpId, corpSecret, baseUrl: "${sandbox.url}" })
  try:          curl "${sandbox.url}/cgi-bin/gettoken?corpid=${sandbox.app.corpId}&corpsecret=${sandbox.app.corpSecret}"
  control:      curl ${sandbox.url}/_sandbox/stats   (also /_sandbox/org, POST /_sandbox/faults, /_sandbox/resign, …)
Ctrl-C to stop.`);
  return sandbox;
}

runSandboxCli(() => main(process.argv.slice(2)), USAGE);
