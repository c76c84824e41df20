#!/usr/bin/env node
// Runs the sandbox CLI from source through tsx, resolving workspace packages to their sources
// (the `@orgsync/source` export condition), so it works without a build.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const cli = join(here, "..", "src", "sandbox", "cli.ts");

let tsx;
try {
  // tsx's ESM loader entry, resolved from this package so any working directory works.
  tsx = require.resolve("tsx");
} catch {
  console.error(
    "wecom sandbox: tsx is not installed (it is a devDependency of @orgsync/provider-wecom)",
  );
  process.exit(1);
}

const child = spawn(
  process.execPath,
  [
    "--conditions=@orgsync/source",
    "--import",
    pathToFileURL(tsx).href,
    cli,
    ...process.argv.slice(2),
  ],
  { stdio: "inherit" },
);
// Ctrl-C reaches the child through the terminal's process group too; a signal sent to this
// process alone (a process manager) is passed on, so the child never outlives it.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
