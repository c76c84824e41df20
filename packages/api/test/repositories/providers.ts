import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { providers } from "../../src/db/schema.ts";
import {
  NotFoundError,
  ProviderFlagTakenError,
  RunAlreadyActiveError,
  SecretKeyError,
} from "../../src/errors.ts";
import { providerRepository } from "../../src/repositories/providers.ts";
import { createSecretBox } from "../../src/secrets/secret-box.ts";
import type { TestContext } from "../databases.ts";
import { createTestProvider } from "../databases.ts";

export function providersSuite(t: TestContext): void {
  it("keeps secrets out of the config column, list and get; getWithSecrets has them", async () => {
    const created = await createTestProvider(t.repos);
    expect(created.config).toEqual({ appId: "cli_a1b2" });
    expect(created.hasSecrets).toBe(true);
    expect(JSON.stringify(created)).not.toContain("s3cr3t");

    const [raw] = await t.db.select().from(providers).where(eq(providers.id, created.id));
    expect(JSON.stringify(raw?.config)).not.toContain("s3cr3t");
    expect(raw?.secrets).toMatch(/^v1:/);
    expect(raw?.secrets).not.toContain("s3cr3t");

    expect(JSON.stringify(await t.repos.providers.get(created.id))).not.toContain("s3cr3t");
    expect(JSON.stringify(await t.repos.providers.list())).not.toContain("s3cr3t");
    const full = await t.repos.providers.getWithSecrets(created.id);
    expect(full.config).toEqual({ appId: "cli_a1b2", appSecret: "s3cr3t-app-secret" });
  });

  it("names the stored secrets without their values, also for rows saved before the names", async () => {
    const created = await createTestProvider(t.repos);
    expect(created.secretsSet).toEqual(["appSecret"]);
    const [raw] = await t.db.select().from(providers).where(eq(providers.id, created.id));
    // The names sit in clear beside the ciphertext, so reading them needs no key.
    expect(raw?.secretNames).toEqual(["appSecret"]);

    // A row from before `secret_names`: its names come from the decrypted secrets.
    await t.db.update(providers).set({ secretNames: null }).where(eq(providers.id, created.id));
    expect((await t.repos.providers.get(created.id))?.secretsSet).toEqual(["appSecret"]);
    expect(JSON.stringify(await t.repos.providers.list())).not.toContain("s3cr3t");

    await t.repos.providers.update(created.id, {
      config: { appId: "cli_a1b2", appSecret: null },
      secretFields: ["appSecret"],
    });
    const [cleared] = await t.db.select().from(providers).where(eq(providers.id, created.id));
    expect(cleared?.secretNames).toEqual([]);
    expect((await t.repos.providers.get(created.id))?.secretsSet).toEqual([]);
  });

  it("keeps a secret left out of an update, replaces a given one, clears a null one", async () => {
    const { id } = await createTestProvider(t.repos);
    const secretFields = ["appSecret", "encryptKey"];
    await t.repos.providers.update(id, {
      config: { appId: "cli_new" },
      secretFields,
      name: "Renamed",
    });
    let full = await t.repos.providers.getWithSecrets(id);
    expect(full).toMatchObject({
      name: "Renamed",
      config: { appId: "cli_new", appSecret: "s3cr3t-app-secret" },
    });

    await t.repos.providers.update(id, {
      config: { appId: "cli_new", encryptKey: "ek" },
      secretFields,
    });
    full = await t.repos.providers.getWithSecrets(id);
    expect(full.config).toEqual({
      appId: "cli_new",
      appSecret: "s3cr3t-app-secret",
      encryptKey: "ek",
    });

    await t.repos.providers.update(id, {
      config: { appId: "cli_new", appSecret: null, encryptKey: null },
      secretFields,
    });
    const cleared = await t.repos.providers.get(id);
    expect(cleared?.hasSecrets).toBe(false);
    expect(cleared?.secretsSet).toEqual([]);
    expect((await t.repos.providers.getWithSecrets(id)).config).toEqual({ appId: "cli_new" });
  });

  it("keeps both secrets when two updates set different ones at once", async () => {
    const { id } = await createTestProvider(t.repos);
    const secretFields = ["appSecret", "encryptKey", "verificationToken"];
    await Promise.all([
      t.repos.providers.update(id, {
        config: { appId: "cli_a1b2", encryptKey: "ek" },
        secretFields,
      }),
      t.repos.providers.update(id, {
        config: { appId: "cli_a1b2", verificationToken: "vt" },
        secretFields,
      }),
    ]);
    expect((await t.repos.providers.getWithSecrets(id)).config).toEqual({
      appId: "cli_a1b2",
      appSecret: "s3cr3t-app-secret",
      encryptKey: "ek",
      verificationToken: "vt",
    });
  });

  it("refuses a taken flag with a typed error naming it", async () => {
    const { flag } = await createTestProvider(t.repos);
    const error = await createTestProvider(t.repos, flag).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderFlagTakenError);
    expect((error as ProviderFlagTakenError).flag).toBe(flag);
    expect((error as Error).message).toContain(`"${flag}"`);
  });

  it("fails clearly when the key changed", async () => {
    const { id, flag } = await createTestProvider(t.repos);
    const otherKey = providerRepository({
      db: t.db,
      secrets: createSecretBox(Buffer.alloc(32, 7)),
    });
    const error = await otherKey.getWithSecrets(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretKeyError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `cannot decrypt the secrets of provider "${flag}" with the key from ORGSYNC_SECRET_KEY`,
      ),
    );
  });

  it("filters the list and deletes, refusing while a run is active", async () => {
    const a = await createTestProvider(t.repos);
    await t.repos.providers.update(a.id, { enabled: false });
    const disabled = await t.repos.providers.list({ enabled: false });
    expect(disabled.map((p) => p.id)).toContain(a.id);
    expect((await t.repos.providers.list({ enabled: true })).map((p) => p.id)).not.toContain(a.id);

    const run = await t.repos.runs.create({ providerId: a.id, scope: "ALL", trigger: "manual" });
    const error = await t.repos.providers.delete(a.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunAlreadyActiveError);
    expect((error as RunAlreadyActiveError).activeRunId).toBe(run.id);

    await t.repos.runs.transition(run.id, "cancelled");
    await t.repos.providers.delete(a.id);
    expect(await t.repos.providers.get(a.id)).toBeUndefined();
    expect(await t.repos.runs.get(run.id)).toBeUndefined();
    await expect(t.repos.providers.delete(a.id)).rejects.toBeInstanceOf(NotFoundError);
  });
}
