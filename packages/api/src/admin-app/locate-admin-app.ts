import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where the built admin app is: `ORGSYNC_ADMIN_DIR` when set, else `apps/admin/dist` of the
 * workspace this module runs from (found by walking up, so it works from `src/` under tsx and
 * from a built `dist/` alike). Undefined when neither exists: the service then answers the app's
 * pages with how to build it.
 */
export function locateAdminApp(
  env: Record<string, string | undefined> = process.env,
  from: string = dirname(fileURLToPath(import.meta.url)),
): string | undefined {
  const configured = env.ORGSYNC_ADMIN_DIR?.trim();
  if (configured) return configured;
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "apps", "admin", "dist");
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
