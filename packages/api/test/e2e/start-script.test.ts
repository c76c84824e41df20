import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { GraphQLHttpClient } from "../../src/cli/graphql-client.ts";

const REPO = fileURLToPath(new URL("../../../..", import.meta.url));

/**
 * The README's run command, run as a newcomer runs it: `bash scripts/start.sh` with nothing
 * configured. It must end with a working service and a finished demo sync, visible through
 * GraphQL and in LDAP.
 */
describe("bash scripts/start.sh", { timeout: 300_000 }, () => {
  let child: ChildProcess | undefined;
  let dataDir: string | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once("exit", resolve));
      child.kill("SIGINT");
      await exited;
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("brings up the service, a local slapd and the Feishu sandbox, and syncs", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "orgsync-start-"));
    child = spawn("bash", ["scripts/start.sh"], {
      cwd: REPO,
      env: { ...process.env, PORT: "0", ORGSYNC_DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await new Promise<void>((resolve, reject) => {
      child?.once("exit", (code) =>
        reject(new Error(`start.sh exited with ${code}: ${lines.join("\n")}\n${stderr}`)),
      );
      createInterface({ input: child?.stdout as NodeJS.ReadableStream }).on("line", (line) => {
        lines.push(line);
        if (line.includes("demo sync finished")) resolve();
        if (/sync (failed|cancelled|interrupted)/.test(line)) reject(new Error(lines.join("\n")));
      });
    });

    const url = lines.join("\n").match(/GraphQL at (http:\/\/\S+)\/graphql/)?.[1];
    expect(url).toBeDefined();
    const client = new GraphQLHttpClient(url as string);
    const login = await client.data<{ login: { token: string } }>(
      `mutation { login(username: "admin", password: "orgsync-demo-password") { ... on LoginPayload { token } } }`,
    );
    client.token = login.login.token;
    const { runs } = await client.data<{ runs: { nodes: { scope: string; status: string }[] } }>(
      "{ runs { ... on RunPage { nodes { scope status } } } }",
    );
    expect(runs.nodes).toEqual([
      { scope: "USERS", status: "succeeded" },
      { scope: "GROUPS", status: "succeeded" },
    ]);

    const ldapsearch = lines.find((line) => line.includes("look inside: ldapsearch"));
    const args = ldapsearch?.split("look inside: ldapsearch ")[1]?.split(" ") ?? [];
    const found = await new Promise<string>((resolve, reject) =>
      execFile(
        "ldapsearch",
        [...args.slice(0, -2), "-LLL", "(objectClass=orgsyncManaged)", "uid"],
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    expect(found.match(/^uid: /gm)?.length).toBeGreaterThan(250);

    // The script built the admin app, and the service serves it at its address.
    const page = await fetch(`${url}/runs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root"></div>');
  });
});
