import { execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { SourceSnapshot } from "@orgsync/core";
import { type Slapd, startSlapd } from "@orgsync/ldap/testing";
import { type RunningFeishuSandbox, startFeishuSandbox } from "@orgsync/provider-feishu/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Tokens } from "../../src/container/tokens.ts";
import { MIGRATIONS_FOLDER } from "../../src/db/connect.ts";
import { configureThroughGraphQL } from "../harness/configure-through-graphql.ts";
import { smallOrg } from "../harness/sync-environment.ts";
import { ADMIN, useTestService } from "../service/test-service.ts";

const BIN = fileURLToPath(new URL("../../src/cli/bin.ts", import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `orgsync …` in a child process, as a script or cron job would. */
function cli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--conditions=@orgsync/source", "--import", "tsx", BIN, ...args],
      { cwd: PACKAGE_DIR, env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

/** The same under a pseudo-terminal (util-linux `script`), where progress bars are drawn. */
function cliOnTerminal(args: string[], env: Record<string, string>): Promise<CliResult> {
  const command = [
    process.execPath,
    "--conditions=@orgsync/source",
    "--import",
    "tsx",
    BIN,
    ...args,
  ]
    .map((part) => `'${part}'`)
    .join(" ");
  return new Promise((resolve) => {
    execFile(
      "script",
      ["-qec", command, "/dev/null"],
      { cwd: PACKAGE_DIR, env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

describe("the orgsync CLI against a running service", { timeout: 120_000 }, () => {
  const t = useTestService("pglite");
  let slapd: Slapd;
  let sandbox: RunningFeishuSandbox;
  let org: SourceSnapshot;
  let env: Record<string, string>;
  const people = () => `ou=people,${slapd.baseDn}`;

  beforeAll(async () => {
    org = smallOrg(200, 8, 3);
    [slapd, sandbox] = await Promise.all([
      startSlapd({ orgsyncSchema: true }),
      startFeishuSandbox({ org }),
    ]);
    const token = await t.login();
    await configureThroughGraphQL(
      async (query, variables) => (await t.gql(query, variables, token)).data as never,
      { slapd, sandbox },
    );
    const server = await t.listen();
    env = {
      ORGSYNC_URL: server.url,
      ORGSYNC_ADMIN_USERNAME: ADMIN.username,
      ORGSYNC_ADMIN_PASSWORD: ADMIN.password,
    };
  }, 120_000);

  afterAll(async () => {
    await Promise.all([slapd?.stop(), sandbox?.close()]);
  });

  it("says what is wrong with the command line (exit 2)", async () => {
    const result = await cli(["sync", "feishu"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--scope must be groups, users or all/);
    expect((await cli(["sync", "nobody", "--scope", "all"], env)).stderr).toMatch(
      /no provider with flag "nobody" \(providers: feishu\)/,
    );
    expect((await cli(["frobnicate"], env)).code).toBe(2);
  });

  it("cannot reach a service that is not there (exit 5)", async () => {
    const result = await cli(["runs"], { ...env, ORGSYNC_URL: "http://127.0.0.1:1" });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/cannot reach the service at http:\/\/127\.0\.0\.1:1/);
  });

  it("refuses users before groups with the seed's rule (exit 2)", async () => {
    const result = await cli(["sync", "feishu", "--scope", "users"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/GROUPS/);
  });

  it("plans with --dry-run, prints JSON, and writes nothing", async () => {
    const result = await cli(["sync", "feishu", "--scope", "all", "--dry-run", "--json"], env);
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout) as {
      dryRun: boolean;
      counts: { op: string; count: number }[];
    };
    expect(run.dryRun).toBe(true);
    expect(run.counts.find((row) => row.op === "createUser")?.count).toBe(org.users.length);
    expect(await slapd.ldapsearch(people(), "(uid=*)", ["uid"])).toEqual([]);
  });

  it("syncs and draws a progress bar on a terminal", async () => {
    const result = await cliOnTerminal(["sync", "feishu", "--scope", "all"], env);
    expect(result.code, result.stdout).toBe(0);
    // The bar is redrawn in place: carriage return + "erase line" before each frame.
    expect(result.stdout.includes("\r\u001b[2K")).toBe(true);
    expect(result.stdout).toMatch(/100% \d+\/\d+/);
    expect(result.stdout).toMatch(/feishu: ALL run \S+ succeeded/);
    expect(await slapd.ldapsearch(people(), "(uid=*)", ["uid"])).toHaveLength(org.users.length);
  });

  it("stops at a safety gate with exit 3, and --yes approves", async () => {
    const leaving = new Set(org.users.slice(0, 40).map((user) => user.id));
    sandbox.setOrg({
      departments: org.departments,
      users: org.users.filter((user) => !leaving.has(user.id)),
    });
    const held = await cli(["sync", "feishu", "--scope", "all"], env);
    expect(held.code).toBe(3);
    expect(held.stdout).toMatch(/needs_approval/);
    // The held run holds the provider; cancel it, then run again approving at the gate.
    const runs = t.service.container.resolve(Tokens.RunService);
    for (const run of (await runs.list({ status: ["needs_approval"] })).items) {
      await runs.cancel(run.id, "test");
    }

    const approved = await cli(["sync", "feishu", "--scope", "all", "--yes", "--json"], env);
    expect(approved.code, approved.stderr).toBe(0);
    const run = JSON.parse(approved.stdout) as {
      status: string;
      counts: { op: string; outcome: string; count: number }[];
    };
    expect(run.status).toBe("succeeded");
    expect(run.counts).toContainEqual({ op: "disableUser", outcome: "succeeded", count: 40 });
  });

  it("watches runs, printing a line when one changes", async () => {
    const child = spawn(
      process.execPath,
      ["--conditions=@orgsync/source", "--import", "tsx", BIN, "runs", "--watch"],
      {
        cwd: PACKAGE_DIR,
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const first = await new Promise<string>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`runs --watch exited with ${code}`)));
      createInterface({ input: child.stdout }).once("line", resolve);
    });
    child.kill("SIGINT");
    // Oldest first in a pipe: the dry run that started this suite.
    expect(first).toMatch(/^[0-9a-f]{8} feishu\s+ALL\s+manual\s+succeeded\s+[\d.]+ s\s+plan: /);
  });

  it("migrates a database and says how many migrations it holds", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "orgsync-migrate-"));
    try {
      const result = await cli(["migrate"], { ORGSYNC_DATA_DIR: dataDir });
      const committed = (await readdir(MIGRATIONS_FOLDER)).filter((name) => name.endsWith(".sql"));
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe(
        `database (pglite): up to date, ${committed.length} migrations applied\n`,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("lists runs as JSON and tests the provider's connection", async () => {
    const runs = await cli(["runs", "--json"], env);
    expect(runs.code).toBe(0);
    const list = JSON.parse(runs.stdout) as { status: string }[];
    expect(list.map((run) => run.status)).toContain("succeeded");
    const test = await cli(["providers", "test", "feishu"], env);
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/✓/);
  });
});
