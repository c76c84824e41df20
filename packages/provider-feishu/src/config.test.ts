import { ConfigError } from "@orgsync/core";
import { describe, expect, it } from "vitest";
import { feishuConfigSchema, parseFeishuConfig } from "./config.ts";

const base = { appId: "cli_a1b2c3d4e5f60123", appSecret: "secret" };

function issues(input: unknown): Record<string, string> {
  try {
    parseFeishuConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return Object.fromEntries((error as ConfigError).issues.map((i) => [i.path, i.message]));
  }
  throw new Error("expected the configuration to be refused");
}

describe("feishu configuration", () => {
  it("applies the defaults", () => {
    expect(parseFeishuConfig(base)).toEqual({
      ...base,
      flag: "feishu",
      domain: "feishu",
      deptList: [],
      userIdType: "union_id",
      requestsPerSecond: 50,
      requestsPerMinute: 1000,
      concurrency: 8,
      retry: {
        maxAttempts: 6,
        baseDelayMs: 500,
        maxDelayMs: 30_000,
        rateLimitRetries: 20,
        maxRateLimitWaitMs: 120_000,
      },
      timeoutMs: 30_000,
    });
  });

  it("is idempotent: validated configuration parses to itself", () => {
    const once = parseFeishuConfig({ ...base, domain: "https://open.feishu.cn//" });
    expect(parseFeishuConfig(once)).toEqual(once);
  });

  it("strips trailing slashes from a URL domain (the SDK would call //open-apis)", () => {
    expect(parseFeishuConfig({ ...base, domain: "http://127.0.0.1:4010/" }).domain).toBe(
      "http://127.0.0.1:4010",
    );
    expect(
      parseFeishuConfig({ ...base, domain: "https://feishu.corp.example/prefix///" }).domain,
    ).toBe("https://feishu.corp.example/prefix");
    expect(parseFeishuConfig({ ...base, domain: "lark" }).domain).toBe("lark");
  });

  it("names each bad field with what to enter and where to find it", () => {
    const found = issues({
      flag: "Feishu!",
      appId: "a1b2",
      domain: "open.feishu.cn",
      userIdType: "user_id",
      requestsPerSecond: 10_001,
      requestsPerMinute: 0,
    });
    expect(found.flag).toMatch(/lower-case letters/);
    expect(found.appId).toMatch(/cli_.*凭证与基础信息/);
    expect(found.appSecret).toMatch(/appSecret is required.*App Secret/);
    expect(found.domain).toMatch(/"feishu".*"lark".*http\(s\):\/\//);
    expect(found.userIdType).toMatch(/"union_id".*"open_id"/);
    expect(found.requestsPerSecond).toMatch(
      /at most 10000.*50 per second unless your tenant's plan/,
    );
    expect(found.requestsPerMinute).toMatch(/at least 1/);
  });

  it("starts its error message with the provider and lists every issue", () => {
    expect(() => parseFeishuConfig({ flag: "lark_cn", appId: "x" })).toThrow(
      /^feishu \(lark_cn\): invalid configuration — appId: .*; appSecret: /,
    );
  });

  it("refuses empty deptList entries and accepts ^excludes", () => {
    expect(issues({ ...base, deptList: ["od-1", "^"] }).deptList).toMatch(/open_department_ids/);
    expect(parseFeishuConfig({ ...base, deptList: [" od-1 ", "^od-2"] }).deptList).toEqual([
      "od-1",
      "^od-2",
    ]);
  });

  it("refuses absurd rate limits, accepts a plan's higher ones and lower ones", () => {
    expect(issues({ ...base, requestsPerMinute: 600_001 }).requestsPerMinute).toMatch(
      /at most 600000.*1000 per minute unless your tenant's plan/,
    );
    const higher = parseFeishuConfig({ ...base, requestsPerSecond: 100, requestsPerMinute: 5000 });
    expect([higher.requestsPerSecond, higher.requestsPerMinute]).toEqual([100, 5000]);
    const lower = parseFeishuConfig({ ...base, requestsPerSecond: 5, requestsPerMinute: 100 });
    expect([lower.requestsPerSecond, lower.requestsPerMinute]).toEqual([5, 100]);
  });

  it("is the schema the plugin exposes", () => {
    expect(feishuConfigSchema.safeParse(base).success).toBe(true);
  });
});
