import { beforeAll, describe, expect, it } from "vitest";
import { useTestService } from "../service/test-service.ts";

/**
 * `Provider.secretsSet`: the admin form says "Set" or "Not set" per secret field, so the API
 * names the stored secrets — and only names them: no value may ever come back.
 */

const APP_SECRET = "app-secret-9c1e";
const ENCRYPT_KEY = "encrypt-key-4b7d";
const VERIFICATION_TOKEN = "verification-token-2a8f";

const PROVIDER = "id flag hasSecrets secretsSet config";

const CREATE = `mutation($input: CreateProviderInput!) {
  createProvider(input: $input) {
    __typename
    ... on ProviderChange { provider { ${PROVIDER} } }
    ... on Error { message }
  }
}`;

const UPDATE = `mutation($id: ID!, $input: UpdateProviderInput!) {
  updateProvider(id: $id, input: $input) {
    __typename
    ... on ProviderChange { provider { ${PROVIDER} } }
    ... on Error { message }
  }
}`;

const READ = `query($id: ID!) { provider(id: $id) { ${PROVIDER} } providers { ${PROVIDER} } }`;

interface ProviderResult {
  id: string;
  hasSecrets: boolean;
  secretsSet: string[];
  config: Record<string, unknown>;
}

interface ChangeResult {
  __typename: string;
  message?: string;
  provider?: ProviderResult;
}

describe("Provider.secretsSet", () => {
  const t = useTestService("pglite", { runJobs: false });
  let token: string;

  beforeAll(async () => {
    token = await t.login();
  });

  /** Nothing the API answers may contain a secret's value, whatever the field. */
  function expectNoSecretValue(response: unknown): void {
    const text = JSON.stringify(response);
    for (const value of [APP_SECRET, ENCRYPT_KEY, VERIFICATION_TOKEN]) {
      expect(text).not.toContain(value);
    }
  }

  async function change(query: string, variables: Record<string, unknown>, field: string) {
    const result = await t.gql<Record<string, ChangeResult>>(query, variables, token);
    expect(result.errors).toBeUndefined();
    expectNoSecretValue(result);
    const answer = result.data?.[field] as ChangeResult;
    expect(answer.__typename, answer.message).toBe("ProviderChange");
    return answer.provider as ProviderResult;
  }

  async function read(id: string) {
    const result = await t.gql<{ provider: ProviderResult; providers: ProviderResult[] }>(
      READ,
      { id },
      token,
    );
    expect(result.errors).toBeUndefined();
    expectNoSecretValue(result);
    const listed = result.data?.providers.find((provider) => provider.id === id);
    // The list and the single read agree.
    expect(listed?.secretsSet).toEqual(result.data?.provider.secretsSet);
    return result.data?.provider as ProviderResult;
  }

  const create = (flag: string, config: Record<string, unknown>) =>
    change(
      CREATE,
      { input: { kind: "feishu", name: flag, flag, config, verify: false } },
      "createProvider",
    );

  const update = (id: string, config: Record<string, unknown>) =>
    change(UPDATE, { id, input: { config, verify: false } }, "updateProvider");

  it("names appSecret after a create with it, and only it", async () => {
    const created = await create("feishu_a", { appId: "cli_a", appSecret: APP_SECRET });
    expect(created.secretsSet).toEqual(["appSecret"]);
    expect(created.hasSecrets).toBe(true);
    expect(created.config).toEqual({ appId: "cli_a" });
    expect((await read(created.id)).secretsSet).toEqual(["appSecret"]);
  });

  it("lists an optional secret once set and no longer once cleared with null", async () => {
    const { id } = await create("feishu_b", { appId: "cli_b", appSecret: APP_SECRET });

    const withOptional = await update(id, {
      appId: "cli_b",
      encryptKey: ENCRYPT_KEY,
      verificationToken: VERIFICATION_TOKEN,
    });
    // In the plugin's order; the omitted appSecret kept its value.
    expect(withOptional.secretsSet).toEqual(["appSecret", "encryptKey", "verificationToken"]);
    expect((await read(id)).secretsSet).toEqual(["appSecret", "encryptKey", "verificationToken"]);

    const cleared = await update(id, { appId: "cli_b", encryptKey: null });
    expect(cleared.secretsSet).toEqual(["appSecret", "verificationToken"]);
    expect((await read(id)).secretsSet).toEqual(["appSecret", "verificationToken"]);

    const onlyRequired = await update(id, { appId: "cli_b", verificationToken: null });
    expect(onlyRequired.secretsSet).toEqual(["appSecret"]);
    expect((await read(id)).secretsSet).toEqual(["appSecret"]);
  });
});
