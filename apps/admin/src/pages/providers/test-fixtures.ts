/**
 * Test data for the provider pages: the Feishu plugin's form schema as the service sends it
 * (`z.toJSONSchema(feishuConfigSchema, { io: "input" })`, `flag` removed, secrets `writeOnly`).
 */
export const FEISHU_CONFIG_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  properties: {
    appId: { type: "string", pattern: "^cli_[A-Za-z0-9]+$" },
    appSecret: { type: "string", minLength: 1, writeOnly: true },
    domain: { type: "string" },
    deptList: { default: [], type: "array", items: { type: "string" } },
    userIdType: { default: "union_id", type: "string", enum: ["union_id", "open_id"] },
    requestsPerSecond: { default: 50, type: "integer", minimum: 1, maximum: 50 },
    requestsPerMinute: { default: 1000, type: "integer", minimum: 1, maximum: 1000 },
    concurrency: { default: 8, type: "integer", minimum: 1, maximum: 64 },
    retry: {
      default: {},
      type: "object",
      properties: {
        maxAttempts: { default: 6, type: "integer", minimum: 1, maximum: 20 },
        baseDelayMs: { default: 500, type: "number", minimum: 0 },
        maxDelayMs: { default: 30000, type: "number", minimum: 0 },
        rateLimitRetries: { default: 20, type: "integer", minimum: 0, maximum: 100 },
        maxRateLimitWaitMs: { default: 120000, type: "number", minimum: 0 },
      },
    },
    timeoutMs: { default: 30000, type: "integer", minimum: 100, maximum: 9007199254740991 },
    encryptKey: { type: "string", minLength: 1, writeOnly: true },
    verificationToken: { type: "string", minLength: 1, writeOnly: true },
  },
  required: ["appId", "appSecret"],
};

export const FEISHU_KIND = {
  kind: "feishu",
  displayName: "Feishu / Lark",
  configSchema: FEISHU_CONFIG_SCHEMA,
  secretFields: ["appSecret", "encryptKey", "verificationToken"],
};
