import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import { memoryProviderPlugin } from "../testing/memory-provider.ts";
import { ProviderRegistry } from "./registry.ts";

describe("ProviderRegistry", () => {
  it("lists and finds installed plugins by kind", () => {
    const registry = new ProviderRegistry([memoryProviderPlugin]);
    expect(registry.list().map((plugin) => plugin.kind)).toEqual(["memory"]);
    expect(registry.get("memory")).toBe(memoryProviderPlugin);
  });

  it("names the installed kinds when asked for a missing one", () => {
    const registry = new ProviderRegistry([memoryProviderPlugin]);
    expect(() => registry.get("dingtalk")).toThrow(
      'no plugin of kind "dingtalk" is installed (installed: memory)',
    );
  });

  it("refuses a kind installed twice or an invalid kind", () => {
    expect(() => new ProviderRegistry([memoryProviderPlugin, memoryProviderPlugin])).toThrow(
      /installed twice/,
    );
    expect(() => new ProviderRegistry([{ ...memoryProviderPlugin, kind: "Fei Shu" }])).toThrow(
      /kind "Fei Shu" is not valid/,
    );
  });

  it("validates configuration and names every invalid field", () => {
    const registry = new ProviderRegistry([memoryProviderPlugin]);
    expect(registry.parseConfig("memory", { flag: "feishu" })).toMatchObject({ flag: "feishu" });
    const error = (() => {
      try {
        registry.parseConfig("memory", { flag: "Not A Flag", users: -1 });
      } catch (caught) {
        return caught;
      }
    })() as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(["flag", "users"]);
    expect(error.message).toMatch(/^providers: memory configuration is invalid — /);
  });
});
