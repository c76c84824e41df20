import { spawn } from "node:child_process";
import { SlapdHarnessError } from "./errors.ts";

/** What a finished command printed and how it exited. */
export interface ToolResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunToolOptions {
  /** Written to the command's standard input, then closed. */
  input?: string;
  /** Added to the inherited environment. */
  env?: Record<string, string>;
  /** Killed (SIGKILL) after this many ms; the harness never waits forever on a client. */
  timeoutMs?: number;
}

/**
 * Runs a command with an argument array (never through a shell) and collects its output. A
 * non-zero exit is a result, not an error: the caller knows which codes it expects.
 */
export function runTool(
  command: string,
  args: readonly string[],
  options: RunToolOptions = {},
): Promise<ToolResult> {
  const { input, env, timeoutMs = 30_000 } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: env ? { ...process.env, ...env } : process.env,
      stdio: ["pipe", "pipe", "pipe"],
      timeout: timeoutMs,
      killSignal: "SIGKILL",
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.once("error", (error) => {
      reject(new SlapdHarnessError(`slapd harness: cannot run ${command}`, { cause: error }));
    });
    child.once("close", (code, signal) => {
      resolve({
        // A signal (our timeout) has no exit code; -1 never collides with an LDAP result code.
        exitCode: code ?? (signal ? -1 : 0),
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr:
          Buffer.concat(stderr).toString("utf8") +
          (signal ? `\n(killed by ${signal} after ${timeoutMs} ms)` : ""),
      });
    });
    // The child may exit before reading its input (e.g. a bad option); that is not our error.
    child.stdin.on("error", () => {});
    child.stdin.end(input ?? "");
  });
}
