import { ConfigError, ProviderRegistry, type SourceSnapshot } from "@orgsync/core";
import { feishuProviderPlugin } from "@orgsync/provider-feishu";
import {
  ALL_SCOPES,
  type RunningFeishuSandbox,
  startFeishuSandbox,
} from "@orgsync/provider-feishu/sandbox";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../../src/db/schema.ts";
import { NotFoundError, ProviderFlagTakenError, RunAlreadyActiveError } from "../../src/errors.ts";
import type { Actor } from "../../src/services/actor.ts";
import { ProviderVerificationError } from "../../src/services/errors.ts";
import {
  createProviderService,
  type ProviderService,
} from "../../src/services/provider-service.ts";
import { DATABASE_KINDS, useTestDatabase } from "../databases.ts";

/** A tiny org: the provider tests read nothing but what `testConnection` samples. */
const ORG: SourceSnapshot = {
  departments: [{ id: "od-rd", parentId: "0", name: "研发中心", order: 0, raw: {} }],
  users: [
    {
      id: "on_zhangsan",
      name: "张三",
      departmentIds: ["od-rd"],
      status: "active",
      raw: {
        email: "zhangsan@example.com",
        mobile: "+8613800000000",
        employee_no: "E0001",
        job_title: "工程师",
        work_station: "北京-A座-3F",
      },
    },
  ],
};

/** Fast retries: a refused token must not take seconds of backoff. */
const FAST_RETRY = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 };

const SECRET = "sandbox-app-secret-7f3a";

let sandbox: RunningFeishuSandbox;

beforeAll(async () => {
  sandbox = await startFeishuSandbox({
    org: ORG,
    app: { appId: "cli_sandbox", appSecret: SECRET },
  });
});

afterAll(async () => {
  await sandbox?.close();
});

