import { ConfigError } from "@orgsync/core";
import { describe, expect, it } from "vitest";
import { parseDingTalkConfig } from "./config.ts";

const minimal = { appKey: "dingkey", appSecret: "secret" };

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseDingTalkConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  throw new Error("expected a ConfigError");
}

describe("parseDingTalkConfig", () => {
  it("applies the defaults", () => {
    expect(parseDingTalkConfig(minimal)).toEqual({
      ...minimal,
      flag: "dingtalk",
      baseUrl: "https://oapi.dingtalk.com",
      apiBaseUrl: "https://api.dingtalk.com",
      deptList: [],
      inactiveAs: "notJoined",
      requestsPerSecond: 20,
      concurrency: 8,
      timeoutMs: 30_000,
      retry: {
        maxAttempts: 6,
        baseDelayMs: 500,
        maxDelayMs: 30_000,
        rateLimitRetries: 20,
        rateLimitDelayMs: 1000,
        maxRateLimitWaitMs: 60_000,
      },
    });
  });

  it("is idempotent and keeps go-ldap-admin's fields", () => {
    const config = parseDingTalkConfig({
      ...minimal,
      agentId: 2912345678,
      deptList: ["12", 34, "^56"],
      userLeaveRangeDays: 0,
      baseUrl: "http://127.0.0.1:4020/",
    });
    expect(config).toMatchObject({
      agentId: "2912345678",
      deptList: ["12", "34", "^56"],
      userLeaveRangeDays: 0,
      baseUrl: "http://127.0.0.1:4020",
    });
    expect(parseDingTalkConfig(config)).toEqual(config);
  });

  it.each([
    [{ appSecret: "s" }, "appKey", /凭证与基础信息 → AppKey/],
    [{ appKey: "k", appSecret: " " }, "appSecret", /AppSecret/],
    [{ ...minimal, flag: "Ding Talk" }, "flag", /lower-case/],
    [{ ...minimal, baseUrl: "oapi.dingtalk.com" }, "baseUrl", /http\(s\):\/\//],
    [{ ...minimal, apiBaseUrl: "ftp://x" }, "apiBaseUrl", /http\(s\):\/\//],
    [
      { ...minimal, deptList: ["od-1"] },
      "deptList",
      /numeric department ids.*通讯录 → 部门 → 部门 ID/,
    ],
    [{ ...minimal, userLeaveRangeDays: -1 }, "userLeaveRangeDays", /negative/],
    [{ ...minimal, userLeaveRangeDays: 1.5 }, "userLeaveRangeDays", /whole number/],
    [{ ...minimal, inactiveAs: "frozen" }, "inactiveAs", /notJoined/],
    [{ ...minimal, requestsPerSecond: 0 }, "requestsPerSecond", /at least 1/],
    [{ ...minimal, concurrency: 100 }, "concurrency", /at most 64/],
    [{ ...minimal, retry: { maxAttempts: 0 } }, "retry.maxAttempts", /at least 1/],
    [{ ...minimal, callbackAesKey: "short" }, "callbackAesKey", /43 letters.*加密 aes_key/],
    [{ ...minimal, callbackToken: "" }, "callbackToken", /签名 token/],
  ])("names the bad field: %j", (input, path, message) => {
    const issues = issuesOf(input);
    expect(issues.map((issue) => issue.path)).toContain(path);
    expect(issues.find((issue) => issue.path === path)?.message).toMatch(message);
  });

  it("prefixes the message with the provider", () => {
    expect(() => parseDingTalkConfig({ flag: "hq" })).toThrow(
      /^dingtalk \(hq\): invalid configuration — appKey/,
    );
  });
});
