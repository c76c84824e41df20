import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import type { SafetyThresholds, SourceSnapshot } from "@orgsync/core";
import { type Slapd, startSlapd } from "@orgsync/ldap/testing";
import { feishuProviderPlugin } from "@orgsync/provider-feishu";
import { type RunningFeishuSandbox, startFeishuSandbox } from "@orgsync/provider-feishu/sandbox";
import { afterAll, beforeAll } from "vitest";
import { serviceConfigFromEnvironment } from "../../src/container/service-config.ts";
import { Tokens } from "../../src/container/tokens.ts";
import type { EventIngest } from "../../src/events/event-ingest.ts";
import { eventRoutes } from "../../src/events/event-routes.ts";
import { createLogger } from "../../src/logging/logger.ts";
import type { Repositories } from "../../src/repositories/index.ts";
import type { ProviderRecord } from "../../src/repositories/providers.ts";
import type { RunRecord } from "../../src/repositories/runs.ts";
import type { RunService } from "../../src/runs/run-service.ts";
import { type ListeningServer, listen } from "../../src/server.ts";
import { type OrgsyncService, type StartServiceOptions, startService } from "../../src/service.ts";
import type { DatabaseKind, TestDatabaseHandle } from "../databases.ts";
import { createFastTestDatabase } from "../harness/pglite-template.ts";
import { FAST_FEISHU_RETRY, INITIAL_PASSWORD } from "../harness/sync-environment.ts";

/**
 * Events end to end, real parts only: slapd, the service (PGlite or PostgreSQL) behind a real
 * HTTP port with the event route mounted, and the Feishu sandbox pushing signed, encrypted
 * contact events to that port — a Feishu app configured with the service's webhook URL.
 */

export const ENCRYPT_KEY = "sandbox-encrypt-key-9f3a";
export const VERIFICATION_TOKEN = "sandbox-verification-token-77c1";
export const PUBLIC_URL = "https://orgsync.example.test";
const ADMIN = { username: "admin", password: "correct-horse-battery" };

export interface EventEnvironmentOptions {
  org: SourceSnapshot;
  /** The directory's safety thresholds. @default {} */
  safety?: SafetyThresholds;
  /** Event coalescing timings. @default the service's (quiet 0.5 s, at most 10 s) */
  ingest?: StartServiceOptions["eventIngestOptions"];
}

export interface EventEnvironment {
  readonly slapd: Slapd;
  readonly sandbox: RunningFeishuSandbox;
  readonly service: OrgsyncService;
  readonly server: ListeningServer;
  readonly repositories: Repositories;
  readonly runService: RunService;
  readonly ingest: EventIngest;
  /** The Feishu provider (flag `feishu`) with its event secrets and default relations. */
  readonly provider: ProviderRecord;
  /** `ou=people,<base>`. */
  readonly usersDn: string;
  /** Every log line's raw text, to search for secrets. */
  logText(): string;
  /** GraphQL through `yoga.fetch`, logged in as the bootstrap admin; fails on errors. */
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** POSTs a body to `/events/<flag>` on the service's real port. */
  post(
    flag: string,
    body: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: string }>;
  /** The provider's runs, oldest first. */
  runs(): Promise<RunRecord[]>;
  /** Waits until `done(runs)` holds (polling), returning the runs. */
  waitForRuns(done: (runs: RunRecord[]) => boolean, timeoutMs?: number): Promise<RunRecord[]>;
}

