import { expect, it } from "vitest";
import { directorySettings } from "../../src/db/schema.ts";
import type { TestContext } from "../databases.ts";

export function directorySettingsSuite(t: TestContext): void {
  const connection = {
    url: "ldap://127.0.0.1:389",
    bindDn: "cn=admin,dc=example,dc=com",
    baseDn: "dc=example,dc=com",
  };

  it("needs the connection first, then keeps passwords encrypted and write-only", async () => {
    expect(await t.repos.directorySettings.get()).toBeUndefined();
    await expect(t.repos.directorySettings.save({ departedUserPolicy: "keep" })).rejects.toThrow(
      /first save needs the connection/,
    );
    const saved = await t.repos.directorySettings.save({
      connection,
      bindPassword: "bind-pw-123",
      initialPassword: "init-pw-456",
      safetyThresholds: { maxDestructive: 50 },
    });
    expect(saved).toMatchObject({
      connection,
      hasBindPassword: true,
      hasInitialPassword: true,
      departedUserPolicy: "disable",
      passwordPolicy: { mode: "initial" },
      safetyThresholds: { maxDestructive: 50 },
    });
    expect(JSON.stringify(saved)).not.toMatch(/bind-pw|init-pw/);
    const [raw] = await t.db.select().from(directorySettings);
    expect(JSON.stringify(raw)).not.toMatch(/bind-pw|init-pw/);

    const updated = await t.repos.directorySettings.save({
      departedUserPolicy: "delete",
      initialPassword: null,
    });
    expect(updated).toMatchObject({
      connection,
      departedUserPolicy: "delete",
      hasInitialPassword: false,
    });
    expect(await t.repos.directorySettings.getWithSecrets()).toMatchObject({
      bindPassword: "bind-pw-123",
      initialPassword: undefined,
    });
  });
}
