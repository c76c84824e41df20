import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { SlapdHarnessError } from "./errors.ts";
import type { SlapdToolPaths } from "./require-slapd.ts";
import { runTool } from "./run-tool.ts";

const STOP_GRACE_MS = 5_000;
const STDERR_LIMIT = 16 * 1024;

/** The slapd process and what it said; `exited` settles when it is gone. */
export interface SlapdProcess {
  child: ChildProcess;
  exited: Promise<void>;
  stderr(): string;
}

/** slapd lost the race for a port between `freeLoopbackPorts` and its bind(). */
export class PortInUseError extends SlapdHarnessError {
  override name = "PortInUseError";
}

/** Starts slapd on `ports` again, waiting out a port the old process or a stranger still holds. */
export async function relaunch(
  tools: SlapdToolPaths,
  configFile: string,
  ports: readonly number[],
  timeoutMs: number,
): Promise<SlapdProcess> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await launch(tools, configFile, ports, timeoutMs);
    } catch (error) {
      if (!(error instanceof PortInUseError) || Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

export async function launch(
  tools: SlapdToolPaths,
  configFile: string,
  ports: readonly number[],
  timeoutMs: number,
): Promise<SlapdProcess> {
  const [port, ldapsPort] = ports;
  const urls = [
    `ldap://127.0.0.1:${port}/`,
    ...(ldapsPort === undefined ? [] : [`ldaps://127.0.0.1:${ldapsPort}/`]),
  ];
  // `-d` keeps slapd in the foreground, so the child is the server and its exit is ours to see.
  // `none` rather than `0`: both stay in the foreground, but `-d 0` also silences the errors
  // (a failed bind() exits 1 with empty stderr); `none` prints only those.
  const child = spawn(tools.slapd, ["-f", configFile, "-h", urls.join(" "), "-d", "none"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_LIMIT);
  });
  let spawnError: Error | undefined;
  const exited = new Promise<void>((done) => {
    child.once("error", (error) => {
      spawnError = error;
      done();
    });
    child.once("exit", () => done());
  });
  const server: SlapdProcess = { child, exited, stderr: () => stderr };

  const url = urls[0] ?? "";
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError) {
      throw new SlapdHarnessError(`slapd harness: cannot run ${tools.slapd}`, {
        cause: spawnError,
      });
    }
    if (!isRunning(child)) {
      await exited;
      if (/Address already in use/.test(stderr)) {
        throw new PortInUseError(`slapd harness: port ${ports.join(" or ")} is taken`);
      }
      throw new SlapdHarnessError(
        `slapd harness: slapd exited with ${child.exitCode ?? child.signalCode} while starting; its stderr:\n${stderr.trim()}${await explainConfig(tools, configFile)}`,
      );
    }
    if (port !== undefined && (await accepts(port)) && (await answersRootDse(tools, url))) {
      return server;
    }
    if (Date.now() > deadline) {
      await terminate(server);
      throw new SlapdHarnessError(
        `slapd harness: slapd did not accept LDAP on ${url} within ${timeoutMs} ms; its stderr:\n${stderr.trim()}`,
      );
    }
    await Promise.race([sleep(50), exited]);
  }
}

/** slaptest names the exact line of a bad config, which slapd's own exit does not always. */
async function explainConfig(tools: SlapdToolPaths, configFile: string): Promise<string> {
  const result = await runTool(tools.slaptest, ["-f", configFile, "-u"]);
  return result.exitCode === 0
    ? ""
    : `\nslaptest -f ${configFile} -u says:\n${result.stderr.trim()}`;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      done(false);
    });
    socket.once("error", () => done(false));
  });
}

async function answersRootDse(tools: SlapdToolPaths, url: string): Promise<boolean> {
  // An open port is not yet a working server: the root DSE answers once the backend is up.
  const result = await runTool(
    tools.ldapsearch,
    ["-x", "-H", url, "-b", "", "-s", "base", "-LLL", "-o", "nettimeout=2", "namingContexts"],
    { timeoutMs: 5_000 },
  );
  return result.exitCode === 0;
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null && child.pid !== undefined;
}

/** SIGTERM, then SIGKILL if slapd has not finished within the grace period. */
export async function terminate(server: SlapdProcess): Promise<void> {
  if (!isRunning(server.child)) return server.exited;
  server.child.kill("SIGTERM");
  const timer = sleep(STOP_GRACE_MS, "timeout" as const);
  if ((await Promise.race([server.exited, timer])) === "timeout") {
    server.child.kill("SIGKILL");
  }
  await server.exited;
}
