/**
 * What every IM sandbox's CLI shares: integer options with a message naming the option, and a
 * main that serves until Ctrl-C (or SIGTERM from a process manager) closes the sandbox.
 */

/** `--name`'s value as an integer ≥ `min`, or `fallback` when absent. */
export function integerOption(
  value: string | undefined,
  name: string,
  fallback: number,
  options: { min?: number; who: string },
): number {
  if (value === undefined) return fallback;
  const min = options.min ?? 0;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new Error(
      `${options.who}: --${name} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`,
    );
  }
  return parsed;
}

/**
 * Runs a sandbox CLI: `main` starts the sandbox (or returns nothing, e.g. for `--help`), which
 * then serves until a signal closes it. A failure prints its message — with the usage for an
 * unknown option — and exits 1.
 */
export function runSandboxCli(
  main: () => Promise<{ close(): Promise<void> } | undefined>,
  usage: string,
): void {
  main().then(
    (sandbox) => {
      if (!sandbox) return;
      const stop = () => {
        sandbox.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      if (error instanceof Error && error.message.includes("Unknown option")) console.error(usage);
      process.exit(1);
    },
  );
}