export function useEventEnvironment(
  kind: DatabaseKind,
  options: EventEnvironmentOptions,
): EventEnvironment {
  const state: Partial<Record<keyof EventEnvironment, unknown>> = {};
  const lines: string[] = [];
  let handle: TestDatabaseHandle | undefined;
  let token: string | undefined;

  beforeAll(async () => {
    let slapd: Slapd;
    [slapd, handle] = await Promise.all([
      startSlapd({ orgsyncSchema: true }),
      createFastTestDatabase(kind),
    ]);
    state.slapd = slapd;
    const env = {
      ORGSYNC_ADMIN_USERNAME: ADMIN.username,
      ORGSYNC_ADMIN_PASSWORD: ADMIN.password,
      ORGSYNC_SECRET_KEY: randomBytes(32).toString("base64"),
      ORGSYNC_PUBLIC_URL: `${PUBLIC_URL}/`,
      ...(handle.location.databaseUrl ? { DATABASE_URL: handle.location.databaseUrl } : {}),
      ...(handle.location.dataDir ? { ORGSYNC_DATA_DIR: handle.location.dataDir } : {}),
    };
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const service = await startService({
      config: serviceConfigFromEnvironment(env),
      env,
      logger: createLogger({ level: "debug", destination }),
      repositoryOptions: { scrypt: { logN: 10, r: 8, p: 1 } },
      ...(options.ingest ? { eventIngestOptions: options.ingest } : {}),
    });
    state.service = service;
    const server = await listen(service, { port: 0, routes: [eventRoutes] });
    state.server = server;
    const sandbox = await startFeishuSandbox({
      org: options.org,
      events: {
        url: `${server.url}/events/feishu`,
        encryptKey: ENCRYPT_KEY,
        verificationToken: VERIFICATION_TOKEN,
      },
    });
    state.sandbox = sandbox;

    const repositories = service.container.resolve(Tokens.Repositories);
    state.repositories = repositories;
    state.runService = service.container.resolve(Tokens.RunService);
    state.ingest = service.container.resolve(Tokens.EventIngest);
    state.usersDn = `ou=people,${slapd.baseDn}`;
    await repositories.directorySettings.save({
      connection: { url: slapd.url, bindDn: slapd.adminDn, baseDn: slapd.baseDn },
      bindPassword: slapd.adminPassword,
      passwordPolicy: { mode: "initial" },
      initialPassword: INITIAL_PASSWORD,
      departedUserPolicy: "disable",
      safetyThresholds: options.safety ?? {},
      defaultEmailSuffix: "example.com",
      updatedBy: "test",
    });
    const provider = await repositories.providers.create({
      kind: "feishu",
      flag: "feishu",
      name: "Feishu sandbox",
      config: {
        appId: sandbox.app.appId,
        appSecret: sandbox.app.appSecret,
        domain: sandbox.url,
        retry: FAST_FEISHU_RETRY,
        encryptKey: ENCRYPT_KEY,
        verificationToken: VERIFICATION_TOKEN,
      },
      secretFields: feishuProviderPlugin.secretFields,
    });
    state.provider = provider;
    const defaults = feishuProviderPlugin.defaultFieldRelations;
    await repositories.fieldRelations.set(provider.id, "group", defaults.group);
    await repositories.fieldRelations.set(provider.id, "user", defaults.user);
  }, 90_000);

  afterAll(async () => {
    const steps = [
      () => (state.sandbox as RunningFeishuSandbox | undefined)?.close(),
      () => (state.server as ListeningServer | undefined)?.close(),
      () => (state.service as OrgsyncService | undefined)?.close(),
      () => (state.slapd as Slapd | undefined)?.stop(),
      () => handle?.dispose(),
    ];
    for (const step of steps) await Promise.resolve(step()).catch(() => {});
  }, 60_000);

  const required = <K extends keyof EventEnvironment>(key: K): EventEnvironment[K] => {
    const value = state[key];
    if (value === undefined) throw new Error(`event environment: ${key} used before beforeAll`);
    return value as EventEnvironment[K];
  };

  async function fetchGql<T>(query: string, variables: Record<string, unknown>, bearer?: string) {
    const response = await required("service").yoga.fetch("http://orgsync.test/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (!body.data || body.errors?.length) {
      throw new Error(`GraphQL request failed: ${JSON.stringify(body)}`);
    }
    return body.data;
  }

  const environment: EventEnvironment = {
    get slapd() {
      return required("slapd");
    },
    get sandbox() {
      return required("sandbox");
    },
    get service() {
      return required("service");
    },
    get server() {
      return required("server");
    },
    get repositories() {
      return required("repositories");
    },
    get runService() {
      return required("runService");
    },
    get ingest() {
      return required("ingest");
    },
    get provider() {
      return required("provider");
    },
    get usersDn() {
      return required("usersDn");
    },
    logText: () => lines.join(""),
    async gql<T>(query: string, variables: Record<string, unknown> = {}) {
      if (!token) {
        const login = await fetchGql<{ login: { token: string } }>(
          `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { ... on LoginPayload { token } } }`,
          { u: ADMIN.username, p: ADMIN.password },
        );
        token = login.login.token;
      }
      return fetchGql<T>(query, variables, token);
    },
    async post(flag, body, headers = {}) {
      const response = await fetch(`${required("server").url}/events/${flag}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });
      return { status: response.status, body: await response.text() };
    },
    async runs() {
      const page = await required("runService").list({
        providerId: required("provider").id,
        first: 1000,
      });
      return [...page.items].reverse();
    },
    async waitForRuns(done, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const runs = await environment.runs();
        if (done(runs)) return runs;
        if (Date.now() > deadline) {
          throw new Error(
            `event environment: runs not as expected after ${timeoutMs} ms: ${JSON.stringify(
              runs.map((run) => ({
                trigger: run.trigger,
                status: run.status,
                targets: run.targets,
              })),
            )}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
  return environment;
}

/** Whether the run ended (any terminal status). */
export const finished = (run: RunRecord | undefined): run is RunRecord =>
  run !== undefined && ["succeeded", "failed", "cancelled", "interrupted"].includes(run.status);

/** The runs an event started. */
export const eventRuns = (runs: readonly RunRecord[]) =>
  runs.filter((run) => run.trigger === "event");
