import { ConfigError } from "@orgsync/core";
import { describe, expect, it } from "vitest";
import { parseWeComConfig } from "./config.ts";

const minimal = { corpId: "ww1a2b3c4d5e6f7a8b", corpSecret: "s3cret" };

function issues(input: unknown): Record<string, string> {
  try {
    parseWeComConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return Object.fromEntries((error as ConfigError).issues.map((i) => [i.path, i.message]));
  }
  throw new Error("expected a ConfigError");
}

describe("parseWeComConfig", () => {
  it("fills the defaults and is idempotent", () => {
    const config = parseWeComConfig(minimal);
    expect(config).toEqual({
      ...minimal,
      flag: "wecom",
      baseUrl: "https://qyapi.weixin.qq.com",
      deptList: [],
      requestsPerMinute: 9000,
      concurrency: 8,
      retry: {
        maxAttempts: 6,
        baseDelayMs: 500,
        maxDelayMs: 30_000,
        rateLimitRetries: 20,
        rateLimitDelayMs: 1000,
        maxRateLimitWaitMs: 60_000,
      },
      timeoutMs: 30_000,
    });
    expect(parseWeComConfig(config)).toEqual(config);
  });

  it("takes go-ldap-admin's agent-id as a number or numeric string, and strips baseUrl's slash", () => {
    expect(
      parseWeComConfig({ ...minimal, agentId: "1000002", baseUrl: "http://127.0.0.1:4020/" }),
    ).toMatchObject({
      agentId: 1000002,
      baseUrl: "http://127.0.0.1:4020",
    });
  });

  it("names each bad field and where to find the right value", () => {
    expect(issues({})).toMatchObject({
      corpId: expect.stringContaining("我的企业 → 企业信息 → 企业ID"),
      corpSecret: expect.stringContaining("通讯录同步 → Secret"),
    });
    const bad = issues({
      ...minimal,
      corpId: "cli_abc",
      flag: "WeCom!",
      baseUrl: "qyapi.weixin.qq.com",
      deptList: ["od-1"],
      requestsPerMinute: 20_000,
      agentId: "abc",
      callbackToken: "t",
    });
    expect(bad.corpId).toMatch(/must look like "ww/);
    expect(bad.flag).toMatch(/lower-case letters/);
    expect(bad.baseUrl).toMatch(/http\(s\):\/\//);
    expect(bad.deptList).toMatch(/numeric department ids.*部门ID/);
    expect(bad.requestsPerMinute).toMatch(/10000 calls per API/);
    expect(bad.agentId).toMatch(/AgentId/);
    expect(bad.callbackAesKey).toMatch(/go together/);
    expect(
      issues({ ...minimal, callbackToken: "t", callbackAesKey: "short" }).callbackAesKey,
    ).toMatch(/43 letters/);
  });

  it("prefixes the message with the provider and flag", () => {
    expect(() => parseWeComConfig({ flag: "hq" })).toThrow(
      /^wecom \(hq\): invalid configuration — corpId/,
    );
  });
});
