import { rmSync } from "node:fs";

/** What must not outlive the test process: a slapd (killed) and its temp dir (removed). */
export interface Leftover {
  /** Synchronous: an `exit` handler cannot wait. */
  killProcess(): void;
  dir: string;
}

// Shared through globalThis: a test runner may load this module once per test file in the same
// process, and one exit listener (one set) is enough for all of them.
const registryKey = Symbol.for("@orgsync/ldap/testing:leftovers");
const globals = globalThis as { [registryKey]?: Set<Leftover> };

/**
 * Remembers a leftover until the returned function is called (by `stop()`). If the process
 * exits first — a test that forgot `stop()`, a crashed worker that still runs its exit
 * handlers — the slapd is SIGKILLed and its dir removed, so no server keeps a port or a disk.
 */
export function registerLeftover(leftover: Leftover): () => void {
  const leftovers = globals[registryKey] ?? createRegistry();
  leftovers.add(leftover);
  return () => {
    leftovers.delete(leftover);
  };
}

function createRegistry(): Set<Leftover> {
  const leftovers = new Set<Leftover>();
  globals[registryKey] = leftovers;
  process.on("exit", cleanUpLeftovers);
  return leftovers;
}

/** Kills and removes everything still registered. */
export function cleanUpLeftovers(): void {
  const leftovers = globals[registryKey];
  if (!leftovers) return;
  for (const leftover of leftovers) {
    try {
      leftover.killProcess();
    } catch {
      // Already gone: nothing to kill.
    }
    rmSync(leftover.dir, { recursive: true, force: true });
  }
  leftovers.clear();
}
