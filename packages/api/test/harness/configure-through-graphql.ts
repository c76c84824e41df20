import type { Slapd } from "@orgsync/ldap/testing";
import type { RunningFeishuSandbox } from "@orgsync/provider-feishu/sandbox";
import { FAST_FEISHU_RETRY } from "./sync-environment.ts";

/** Sends one GraphQL operation as a logged-in admin and returns its data (failing otherwise). */
export type GraphQLData = <T = Record<string, unknown>>(
  query: string,
  variables?: Record<string, unknown>,
) => Promise<T>;

export interface ConfigureOptions {
  slapd: Slapd;
  sandbox: RunningFeishuSandbox;
  /**
   * More directory settings (`DirectorySettingsInput` fields).
   * @default { passwordMode: "random" }
   */
  directory?: Record<string, unknown>;
  /**
   * More provider configuration, merged over the sandbox's domain and app credentials.
   * @default { retry: FAST_FEISHU_RETRY }
   */
  providerConfig?: Record<string, unknown>;
}

/**
 * What an admin does first, through GraphQL: the directory pointed at `slapd`, a Feishu provider
 * (flag `feishu`) pointed at `sandbox`, and its default field relations. Returns the provider id.
 */
export async function configureThroughGraphQL(
  data: GraphQLData,
  {
    slapd,
    sandbox,
    directory = { passwordMode: "random" },
    providerConfig = { retry: FAST_FEISHU_RETRY },
  }: ConfigureOptions,
): Promise<string> {
  const saved = await data<{ updateDirectorySettings: { __typename: string; message?: string } }>(
    `mutation($input: DirectorySettingsInput!) {
      updateDirectorySettings(input: $input) { __typename ... on Error { message } }
    }`,
    {
      input: {
        connection: { url: slapd.url, bindDn: slapd.adminDn, baseDn: slapd.baseDn },
        bindPassword: slapd.adminPassword,
        ...directory,
      },
    },
  );
  if (saved.updateDirectorySettings.__typename !== "DirectorySettingsUpdate") {
    throw new Error(`directory settings refused: ${JSON.stringify(saved)}`);
  }
  const created = await data<{
    createProvider: { __typename: string; provider?: { id: string }; message?: string };
  }>(
    `mutation($input: CreateProviderInput!) {
      createProvider(input: $input) {
        __typename ... on ProviderChange { provider { id } } ... on Error { message }
      }
    }`,
    {
      input: {
        kind: "feishu",
        name: "Feishu",
        flag: "feishu",
        config: {
          appId: sandbox.app.appId,
          appSecret: sandbox.app.appSecret,
          domain: sandbox.url,
          ...providerConfig,
        },
      },
    },
  );
  const providerId = created.createProvider.provider?.id;
  if (!providerId) throw new Error(`provider refused: ${JSON.stringify(created)}`);
  await data(
    `mutation($id: ID!) { resetFieldRelations(providerId: $id, kind: both) { __typename } }`,
    { id: providerId },
  );
  return providerId;
}
