import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { freeLoopbackPorts } from "@orgsync/ldap/testing";
import { describe, expect, it } from "vitest";

/**
 * The three IM sandboxes as a person starts them (README: `pnpm --filter … sandbox`): each bin
 * serves a generated org until SIGTERM, prints its usage for `--help`, and names a bad option.
 */

const SANDBOXES = ["feishu", "dingtalk", "wecom"].map((im) => ({
  im,
  bin: join(import.meta.dirname, `../../../provider-${im}/bin/${im}-sandbox.js`),
}));

function run(bin: string, args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  return { child, output: () => output };
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

describe.each(SANDBOXES)("the $im sandbox CLI", { timeout: 30_000 }, ({ im, bin }) => {
  it("serves a generated org until SIGTERM", async () => {
    const [port] = await freeLoopbackPorts(1);
    const { child, output } = run(bin, [
      "--port",
      String(port),
      "--users",
      "12",
      "--departments",
      "3",
    ]);
    const exited = exitOf(child);
    try {
      for (let i = 0; i < 200 && !output().includes("Ctrl-C to stop."); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(output()).toContain(`listening on http://127.0.0.1:${port}`);
      const stats = await fetch(`http://127.0.0.1:${port}/_sandbox/stats`);
      expect(stats.status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });

  it("prints its usage for --help and names a bad option", async () => {
    const help = run(bin, ["--help"]);
    expect(await exitOf(help.child)).toBe(0);
    expect(help.output()).toMatch(new RegExp(`^usage: ${im}-sandbox`, "m"));

    const bad = run(bin, ["--port", "x"]);
    expect(await exitOf(bad.child)).toBe(1);
    expect(bad.output()).toContain(`${im} sandbox: --port must be an integer ≥ 0, got "x"`);
  });
});
