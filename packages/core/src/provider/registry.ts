import { ConfigError } from "../errors.ts";
import { configErrorOf } from "./kit/config-fields.ts";
import type { ProviderPlugin } from "./provider.ts";

/**
 * Any plugin, whatever its config type. `create(config)` takes the plugin's own config type, so
 * a `ProviderPlugin<FeishuConfig>` is not a `ProviderPlugin<unknown>`; the registry only passes
 * it configuration its own schema produced, which is what keeps this sound.
 */
// biome-ignore lint/suspicious/noExplicitAny: contravariant config parameter, see above
export type AnyProviderPlugin = ProviderPlugin<any>;

/** The provider plugins installed in this process, by kind. */
export class ProviderRegistry {
  readonly #plugins = new Map<string, ProviderPlugin<unknown>>();

  constructor(plugins: Iterable<AnyProviderPlugin> = []) {
    for (const plugin of plugins) this.register(plugin);
  }

  register(plugin: AnyProviderPlugin): void {
    if (!/^[a-z][a-z0-9-]*$/.test(plugin.kind)) {
      throw new ConfigError(
        `providers: kind "${plugin.kind}" is not valid; use lower-case letters, digits and "-" (the package suffix, e.g. "feishu")`,
      );
    }
    if (this.#plugins.has(plugin.kind)) {
      throw new ConfigError(`providers: a plugin of kind "${plugin.kind}" is installed twice`);
    }
    this.#plugins.set(plugin.kind, plugin);
  }

  list(): ProviderPlugin<unknown>[] {
    return [...this.#plugins.values()];
  }

  get(kind: string): ProviderPlugin<unknown> {
    const plugin = this.#plugins.get(kind);
    if (!plugin) {
      const installed = [...this.#plugins.keys()].join(", ") || "none";
      throw new ConfigError(
        `providers: no plugin of kind "${kind}" is installed (installed: ${installed})`,
      );
    }
    return plugin;
  }

  /**
   * Validates raw configuration for a kind. Throws a `ConfigError` whose `issues` name every
   * invalid field (`appSecret: Required`), so a form can show each next to its field.
   */
  parseConfig(kind: string, input: unknown): unknown {
    const plugin = this.get(kind);
    const result = plugin.configSchema.safeParse(input);
    if (result.success) return result.data;
    throw configErrorOf(result.error, `providers: ${kind} configuration is invalid`);
  }
}
