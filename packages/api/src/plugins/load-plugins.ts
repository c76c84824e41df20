import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type AnyProviderPlugin, ConfigError } from "@orgsync/core";

/**
 * Loads the provider plugins `ORGSYNC_PLUGINS` names. A module may export its plugin as the
 * default export or under any name (`slackProviderPlugin`); every export shaped like a plugin
 * is taken. A name that does not load, or loads nothing plugin-shaped, stops the service with
 * the name and the fix: a provider an admin configured must never silently vanish.
 */
export async function loadProviderPlugins(
  modules: readonly string[],
  options: { cwd?: string; importModule?: (specifier: string) => Promise<unknown> } = {},
): Promise<AnyProviderPlugin[]> {
  const cwd = options.cwd ?? process.cwd();
  const importModule = options.importModule ?? ((specifier: string) => import(specifier));
  const plugins: AnyProviderPlugin[] = [];
  for (const name of modules) {
    // Paths are the admin's, relative to where the service starts; package names resolve as
    // imports from orgsync's own installation.
    const specifier =
      name.startsWith(".") || isAbsolute(name) ? pathToFileURL(resolve(cwd, name)).href : name;
    let loaded: unknown;
    try {
      loaded = await importModule(specifier);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new ConfigError(
        `service: ORGSYNC_PLUGINS names "${name}", which does not load (${reason}); install it next to orgsync (npm install ${name}) or fix the name or path`,
      );
    }
    const found = Object.values(loaded as Record<string, unknown>).filter(isProviderPlugin);
    if (found.length === 0) {
      throw new ConfigError(
        `service: ORGSYNC_PLUGINS names "${name}", but it exports no provider plugin (an object with kind, configSchema and create); export one, as @orgsync/provider-dingtalk does`,
      );
    }
    plugins.push(...new Set(found));
  }
  return plugins;
}

function isProviderPlugin(value: unknown): value is AnyProviderPlugin {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.kind === "string" &&
    typeof candidate.create === "function" &&
    typeof candidate.describeFields === "function" &&
    typeof (candidate.configSchema as { safeParse?: unknown } | undefined)?.safeParse === "function"
  );
}
