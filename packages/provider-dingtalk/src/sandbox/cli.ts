import { parseArgs } from "node:util";
import {
  generateOrg,
  integerOption,
  numericDepartmentIds,
  runSandboxCli,
} from "@orgsync/core/fixtures";
import { startDingTalkSandbox } from "./start-sandbox.ts";

/**
 * `pnpm --filter @orgsync/provider-dingtalk sandbox -- [--port 4020] [--users 200]
 * [--departments 20] [--seed 1]`: a DingTalk sandbox for the demo or for poking with curl; runs
 * until Ctrl-C.
 */

const USAGE = `usage: dingtalk-sandbox [--port 4020] [--users 200] [--departments 20] [--seed 1]
  --port         port on 127.0.0.1 (0 = any free port)   default 4020
  --users        users of the generated org              default 200
  --departments  departments of the generated org        default 20
  --seed         seed of the org and of injected faults  default 1
  --app-key, --app-secret                                default dingsandboxkey / sandbox-secret`;

const integer = (value: string | undefined, name: string, fallback: number, min = 0) =>
  integerOption(value, name, fallback, { min, who: "dingtalk sandbox" });

async function main(argv: string[]): Promise<{ close(): Promise<void> } | undefined> {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== "--"),
    options: {
      port: { type: "string" },
      users: { type: "string" },
      departments: { type: "string" },
      seed: { type: "string" },
      "app-key": { type: "string" },
      "app-secret": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return undefined;
  }
  const seed = integer(values.seed, "seed", 1);
  // DingTalk has no suspended state: the generated org has no frozen people.
  const org = numericDepartmentIds(
    generateOrg({
      users: integer(values.users, "users", 200),
      departments: integer(values.departments, "departments", 20),
      rootId: "1",
      statusShares: { frozen: 0 },
      seed,
    }),
  );
  const sandbox = await startDingTalkSandbox({
    org,
    seed,
    port: integer(values.port, "port", 4020),
    app: {
      appKey: values["app-key"] ?? "dingsandboxkey",
      appSecret: values["app-secret"] ?? "sandbox-secret",
    },
  });
  const resigned = org.users.filter((user) => user.status === "resigned").length;
  console.log(`DingTalk sandbox listening on ${sandbox.url}
  app key:     ${sandbox.app.appKey}
  app secret:  ${sandbox.app.appSecret}
  org:         ${org.departments.length} departments, ${org.users.length - resigned} members, ${resigned} leave records
  provider:    { appKey, appSecret, baseUrl: "${sandbox.url}", apiBaseUrl: "${sandbox.url}" }
  try:         curl "${sandbox.url}/gettoken?appkey=${sandbox.app.appKey}&appsecret=${sandbox.app.appSecret}"
  control:     curl ${sandbox.url}/_sandbox/stats   (also /_sandbox/org, POST /_sandbox/faults, /_sandbox/hire, …)
Ctrl-C to stop.`);
  return sandbox;
}

runSandboxCli(() => main(process.argv.slice(2)), USAGE);
