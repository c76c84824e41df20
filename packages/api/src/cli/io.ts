/** Where a command writes and what it reads: the process by default, captured in tests. */
export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: Record<string, string | undefined>;
}

export const processIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});

/** Progress bars only where a person watches: a terminal, and not in `--json` mode. */
export function progressMode(io: CliIo, json: boolean): "tty" | "lines" | "silent" {
  if (json) return "silent";
  return io.stderr.isTTY ? "tty" : "lines";
}
