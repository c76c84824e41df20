import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError } from "../../errors.ts";
import {
  apiRetryField,
  baseUrlField,
  flagField,
  numericDeptListField,
  parseProviderConfig,
  requiredText,
} from "./config-fields.ts";

const schema = z.object({
  flag: flagField("im"),
  appKey: requiredText("appKey", "console → AppKey"),
  baseUrl: baseUrlField("baseUrl", "https://api.example.com"),
  deptList: numericDeptListField("console → 部门 ID"),
  retry: apiRetryField,
});

describe("provider config fields", () => {
  it("fills defaults and normalises", () => {
    expect(
      parseProviderConfig(
        schema,
        { appKey: " k ", baseUrl: "http://x//", deptList: [12, "^3"] },
        "im",
      ),
    ).toEqual({
      flag: "im",
      appKey: "k",
      baseUrl: "http://x",
      deptList: ["12", "^3"],
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

  it("names every bad field, with the flag when it is valid", () => {
    let error: unknown;
    try {
      parseProviderConfig(
        schema,
        { flag: "hq", baseUrl: "ftp://x", deptList: ["od-1"], retry: { maxAttempts: 0 } },
        "im",
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^im \(hq\): invalid configuration — /);
    expect((error as ConfigError).issues?.map((issue) => issue.path)).toEqual([
      "appKey",
      "baseUrl",
      "deptList",
      "retry.maxAttempts",
    ]);
    expect(() => parseProviderConfig(schema, { flag: "Bad Flag" }, "im")).toThrow(
      /^im \(im\): invalid configuration — flag: use 1–32/,
    );
  });
});
