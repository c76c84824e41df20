/**
 * A service process that only runs jobs, for tests that need a second process: it opens the
 * database a `SyncEnvironment` made, starts a job runner and prints one JSON line per run event
 * on stdout (`{"ready":true}` first), until it is killed. Start it with `spawnRunnerProcess`.
 *
 * Environment: ORGSYNC_TEST_DATABASE (JSON `{ databaseUrl } | { dataDir }`),
 * ORGSYNC_TEST_SECRET_KEY (hex), ORGSYNC_TEST_RUNNER_MODE (`embedded` | `shared`),
 * ORGSYNC_TEST_WORKER_ID.
 */
import { ProviderRegistry } from "@orgsync/core";
import { feishuProviderPlugin } from "@orgsync/provider-feishu";
import { openDatabase } from "../../src/db/connect.ts";
import { createRepositories } from "../../src/repositories/index.ts";
import { createJobRunner } from "../../src/runs/job-runner.ts";
import { createRunEvents, type RunEvents } from "../../src/runs/run-events.ts";
import { createSecretBox } from "../../src/secrets/secret-box.ts";

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`runner process: ${name} is not set`);
  return value;
};

const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

const database = await openDatabase(JSON.parse(required("ORGSYNC_TEST_DATABASE")));
const repositories = createRepositories({
  db: database.db,
  secrets: createSecretBox(Buffer.from(required("ORGSYNC_TEST_SECRET_KEY"), "hex")),
});
const local = createRunEvents();
const events: RunEvents = {
  ...local,
  publish(event) {
    print({ event });
    local.publish(event);
  },
};
const runner = createJobRunner({
  repositories,
  registry: new ProviderRegistry([feishuProviderPlugin]),
  events,
  mode: required("ORGSYNC_TEST_RUNNER_MODE") === "shared" ? "shared" : "embedded",
  workerId: required("ORGSYNC_TEST_WORKER_ID"),
  pollIntervalMs: 100,
  heartbeatMs: 100,
});
await runner.start();
print({ ready: true });
