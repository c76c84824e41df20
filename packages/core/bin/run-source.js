// Runs a workspace script from its TypeScript source through tsx, resolving workspace packages
// to their sources (the `@orgsync/source` export condition), so it works without a build. The
// sandbox CLIs' bins (`orgsync-feishu-sandbox`, …) are three lines on top of this.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * @param {URL} script the `.ts` file to run
 * @param {{ from: string; name: string }} options `from`: the calling bin's `import.meta.url`
 *   (tsx is resolved from its package, so any working directory works); `name` for messages
 */
export function runSource(script, { from, name }) {
  let tsx;
  try {
    tsx = createRequire(from).resolve("tsx");
  } catch {
    console.error(`${name}: tsx is not installed (a devDependency of the package that runs it)`);
    process.exit(1);
  }
  const child = spawn(
    process.execPath,
    [
      "--conditions=@orgsync/source",
      "--import",
      pathToFileURL(tsx).href,
      fileURLToPath(script),
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
}
