import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const SERVE = fileURLToPath(new URL("../../src/bin/serve.ts", import.meta.url));
const BUILT_SERVE = fileURLToPath(new URL("../../dist/bin/serve.js", import.meta.url));

export interface SpawnServiceOptions {
  /**
   * Run the built service (`dist/bin/serve.js`, what the published package runs; `pnpm build`
   * first) instead of the sources through tsx, e.g. to measure its memory.
   * @default false
   */
  built?: boolean;
  /** More Node.js options, e.g. `["--cpu-prof"]` to profile it. @default [] */
  nodeOptions?: readonly string[];
}
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
export async function spawnService(
  env: Record<string, string>,
  { built = false, nodeOptions = [] }: SpawnServiceOptions = {},
): Promise<ServiceProcess> {
  const child = spawn(
    process.execPath,
    [
      ...nodeOptions,
      ...(built ? [BUILT_SERVE] : ["--conditions=@orgsync/source", "--import", "tsx", SERVE]),
    ],
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
  // A service must not outlive whoever started it (a test that forgot it, a benchmark stopped
  // with Ctrl-C): it would keep its port, its database and a core busy.
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      process.off("exit", killOnExit);
      resolve();
    }),
  );
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
