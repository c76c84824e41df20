import { dingtalkProviderPlugin } from "@orgsync/provider-dingtalk";
import { wecomProviderPlugin } from "@orgsync/provider-wecom";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  buildConfig,
  configForm,
  humanise,
  initialValues,
  isGroup,
  issueTarget,
  type JsonSchemaNode,
  sameJson,
} from "./config-schema.ts";
import { FEISHU_CONFIG_SCHEMA } from "./test-fixtures.ts";

describe("humanise", () => {
  it("turns config keys into labels", () => {
    expect(humanise("appId")).toBe("App ID");
    expect(humanise("appSecret")).toBe("App secret");
    expect(humanise("userIdType")).toBe("User ID type");
    expect(humanise("timeoutMs")).toBe("Timeout (ms)");
    expect(humanise("maxRateLimitWaitMs")).toBe("Max rate limit wait (ms)");
    expect(humanise("base_url")).toBe("Base URL");
  });
});

describe("configForm", () => {
  const form = configForm(FEISHU_CONFIG_SCHEMA);

  it("asks for required and undefaulted fields first, tuning under Advanced", () => {
    expect(form.main.map((field) => field.path)).toEqual([
      "appId",
      "appSecret",
      "domain",
      "encryptKey",
      "verificationToken",
    ]);
    expect(form.advanced.map((item) => item.path)).toEqual([
      "deptList",
      "userIdType",
      "requestsPerSecond",
      "requestsPerMinute",
      "concurrency",
      "retry",
      "timeoutMs",
    ]);
    const retry = form.advanced.find(isGroup);
    expect(retry?.fields.map((field) => field.path)).toContain("retry.maxAttempts");
  });

  it("picks a control per type", () => {
    const control = (path: string) => form.fields.find((field) => field.path === path)?.control;
    expect(control("appSecret")).toBe("secret");
    expect(control("userIdType")).toBe("enum");
    expect(control("concurrency")).toBe("integer");
    expect(control("retry.baseDelayMs")).toBe("number");
    expect(control("deptList")).toBe("lines");
    expect(control("domain")).toBe("text");
  });

  it("prefers the schema's title and description", () => {
    const titled = configForm({
      type: "object",
      properties: { appId: { type: "string", title: "Application", description: "cli_…" } },
    });
    expect(titled.main[0]).toMatchObject({ label: "Application", description: "cli_…" });
  });
});

describe("buildConfig", () => {
  const form = configForm(FEISHU_CONFIG_SCHEMA);

  it("leaves empty inputs out so defaults apply, and converts numbers and lists", () => {
    const values = {
      ...initialValues(form),
      appId: " cli_a1 ",
      appSecret: "s3cret",
      domain: "http://127.0.0.1:4010",
      deptList: "od-1\n\n^od-2 ",
      "retry.maxAttempts": "3",
    };
    const { config, problems, secretsChanged } = buildConfig(form, values);
    expect(problems).toEqual([]);
    expect(secretsChanged).toBe(true);
    expect(config).toEqual({
      appId: "cli_a1",
      appSecret: "s3cret",
      domain: "http://127.0.0.1:4010",
      deptList: ["od-1", "^od-2"],
      retry: { maxAttempts: 3 },
    });
  });

  it("keeps stored secrets unless one is typed or cleared, and keeps unknown keys", () => {
    const stored = { appId: "cli_a1", domain: "feishu", custom: 1, retry: { maxAttempts: 4 } };
    const values = initialValues(form, stored);
    expect(values.appSecret).toBe("");
    expect(values["retry.maxAttempts"]).toBe("4");
    const kept = buildConfig(form, values, { stored });
    expect(kept.config).toEqual(stored);
    expect(kept.secretsChanged).toBe(false);
    expect(sameJson(kept.config, stored)).toBe(true);

    const cleared = buildConfig(form, values, { stored, clear: { encryptKey: true } });
    expect(cleared.config.encryptKey).toBeNull();
    expect(cleared.secretsChanged).toBe(true);
  });

  it("reports what it cannot read instead of sending it", () => {
    const values = { ...initialValues(form), concurrency: "2.5", "retry.baseDelayMs": "soon" };
    expect(buildConfig(form, values).problems).toEqual([
      { path: "concurrency", problem: "integer" },
      { path: "retry.baseDelayMs", problem: "number" },
    ]);
  });
});

describe("issueTarget", () => {
  const paths = ["name", "flag", "appId", "deptList", "retry.maxAttempts"];
  it("finds the field an issue names", () => {
    expect(issueTarget("appId", paths)).toBe("appId");
    expect(issueTarget("config.appId", paths)).toBe("appId");
    expect(issueTarget("deptList.1", paths)).toBe("deptList");
    expect(issueTarget("retry.maxAttempts", paths)).toBe("retry.maxAttempts");
    expect(issueTarget("(config)", paths)).toBeUndefined();
  });
});

describe("configForm on the DingTalk and WeCom plugins' schemas", () => {
  // As the service sends them: the input side of the zod schema, secrets write-only.
  const formOf = (plugin: { configSchema: z.ZodType; secretFields: readonly string[] }) => {
    const schema = z.toJSONSchema(plugin.configSchema, {
      io: "input",
      unrepresentable: "any",
    }) as JsonSchemaNode & { properties: Record<string, JsonSchemaNode & { writeOnly?: boolean }> };
    for (const field of plugin.secretFields) {
      const property = schema.properties[field];
      if (property) property.writeOnly = true;
    }
    const form = configForm(schema);
    const all = [...form.main, ...form.advanced].flatMap((field) =>
      isGroup(field) ? field.fields : [field],
    );
    return (path: string) => all.find((field) => field.path === path)?.control;
  };

  it("gives every DingTalk field a fitting control (no raw JSON for ids typed either way)", () => {
    const control = formOf(dingtalkProviderPlugin);
    expect(control("appKey")).toBe("text");
    expect(control("appSecret")).toBe("secret");
    expect(control("agentId")).toBe("text");
    expect(control("deptList")).toBe("lines");
    expect(control("userLeaveRangeDays")).toBe("integer");
    expect(control("inactiveAs")).toBe("enum");
    expect(control("callbackAesKey")).toBe("secret");
  });

  it("gives every WeCom field a fitting control", () => {
    const control = formOf(wecomProviderPlugin);
    expect(control("corpId")).toBe("text");
    expect(control("corpSecret")).toBe("secret");
    expect(control("deptList")).toBe("lines");
    expect(control("requestsPerMinute")).toBe("integer");
    expect(control("callbackToken")).toBe("secret");
  });
});
