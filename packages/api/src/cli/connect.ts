import { CliError, EXIT } from "./exit-codes.ts";
import { GraphQLHttpClient } from "./graphql-client.ts";

export interface ConnectOptions {
  /** Default: `ORGSYNC_URL`, else `http://127.0.0.1:4000`. */
  url?: string;
  env?: Record<string, string | undefined>;
}

/**
 * A logged-in client for the running service: `ORGSYNC_TOKEN` when set, else a login with
 * `ORGSYNC_ADMIN_USERNAME` / `ORGSYNC_ADMIN_PASSWORD` (the same variables `serve` reads).
 */
export async function connect(options: ConnectOptions = {}): Promise<GraphQLHttpClient> {
  const env = options.env ?? process.env;
  const url = (options.url ?? env.ORGSYNC_URL ?? "http://127.0.0.1:4000").replace(/\/+$/, "");
  const client = new GraphQLHttpClient(url);
  if (env.ORGSYNC_TOKEN) {
    client.token = env.ORGSYNC_TOKEN;
    return client;
  }
  const username = env.ORGSYNC_ADMIN_USERNAME;
  const password = env.ORGSYNC_ADMIN_PASSWORD;
  if (!username || !password) {
    throw new CliError(
      "orgsync: set ORGSYNC_TOKEN, or ORGSYNC_ADMIN_USERNAME and ORGSYNC_ADMIN_PASSWORD, to log in to the service",
      EXIT.usage,
    );
  }
  let result: Awaited<
    ReturnType<
      typeof client.request<{ login: { __typename: string; token?: string; message?: string } }>
    >
  >;
  try {
    result = await client.request(
      `mutation($u: String!, $p: String!) {
        login(username: $u, password: $p) { __typename ... on LoginPayload { token } ... on Error { message } }
      }`,
      { u: username, p: password },
    );
  } catch (error) {
    throw new CliError(
      `orgsync: cannot reach the service at ${url} (${(error as Error).message}); start it with \`orgsync serve\` or set ORGSYNC_URL`,
      EXIT.unavailable,
    );
  }
  const token = result.data?.login.token;
  if (!token) {
    throw new CliError(
      `orgsync: login refused: ${result.data?.login.message ?? result.body}`,
      EXIT.unavailable,
    );
  }
  client.token = token;
  return client;
}

/** The provider id for a flag, or a usage error listing the flags that exist. */
export async function providerIdOf(client: GraphQLHttpClient, flag: string): Promise<string> {
  const { providers } = await client.data<{ providers: { id: string; flag: string }[] }>(
    "{ providers { id flag } }",
  );
  const found = providers.find((provider) => provider.flag === flag);
  if (!found) {
    const known = providers.map((provider) => provider.flag).join(", ") || "none yet";
    throw new CliError(
      `orgsync: no provider with flag "${flag}" (providers: ${known})`,
      EXIT.usage,
    );
  }
  return found.id;
}
