import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { SourceSnapshot } from "@orgsync/core";
import { generateOrg, integerOption, runSandboxCli } from "@orgsync/core/fixtures";
import { parseOrg } from "./org-schema.ts";
import { startFeishuSandbox } from "./start-sandbox.ts";

/**
 * `pnpm --filter @orgsync/provider-feishu sandbox [--port 4010] [--users 200] [--departments 20]
 * [--org org.json] [--seed 1]`: a Feishu sandbox for the demo or for poking with curl; runs until
 * Ctrl-C.
 */

const USAGE = `usage: feishu-sandbox [--port 4010] [--users 200] [--departments 20] [--depth 6] [--multi 0.1] [--org org.json] [--seed 1]
  --port         port on 127.0.0.1 (0 = any free port)            default 4010
  --users        users of the generated org                       default 200
  --departments  departments of the generated org                 default 20
  --depth        deepest level of the generated department tree   default 6
  --multi        share of people in two or three departments      default 0.1
  --resigned, --frozen, --root-users   shares of those people     defaults 0.01, 0.005, 0.01
  --org          a JSON SourceSnapshot to serve instead           (overrides --users/--departments)
  --seed         seed of the generated org and of injected faults default 1
  --app-id, --app-secret                                          default cli_sandbox / sandbox-secret`;

const integer = (value: string | undefined, name: string, fallback: number, min = 0) =>
  integerOption(value, name, fallback, { min, who: "feishu sandbox" });

function share(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1) {
    throw new Error(
      `feishu sandbox: --${name} must be a share between 0 and 1, got ${JSON.stringify(value)}`,
    );
  }
  return parsed;
}

async function loadOrg(path: string): Promise<SourceSnapshot> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`feishu sandbox: cannot read --org ${path}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`feishu sandbox: --org ${path} is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseOrg(json, path);
}

async function main(argv: string[]): Promise<{ close(): Promise<void> } | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      users: { type: "string" },
      departments: { type: "string" },
      depth: { type: "string" },
      multi: { type: "string" },
      resigned: { type: "string" },
      frozen: { type: "string" },
      "root-users": { type: "string" },
      org: { type: "string" },
      seed: { type: "string" },
      "app-id": { type: "string" },
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
  const org = values.org
    ? await loadOrg(values.org)
    : generateOrg({
        users: integer(values.users, "users", 200),
        departments: integer(values.departments, "departments", 20),
        maxDepth: integer(values.depth, "depth", 6, 1),
        multiDepartmentShare: share(values.multi, "multi", 0.1),
        statusShares: {
          resigned: share(values.resigned, "resigned", 0.01),
          frozen: share(values.frozen, "frozen", 0.005),
        },
        rootUserShare: share(values["root-users"], "root-users", 0.01),
        seed,
      });
  const sandbox = await startFeishuSandbox({
    org,
    seed,
    port: integer(values.port, "port", 4010),
    app: {
      appId: values["app-id"] ?? "cli_sandbox",
      appSecret: values["app-secret"] ?? "sandbox-secret",
    },
  });
  console.log(`Feishu sandbox listening on ${sandbox.url}
  app id:      ${sandbox.app.appId}
  app secret:  ${sandbox.app.appSecret}
  org:         ${org.departments.length} departments, ${org.users.length} users
  SDK:         new lark.Client({ appId, appSecret, domain: "${sandbox.url}" })
  control:     curl ${sandbox.url}/_sandbox/stats   (also /_sandbox/org, POST /_sandbox/hire, /_sandbox/faults, …)
Ctrl-C to stop.`);
  return sandbox;
}

runSandboxCli(() => main(process.argv.slice(2)), USAGE);
