import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { afterAll, beforeAll } from "vitest";
import { serviceConfigFromEnvironment } from "../../src/container/service-config.ts";
import { SERVICE_ROUTES } from "../../src/http/service-routes.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { type ListeningServer, listen } from "../../src/server.ts";
import { type OrgsyncService, startService } from "../../src/service.ts";
import type { DatabaseKind, TestDatabaseHandle } from "../databases.ts";
import { createFastTestDatabase } from "../harness/pglite-template.ts";

export const ADMIN = { username: "admin", password: "correct-horse-battery" } as const;

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface TestService {
  readonly service: OrgsyncService;
  /** Every log line the service wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  /** The raw log text, to search for secrets. */
  logText(): string;
  /** A GraphQL request through `yoga.fetch` (no network), as `token`'s admin when given. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  /** Logs in as the bootstrap admin and returns the token. */
  login(): Promise<string>;
  /** Starts an HTTP server in front of the service on a free port, with every service route. */
  listen(): Promise<ListeningServer>;
  /** The database location, to open a second service on it. */
  readonly location: TestDatabaseHandle["location"];
  readonly secretKey: string;
}

export interface TestServiceOptions {
  /** Start the job runner. @default true */
  runJobs?: boolean;
  /** Create `ADMIN` from the environment at start; without it the first client calls `setup`. @default true */
  bootstrapAdmin?: boolean;
  /** More environment for the service (`ORGSYNC_ADMIN_DIR`…). */
  env?: Record<string, string>;
}

/**
 * A whole service on a fresh database of `kind` for the enclosing `describe`: migrations,
 * the bootstrap admin, the job runner, and its logs captured. Real parts all the way; only
 * the scrypt cost is lowered (the suites test logic, not password hashing cost).
 */
export function useTestService(kind: DatabaseKind, options: TestServiceOptions = {}): TestService {
  let handle: TestDatabaseHandle | undefined;
  let service: OrgsyncService | undefined;
  const servers: ListeningServer[] = [];
  const lines: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const secretKey = randomBytes(32).toString("base64");

  beforeAll(async () => {
    handle = await createFastTestDatabase(kind);
    const destination = new Writable({
      write(chunk, _encoding, done) {
        const text = String(chunk);
        lines.push(text);
        for (const line of text.split("\n").filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    });
    const env = {
      ...(options.bootstrapAdmin === false
        ? {}
        : { ORGSYNC_ADMIN_USERNAME: ADMIN.username, ORGSYNC_ADMIN_PASSWORD: ADMIN.password }),
      ORGSYNC_SECRET_KEY: secretKey,
      ...(handle.location.databaseUrl ? { DATABASE_URL: handle.location.databaseUrl } : {}),
      ...(handle.location.dataDir ? { ORGSYNC_DATA_DIR: handle.location.dataDir } : {}),
      ...options.env,
    };
    service = await startService({
      config: serviceConfigFromEnvironment(env),
      env,
      logger: createLogger({ level: "debug", destination }),
      repositoryOptions: { scrypt: { logN: 10, r: 8, p: 1 } },
      runJobs: options.runJobs ?? true,
    });
  }, 60_000);

  afterAll(async () => {
    for (const server of servers) await server.close();
    await service?.close();
    await handle?.dispose();
  }, 60_000);

  const required = () => {
    if (!service) throw new Error("test service: used before beforeAll ran");
    return service;
  };

  const harness: TestService = {
    get service() {
      return required();
    },
    logs,
    logText: () => lines.join(""),
    async gql(query, variables = {}, token) {
      const response = await required().yoga.fetch("http://orgsync.test/graphql", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, "status" | "headers">;
      return { status: response.status, headers: response.headers, ...body } as never;
    },
    async login() {
      const result = await harness.gql<{ login: { __typename: string; token?: string } }>(
        `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { __typename ... on LoginPayload { token } } }`,
        { u: ADMIN.username, p: ADMIN.password },
      );
      const token = result.data?.login.token;
      if (!token) throw new Error(`test service: login failed: ${JSON.stringify(result)}`);
      return token;
    },
    async listen() {
      const server = await listen(required(), { port: 0, routes: SERVICE_ROUTES });
      servers.push(server);
      return server;
    },
    get location() {
      if (!handle) throw new Error("test service: used before beforeAll ran");
      return handle.location;
    },
    secretKey,
  };
  return harness;
}
