import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { RunEvent } from "../../src/runs/run-events.ts";
import type { SyncEnvironment } from "./sync-environment.ts";

const SCRIPT = fileURLToPath(new URL("./runner-process.ts", import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

export interface RunnerProcess {
  readonly child: ChildProcess;
  /** Resolves with the first event `predicate` accepts (events already printed count too). */
  waitForEvent(predicate: (event: RunEvent) => boolean, timeoutMs?: number): Promise<RunEvent>;
  /** SIGKILLs the process, as a crash would, and resolves once it is gone. */
  kill(): Promise<void>;
}

/**
 * Starts `runner-process.ts` in a child Node process (through tsx, resolving workspace packages
 * to their sources) over `env`'s database, and resolves once its runner has started. For
 * PGlite, close the environment's database first: one process at a time owns its data dir.
 */
export async function spawnRunnerProcess(
  env: SyncEnvironment,
  options: { mode: "embedded" | "shared"; workerId?: string },
): Promise<RunnerProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=@orgsync/source", "--import", "tsx", SCRIPT],
    {
      cwd: PACKAGE_DIR,
      env: {
        ...process.env,
        ORGSYNC_TEST_DATABASE: JSON.stringify(env.databaseLocation),
        ORGSYNC_TEST_SECRET_KEY: env.secretKey.toString("hex"),
        ORGSYNC_TEST_RUNNER_MODE: options.mode,
        ORGSYNC_TEST_WORKER_ID: options.workerId ?? "child-runner",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const events: RunEvent[] = [];
  const waiters = new Set<() => void>();
  let stderr = "";
  let ready = false;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  lines.on("line", (line) => {
    let parsed: { ready?: boolean; event?: RunEvent };
    try {
      parsed = JSON.parse(line);
    } catch {
      return;
    }
    if (parsed.ready) ready = true;
    if (parsed.event) events.push(parsed.event);
    for (const wake of waiters) wake();
  });

  const until = <T>(check: () => T | undefined, what: string, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const attempt = () => {
        const found = check();
        if (found !== undefined) {
          cleanup();
          resolve(found);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          cleanup();
          reject(new Error(`runner process exited while waiting for ${what}: ${stderr}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`runner process: timed out waiting for ${what}; stderr: ${stderr}`));
      }, timeoutMs);
      const onExit = () => attempt();
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(attempt);
        child.off("exit", onExit);
      };
      waiters.add(attempt);
      child.on("exit", onExit);
      attempt();
    });

  await until(() => (ready ? true : undefined), "its start", 60_000);
  return {
    child,
    waitForEvent: (predicate, timeoutMs = 60_000) =>
      until(() => events.find(predicate), "an event", timeoutMs),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
