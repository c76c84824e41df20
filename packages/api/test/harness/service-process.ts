import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const SERVE = fileURLToPath(new URL("../../src/bin/serve.ts", import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Example: `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Every JSON log line the process printed. */
  readonly logs: Record<string, unknown>[];
  /** SIGKILL, as a crash or the OOM killer would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a graceful exit. */
  stop(): Promise<void>;
}

/**
 * Runs `src/bin/serve.ts` — the service exactly as deployed, configured by its environment —
 * in a child process on a free port, and resolves once it listens.
 */
export async function spawnService(env: Record<string, string>): Promise<ServiceProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=@orgsync/source", "--import", "tsx", SERVE],
    {
      cwd: PACKAGE_DIR,
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const logs: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`service did not start in 60 s: ${stderr}`)),
      60_000,
    );
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code} before listening: ${stderr}`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line);
      } catch {
        return;
      }
      logs.push(entry);
      if (entry.msg === "service: listening") {
        clearTimeout(timer);
        resolve(String(entry.url).replace(/\/graphql$/, ""));
      }
    });
  });
  return {
    child,
    url,
    logs,
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
