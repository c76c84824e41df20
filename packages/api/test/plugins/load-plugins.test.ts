import { join } from "node:path";
import { ConfigError } from "@orgsync/core";
import { describe, expect, it } from "vitest";
import { serviceConfigFromEnvironment } from "../../src/container/service-config.ts";
import { loadProviderPlugins } from "../../src/plugins/load-plugins.ts";
import { useTestService } from "../service/test-service.ts";

const fixtures = join(import.meta.dirname, "fixtures");

describe("ORGSYNC_PLUGINS", () => {
  it("reads the module list from the environment", () => {
    expect(
      serviceConfigFromEnvironment({ ORGSYNC_PLUGINS: " @acme/slack , ./hr.js,," }).pluginModules,
    ).toEqual(["@acme/slack", "./hr.js"]);
    expect(serviceConfigFromEnvironment({}).pluginModules).toEqual([]);
  });

  it("loads a plugin by path, relative to the working directory", async () => {
    const plugins = await loadProviderPlugins(["./echo-plugin.ts"], { cwd: fixtures });
    expect(plugins.map((plugin) => plugin.kind)).toEqual(["echo"]);
  });

  it("names a module that does not load, and one that exports no plugin", async () => {
    const missing = loadProviderPlugins(["@acme/orgsync-provider-nope"]);
    await expect(missing).rejects.toBeInstanceOf(ConfigError);
    await expect(missing).rejects.toThrow(
      /ORGSYNC_PLUGINS names "@acme\/orgsync-provider-nope", which does not load .*npm install @acme\/orgsync-provider-nope/,
    );
    await expect(loadProviderPlugins(["./not-a-plugin.ts"], { cwd: fixtures })).rejects.toThrow(
      /"\.\/not-a-plugin\.ts", but it exports no provider plugin/,
    );
  });
});

describe("a service started with ORGSYNC_PLUGINS", () => {
  const t = useTestService("postgres", {
    runJobs: false,
    env: { ORGSYNC_PLUGINS: join(fixtures, "echo-plugin.ts") },
  });

  it("offers the plugin's kind next to the built-in ones", async () => {
    const token = await t.login();
    const result = await t.gql<{ providerKinds: { kind: string; displayName: string }[] }>(
      "{ providerKinds { kind displayName } }",
      {},
      token,
    );
    expect(result.data?.providerKinds.map((plugin) => plugin.kind)).toEqual([
      "feishu",
      "dingtalk",
      "wecom",
      "echo",
    ]);
  });
});
