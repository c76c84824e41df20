import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Builds the app as `pnpm build` does, into a fresh folder, so the e2e never tests a stale dist. */
export async function buildAdminApp(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), "orgsync-admin-e2e-"));
  await build({
    root: APP_ROOT,
    configFile: join(APP_ROOT, "vite.config.ts"),
    logLevel: "warn",
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  return outDir;
}