/** What an admin types for the sandbox: no defaults filled in. */
const config = (extra: Record<string, unknown> = {}) => ({
  appId: sandbox.app.appId,
  appSecret: SECRET,
  domain: sandbox.url,
  retry: FAST_RETRY,
  ...extra,
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe.each(DATABASE_KINDS)("provider service on %s", (kind) => {
  const t = useTestDatabase(kind);
  let service: ProviderService;
  let alice: Actor;
  const system: Actor = { adminId: null, username: "cli" };

  beforeAll(async () => {
    service = createProviderService({
      repositories: t.repos,
      registry: new ProviderRegistry([feishuProviderPlugin]),
    });
    const admin = await t.repos.admins.create({ username: "alice", password: "alice-password-1" });
    alice = { adminId: admin.id, username: "alice" };
  });

  it("describes the installed kinds with a form schema whose secrets are write-only", () => {
    const kinds = service.kinds();
    expect(kinds.map((k) => k.kind)).toEqual(["feishu"]);
    const [feishu] = kinds;
    if (!feishu) throw new Error("feishu is not listed");
    expect(feishu).toMatchObject({
      displayName: "Feishu / Lark",
      rootDepartmentId: "0",
      secretFields: ["appSecret", "encryptKey", "verificationToken"],
      defaultFieldRelations: feishuProviderPlugin.defaultFieldRelations,
    });
    const schema = feishu.configSchema as {
      properties: Record<string, Record<string, unknown>>;
      required: string[];
    };
    expect(schema.properties.appId).toMatchObject({ type: "string" });
    expect(schema.properties.appId?.writeOnly).toBeUndefined();
    expect(schema.properties.appSecret).toMatchObject({ type: "string", writeOnly: true });
    expect(schema.properties.encryptKey).toMatchObject({ writeOnly: true });
    expect(schema.properties.verificationToken).toMatchObject({ writeOnly: true });
    expect(schema.properties).not.toHaveProperty("flag");
    // Input side: fields with defaults are optional and show them.
    expect(schema.required).toEqual(["appId", "appSecret"]);
    expect(schema.properties.userIdType).toMatchObject({ default: "union_id" });
    expect(schema.properties.concurrency).toMatchObject({ default: 8 });
    expect(feishu.fields.user.map((field) => field.path)).toContain("email");

    // The description is a copy: editing it does not change the next one.
    (feishu.secretFields as string[]).push("x");
    schema.properties.appId = {};
    expect(service.kinds()[0]?.secretFields).toHaveLength(3);
    expect(service.kinds()[0]?.configSchema).toHaveProperty("properties.appId.type", "string");
  });

  it("refuses an unknown kind, an invalid config and wrong credentials, storing nothing", async () => {
    const unknown = await rejection(
      service.create({ kind: "slack", name: "Slack", flag: "slack", config: {} }, alice),
    );
    expect(unknown).toBeInstanceOf(ConfigError);
    expect((unknown as Error).message).toContain('no plugin of kind "slack"');
    expect((unknown as Error).message).toContain("installed: feishu");

    const invalid = await rejection(
      service.create(
        { kind: "feishu", name: "Feishu", flag: "feishu", config: config({ appId: "app-1" }) },
        alice,
      ),
    );
    expect(invalid).toBeInstanceOf(ConfigError);
    expect((invalid as ConfigError).issues.map((issue) => issue.path)).toEqual(["appId"]);

    const missing = await rejection(
      service.create({ kind: "feishu", name: " ", flag: "Bad Flag", config: config() }, alice),
    );
    expect((missing as ConfigError).issues.map((issue) => issue.path)).toEqual(["name", "flag"]);

    const wrong = await rejection(
      service.create(
        {
          kind: "feishu",
          name: "Feishu",
          flag: "feishu",
          config: config({ appSecret: "not-the-secret" }),
        },
        alice,
      ),
    );
    expect(wrong).toBeInstanceOf(ProviderVerificationError);
    const report = (wrong as ProviderVerificationError).report;
    expect(report.ok).toBe(false);
    expect(report.checks.find((check) => check.id === "credentials")).toMatchObject({
      status: "failed",
      detail: expect.stringContaining("app secret is wrong"),
    });
    expect((wrong as Error).message).toContain("app secret is wrong");
    expect((wrong as Error).message).not.toContain("not-the-secret");

    expect(await service.list()).toEqual([]);
    expect(await t.repos.audit.list({ action: "provider.create" })).toEqual([]);
  });

  it("stores a verified provider as given, its secret encrypted and never returned", async () => {
    const { provider, connection } = await service.create(
      { kind: "feishu", name: "Feishu HQ", flag: "feishu", config: config() },
      alice,
    );
    expect(connection?.ok).toBe(true);
    expect(connection?.checks[0]).toMatchObject({ id: "credentials", status: "ok" });
    expect(provider).toMatchObject({
      kind: "feishu",
      flag: "feishu",
      name: "Feishu HQ",
      enabled: true,
      hasSecrets: true,
      secretsSet: ["appSecret"],
      // As the admin gave it: no defaults applied, no flag, no secret.
      config: { appId: "cli_sandbox", domain: sandbox.url, retry: FAST_RETRY },
    });
    expect(Object.keys(provider.config).sort()).toEqual(["appId", "domain", "retry"]);

    for (const record of [provider, await service.get(provider.id), await service.list()]) {
      expect(JSON.stringify(record)).not.toContain(SECRET);
    }
    const [row] = await t.db.select().from(providers).where(eq(providers.id, provider.id));
    expect(row?.flag).toBe("feishu");
    expect(row?.config).not.toHaveProperty("flag");
    expect(row?.secrets).toMatch(/^v1:/);
    expect(row?.secrets).not.toContain(SECRET);
    expect(JSON.stringify(row?.config)).not.toContain(SECRET);

    const [entry] = await t.repos.audit.list({ action: "provider.create" });
    expect(entry).toMatchObject({
      adminId: alice.adminId,
      targetType: "provider",
      targetId: provider.id,
      details: {
        actor: "alice",
        flag: "feishu",
        writeOnlyFields: { set: ["appSecret"] },
        verified: true,
      },
    });
    expect(JSON.stringify(entry)).not.toContain(SECRET);
  });

  it("saves a provider whose credentials work although a permission is missing", async () => {
    sandbox.setApp({
      scopes: ALL_SCOPES.filter((scope) => scope !== "contact:user.email:readonly"),
    });
    try {
      const { provider, connection } = await service.create(
        { kind: "feishu", name: "No email", flag: "noemail", config: config() },
        alice,
      );
      expect(connection?.ok).toBe(false);
      expect(
        connection?.checks.find((check) => check.id === "permission:contact:user.email:readonly"),
      ).toMatchObject({ status: "missing" });
      await service.delete(provider.id, alice);
    } finally {
      sandbox.setApp({ scopes: [...ALL_SCOPES] });
    }
  });

  it("refuses a flag that is taken", async () => {
    const error = await rejection(
      service.create({ kind: "feishu", name: "Again", flag: "feishu", config: config() }, alice, {
        verify: false,
      }),
    );
    expect(error).toBeInstanceOf(ProviderFlagTakenError);
    expect(await service.list()).toHaveLength(1);
  });

  it("stores without verifying when asked, and tests the connection without throwing", async () => {
    const { provider, connection } = await service.create(
      {
        kind: "feishu",
        name: "Offline",
        flag: "offline",
        config: config({ appSecret: "wrong-secret", encryptKey: null }),
        enabled: false,
      },
      system,
      { verify: false },
    );
    expect(connection).toBeNull();
    expect(provider.enabled).toBe(false);
    expect(provider.config).not.toHaveProperty("encryptKey");

    const report = await service.testConnection(provider.id);
    expect(report.ok).toBe(false);
    expect(report.checks.find((check) => check.id === "credentials")?.status).toBe("failed");
    expect((await service.testConnection((await service.list())[0]?.id as string)).ok).toBe(true);

    const [entry] = await t.repos.audit.list({ targetId: provider.id });
    expect(entry).toMatchObject({ adminId: null, details: { actor: "cli", verified: false } });
    await service.delete(provider.id, system);
  });

  it("keeps an omitted secret on update, verifies a changed config, refuses to clear it", async () => {
    const [existing] = await service.list({ kind: "feishu" });
    const id = existing?.id as string;

    // Renaming does not touch the config, so nothing is verified.
    const renamed = await service.update(id, { name: "Feishu (HQ)" }, alice);
    expect(renamed.connection).toBeNull();
    expect(renamed.provider.name).toBe("Feishu (HQ)");

    const changed = await service.update(
      id,
      { config: { appId: "cli_sandbox", domain: sandbox.url, retry: FAST_RETRY, concurrency: 4 } },
      alice,
    );
    expect(changed.connection?.ok).toBe(true);
    expect(changed.provider.config).toMatchObject({ concurrency: 4 });
    let full = await t.repos.providers.getWithSecrets(id);
    expect(full.config.appSecret).toBe(SECRET);

    // The same config again (secret still omitted): unchanged, so not verified.
    const same = await service.update(
      id,
      { config: { appId: "cli_sandbox", domain: sandbox.url, retry: FAST_RETRY, concurrency: 4 } },
      alice,
    );
    expect(same.connection).toBeNull();

    const cleared = await rejection(
      service.update(id, { config: config({ appSecret: null }) }, alice),
    );
    expect(cleared).toBeInstanceOf(ConfigError);
    expect((cleared as ConfigError).issues.map((issue) => issue.path)).toEqual(["appSecret"]);

    const wrong = await rejection(
      service.update(id, { config: config({ appSecret: "wrong-secret" }) }, alice),
    );
    expect(wrong).toBeInstanceOf(ProviderVerificationError);

    const flag = await rejection(service.update(id, { config: config({ flag: "other" }) }, alice));
    expect((flag as ConfigError).issues).toEqual([
      { path: "config.flag", message: expect.stringContaining("cannot change") },
    ]);

    // Nothing of the refused updates was saved.
    full = await t.repos.providers.getWithSecrets(id);
    expect(full.config).toEqual({
      appId: "cli_sandbox",
      appSecret: SECRET,
      domain: sandbox.url,
      retry: FAST_RETRY,
      concurrency: 4,
    });
    expect(full.flag).toBe("feishu");

    // An optional secret can be set and cleared while the required one stays.
    const withKey = await service.update(
      id,
      { config: config({ encryptKey: "encrypt-key-9d2" }) },
      alice,
      { verify: false },
    );
    expect(withKey.provider.secretsSet).toEqual(["appSecret", "encryptKey"]);
    expect((await service.get(id))?.secretsSet).toEqual(["appSecret", "encryptKey"]);
    expect((await t.repos.providers.getWithSecrets(id)).config.encryptKey).toBe("encrypt-key-9d2");
    const withoutKey = await service.update(
      id,
      { config: { ...config(), appSecret: undefined, encryptKey: null } },
      alice,
    );
    expect(withoutKey.provider.secretsSet).toEqual(["appSecret"]);
    expect((await service.get(id))?.secretsSet).toEqual(["appSecret"]);
    full = await t.repos.providers.getWithSecrets(id);
    expect(full.config.encryptKey).toBeUndefined();
    expect(full.config.appSecret).toBe(SECRET);

    const entries = await t.repos.audit.list({ targetId: id, action: "provider.update" });
    expect(entries.length).toBeGreaterThanOrEqual(5);
    expect(entries[0]?.details).toMatchObject({
      actor: "alice",
      writeOnlyFields: { set: [], cleared: ["encryptKey"] },
    });
    const all = JSON.stringify(await t.repos.audit.list({ first: 200 }));
    for (const secret of [SECRET, "encrypt-key-9d2", "wrong-secret", "not-the-secret"]) {
      expect(all).not.toContain(secret);
    }
  });

  it("deletes a provider unless a run is active", async () => {
    const { provider } = await service.create(
      { kind: "feishu", name: "Busy", flag: "busy", config: config() },
      alice,
      { verify: false },
    );
    const run = await t.repos.runs.create({
      providerId: provider.id,
      scope: "ALL",
      trigger: "manual",
    });
    expect(await rejection(service.delete(provider.id, alice))).toBeInstanceOf(
      RunAlreadyActiveError,
    );
    expect(await service.get(provider.id)).toBeDefined();

    await t.repos.runs.transition(run.id, "cancelled");
    await service.delete(provider.id, alice);
    expect(await service.get(provider.id)).toBeUndefined();
    expect(await t.repos.audit.list({ targetId: provider.id, action: "provider.delete" })).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ flag: "busy" }) }),
    ]);
    expect(await rejection(service.delete(provider.id, alice))).toBeInstanceOf(NotFoundError);
    expect(await rejection(service.testConnection(provider.id))).toBeInstanceOf(NotFoundError);
  });
});
