import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { request as httpRequest } from "node:http";
import type { SourceSnapshot } from "@orgsync/core";
import { type LdifEntry, type Slapd, startSlapd } from "@orgsync/ldap/testing";
import { type RunningFeishuSandbox, startFeishuSandbox } from "@orgsync/provider-feishu/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabaseHandle } from "../databases.ts";
import { configureThroughGraphQL } from "../harness/configure-through-graphql.ts";
import { createFastTestDatabase } from "../harness/pglite-template.ts";
import { type ServiceProcess, spawnService } from "../harness/service-process.ts";
import { FAST_FEISHU_RETRY, smallOrg } from "../harness/sync-environment.ts";

/**
 * The deployed service (`src/bin/serve.ts` in its own process, PGlite, a real slapd, the Feishu
 * sandbox) against an attacker and against hostile data:
 *
 * - without a session, nothing but login/setup/me answers — queries, mutations, introspection,
 *   GET queries, SSE subscriptions — and forged IM event callbacks queue nothing;
 * - no secret (bind password, app secret, event keys, initial password, admin password,
 *   ORGSYNC_SECRET_KEY, wrong passwords tried) appears in any response body or any line the
 *   process printed, at log level trace, through a full sync, failing syncs, failing connection
 *   tests, an import dry run and every read the API offers;
 * - names made of LDAP filter and DN syntax land as literal values, each in exactly one entry,
 *   touching nothing else; searches and entry reads with such text match only the literal text
 *   and never leave the provider's subtrees;
 * - a depth bomb, a token flood and an oversized body are refused and the service still answers;
 * - password guessing is throttled per username and per address, the right password included,
 *   and the throttle survives a restart (it lives in the database).
 *
 * The in-process suites (`test/graphql/auth.test.ts`, `limits.test.ts`) prove the rules on
 * `yoga.fetch`; this file proves them on the real HTTP front and its logs. Tests run in order
 * and share one service; the secrecy check comes last so it covers everything before it.
 */

/** 24 hex digits: long enough that finding any 12 of them in a log can only be a leak. */
const hex = () => randomBytes(12).toString("hex");
const ADMIN_PASSWORD = `admin-pw-${hex()}`;
const BIND_PASSWORD = `bind-pw-${hex()}`;
const APP_SECRET = `app-secret-${hex()}`;
const ENCRYPT_KEY = `encrypt-key-${hex()}`;
const VERIFICATION_TOKEN = `verification-token-${hex()}`;
const INITIAL_PASSWORD = `Init-Pw-${hex()}`;
const SECRET_KEY_BYTES = randomBytes(32);
const SECRET_KEY = SECRET_KEY_BYTES.toString("base64");
/** Wrong values an admin (or attacker) typed: they must not be echoed or logged either. */
const WRONG_BIND_PASSWORD = `wrong-bind-pw-${hex()}`;
const WRONG_APP_SECRET = `wrong-app-secret-${hex()}`;
const IMPORTED_BIND_PASSWORD = `imported-bind-pw-${hex()}`;
const IMPORTED_APP_SECRET = `imported-app-secret-${hex()}`;
const GUESSES = Array.from({ length: 5 }, () => `guess-${hex()}`);

const SECRETS: Record<string, string> = {
  ADMIN_PASSWORD,
  BIND_PASSWORD,
  APP_SECRET,
  ENCRYPT_KEY,
  VERIFICATION_TOKEN,
  INITIAL_PASSWORD,
  SECRET_KEY,
  SECRET_KEY_HEX: SECRET_KEY_BYTES.toString("hex"),
  SECRET_KEY_BASE64URL: SECRET_KEY_BYTES.toString("base64url"),
  WRONG_BIND_PASSWORD,
  WRONG_APP_SECRET,
  IMPORTED_BIND_PASSWORD,
  IMPORTED_APP_SECRET,
  ...Object.fromEntries(GUESSES.map((guess, n) => [`GUESS_${n + 1}`, guess])),
};

/** Each secret, and each half of its random part, so a partly masked secret counts too. */
function needles(): { name: string; text: string }[] {
  return Object.entries(SECRETS).flatMap(([name, secret]) => {
    const random = /[0-9a-f]{24}$/.exec(secret)?.[0];
    const halves = random ? [random.slice(0, 12), random.slice(12)] : [];
    return [secret, ...halves].map((text) => ({ name, text }));
  });
}

/** Names made of LDAP filter and DN syntax, for departments and people alike. */
const HOSTILE_NAMES = [
  "*)(uid=*",
  "admin)(|(objectClass=*",
  "cn=admin,dc=example,dc=com",
  "x,ou=people,dc=example,dc=com",
  "\\2a",
];

/** `smallOrg` plus one department and one person per hostile name (the person in it). */
function hostileOrg(): SourceSnapshot {
  const base = smallOrg(6, 3, 11);
  const template = base.users[0] as SourceSnapshot["users"][number];
  const departmentTemplate = base.departments[0] as SourceSnapshot["departments"][number];
  const departments = HOSTILE_NAMES.map((name, n) => ({
    id: `od-hostile${n}`,
    parentId: "0",
    name,
    order: 100 + n,
    raw: {
      ...departmentTemplate.raw,
      name,
      i18n_name: { zh_cn: name, en_us: "" },
      parent_department_id: "0",
      department_id: `DH${n}`,
      open_department_id: `od-hostile${n}`,
      leader_user_id: "",
      order: String(100 + n),
      member_count: 1,
    },
  }));
  const users = HOSTILE_NAMES.map((name, n) => ({
    id: `ou_hostile${n}`,
    name,
    departmentIds: [`od-hostile${n}`],
    primaryDepartmentId: `od-hostile${n}`,
    status: "active" as const,
    raw: {
      ...template.raw,
      name,
      en_name: "",
      open_id: `ou_hostile${n}`,
      union_id: `on_hostile${n}`,
      user_id: `hostile${n}`,
      email: `hostile${n}@example.com`,
      employee_no: `H00000${n}`,
      department_ids: [`od-hostile${n}`],
    },
  }));
  return {
    departments: [...base.departments, ...departments],
    users: [...base.users, ...users],
  };
}

/** RFC 4515 escaping, written here so the check does not trust the product's own. */
const filterValue = (value: string) =>
  value.replace(/[\\*()\0]/g, (char) => `\\${char.charCodeAt(0).toString(16).padStart(2, "0")}`);

const first = (entry: LdifEntry, attribute: string) => entry.attributes[attribute]?.[0];

const LOGIN = `mutation($u: String!, $p: String!) {
  login(username: $u, password: $p) {
    __typename
    ... on LoginPayload { token }
    ... on TooManyLoginAttemptsError { retryAfterSeconds }
    ... on Error { message }
  }
}`;

const RUN = `id status error progress { done total } counts { op outcome count }`;

interface Answer<T> {
  status: number;
  body: string;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

interface Run {
  id: string;
  status: string;
  error: string | null;
}

describe("the deployed service against an attacker and hostile names", () => {
  const org = hostileOrg();
  let database: TestDatabaseHandle;
  let slapd: Slapd;
  let sandbox: RunningFeishuSandbox;
  let env: Record<string, string>;
  /** The running service; replaced by the restart in the throttling test. */
  let service: ServiceProcess;
  const services: ServiceProcess[] = [];
  /**
   * What the processes printed besides `service.logs` (JSON lines only): stderr and stdout as
   * text, from the moment each listened (the harness reads stdout before that).
   */
  const printed: string[] = [];
  /** Every response body (and header value) the service answered. */
  const answered: string[] = [];
  let token: string;
  let providerId: string;
  let usersDn: string;
  let groupRootDn: string;
  /** The entries orgsync must never touch, as slapd held them before the first sync. */
  let bystandersBefore: LdifEntry[];
  /** Failed logins from this test's address so far (the per-address limit counts them all). */
  let failedLogins = 0;

  const BYSTANDERS = (base: string) => [
    `cn=admin,${base}`,
    `uid=admin,ou=people,${base}`,
    `ou=people,${base}`,
    base,
  ];

  async function start(): Promise<void> {
    service = await spawnService(env);
    services.push(service);
    service.child.stderr?.on("data", (chunk: Buffer) => printed.push(chunk.toString()));
    service.child.stdout?.on("data", (chunk: Buffer) => printed.push(chunk.toString()));
  }

  async function http(path: string, init: RequestInit = {}) {
    const response = await fetch(`${service.url}${path}`, init);
    const body = await response.text();
    answered.push(body);
    for (const [, value] of response.headers) answered.push(value);
    return { status: response.status, body, headers: response.headers };
  }

  /** One GraphQL operation over HTTP; `as: null` sends it without a session. */
  async function gql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    options: { as?: string | null; headers?: Record<string, string>; operationName?: string } = {},
  ): Promise<Answer<T>> {
    const bearer = options.as === undefined ? token : options.as;
    const response = await http("/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query, variables, operationName: options.operationName }),
    });
    return { status: response.status, body: response.body, ...JSON.parse(response.body) };
  }

  /** As the admin, failing on any error. */
  async function data<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> {
    const answer = await gql<T>(query, variables);
    if (answer.errors?.length || !answer.data) throw new Error(`GraphQL failed: ${answer.body}`);
    return answer.data;
  }

  /**
   * A subscription over server-sent events (POST, or GET with the operation in the URL), read
   * until the server completes the stream.
   */
  async function sse(
    query: string,
    variables: Record<string, unknown>,
    options: { as: string | null; method?: "GET" | "POST" },
  ) {
    const headers = {
      accept: "text/event-stream",
      ...(options.as ? { authorization: `Bearer ${options.as}` } : {}),
    };
    const signal = AbortSignal.timeout(15_000);
    const response =
      options.method === "GET"
        ? await fetch(
            `${service.url}/graphql?${new URLSearchParams({ query, variables: JSON.stringify(variables) })}`,
            { headers, signal },
          )
        : await fetch(`${service.url}/graphql`, {
            method: "POST",
            headers: { ...headers, "content-type": "application/json" },
            body: JSON.stringify({ query, variables }),
            signal,
          });
    const body = await response.text();
    answered.push(body);
    const events = [...body.matchAll(/^event: next\ndata: (.*)$/gm)].map(
      (match) => JSON.parse(match[1] as string) as Answer<Record<string, unknown>>,
    );
    return { status: response.status, events, completed: /^event: complete$/m.test(body) };
  }

  /**
   * A POST to /graphql on a connection of its own: `before`, then `fillBytes` of "a" in 1 MB
   * chunks. With `declareLength`, the Content-Length announces them but only `before` is sent:
   * the service must refuse on the announcement alone. Without it, the body is chunked and sent
   * until the service answers. Status 0: the connection broke before an answer arrived.
   */
  function upload(options: {
    before: string;
    fillBytes: number;
    headers?: Record<string, string>;
    declareLength: boolean;
  }): Promise<{ status: number; body: string }> {
    const { before, fillBytes } = options;
    return new Promise((resolve) => {
      let done = false;
      const request = httpRequest(`${service.url}/graphql`, {
        method: "POST",
        agent: false,
        headers: {
          "content-type": "application/json",
          ...options.headers,
          ...(options.declareLength ? { "content-length": String(before.length + fillBytes) } : {}),
        },
      });
      const finish = (result: { status: number; body: string }) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        request.destroy();
        resolve(result);
      };
      const timer = setTimeout(() => finish({ status: -1, body: "no answer in 30 s" }), 30_000);
      request.on("response", (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          body += chunk;
        });
        response.on("end", () => {
          answered.push(body);
          finish({ status: response.statusCode ?? 0, body });
        });
      });
      request.on("error", (error: NodeJS.ErrnoException) =>
        finish({ status: 0, body: error.code ?? error.message }),
      );
      request.write(before);
      if (options.declareLength) return;
      const chunk = Buffer.alloc(1_000_000, "a");
      void (async () => {
        for (let sent = 0; sent < fillBytes && !done; sent += chunk.length) {
          if (!request.write(chunk)) await once(request, "drain");
        }
      })().catch(() => {});
    });
  }

  async function login(username: string, password: string) {
    const answer = await gql<{
      login: { __typename: string; token?: string; retryAfterSeconds?: number };
    }>(LOGIN, { u: username, p: password }, { as: null });
    const result = answer.data?.login;
    if (result?.__typename === "InvalidCredentialsError") failedLogins++;
    return result;
  }

  async function runsCount(): Promise<number> {
    const { runs } = await data<{ runs: { nodes: unknown[] } }>(
      `{ runs(first: 1000) { ... on RunPage { nodes { id } } } }`,
    );
    return runs.nodes.length;
  }

  async function syncToEnd(): Promise<Run> {
    const started = await data<{ runSync: Run & { __typename: string } }>(
      `mutation($id: ID!) { runSync(providerId: $id, scope: ALL) { __typename ... on Run { id } } }`,
      { id: providerId },
    );
    expect(started.runSync.__typename).toBe("Run");
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const { run } = await data<{ run: Run }>(`query($id: ID!) { run(id: $id) { ${RUN} } }`, {
        id: started.runSync.id,
      });
      if (!["queued", "planning", "applying"].includes(run.status)) return run;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("the run did not finish in 60 s");
  }

  beforeAll(async () => {
    [database, slapd, sandbox] = await Promise.all([
      createFastTestDatabase("pglite"),
      startSlapd({ orgsyncSchema: true, adminPassword: BIND_PASSWORD }),
      startFeishuSandbox({ org, app: { appId: "cli_security", appSecret: APP_SECRET } }),
    ]);
    usersDn = `ou=people,${slapd.baseDn}`;
    groupRootDn = `ou=feishuroot,${slapd.baseDn}`;
    // Entries orgsync does not own, named like the injections aim at.
    await slapd.ldapadd(
      [
        `dn: cn=admin,${slapd.baseDn}`,
        "objectClass: organizationalRole",
        "cn: admin",
        "description: the directory manager",
        "",
        `dn: ${usersDn}`,
        "objectClass: organizationalUnit",
        "ou: people",
        "",
        `dn: uid=admin,${usersDn}`,
        "objectClass: inetOrgPerson",
        "uid: admin",
        "cn: admin",
        "sn: admin",
        "mail: admin@corp.invalid",
        "",
      ].join("\n"),
    );
    bystandersBefore = await bystanders();
    env = {
      ORGSYNC_ADMIN_USERNAME: "admin",
      ORGSYNC_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ORGSYNC_SECRET_KEY: SECRET_KEY,
      // The most verbose level: what an operator turns on when debugging must not leak either.
      ORGSYNC_LOG_LEVEL: "trace",
      ORGSYNC_DATA_DIR: database.location.dataDir as string,
    };
    await start();
    const session = await login("admin", ADMIN_PASSWORD);
    token = session?.token as string;
    providerId = await configureThroughGraphQL(data, {
      slapd,
      sandbox,
      directory: {
        passwordMode: "initial",
        initialPassword: INITIAL_PASSWORD,
        // Clear text in LDAP: the API must still never show it.
        passwordScheme: "clear",
      },
    });
    const events = await data<{
      updateProvider: { __typename: string; provider: { secretsSet: string[] } };
    }>(
      `mutation($id: ID!, $input: UpdateProviderInput!) {
        updateProvider(id: $id, input: $input) {
          __typename ... on ProviderChange { provider { secretsSet } }
        }
      }`,
      {
        id: providerId,
        input: {
          config: {
            appId: sandbox.app.appId,
            domain: sandbox.url,
            retry: FAST_FEISHU_RETRY,
            encryptKey: ENCRYPT_KEY,
            verificationToken: VERIFICATION_TOKEN,
          },
        },
      },
    );
    expect(events.updateProvider.provider.secretsSet.sort()).toEqual([
      "appSecret",
      "encryptKey",
      "verificationToken",
    ]);
  }, 120_000);

  afterAll(async () => {
    for (const process of services) if (process.child.exitCode === null) await process.stop();
    await Promise.all([slapd?.stop(), sandbox?.close()]);
    await database?.dispose();
  });

  async function bystanders(): Promise<LdifEntry[]> {
    const entries = await Promise.all(
      BYSTANDERS(slapd.baseDn).map((dn) =>
        slapd.ldapsearch(dn, "(objectClass=*)", ["*", "modifyTimestamp", "entryCSN"], {
          scope: "base",
        }),
      ),
    );
    return entries.flat();
  }

  describe("names made of LDAP syntax", () => {
    it("sync, each as exactly one entry holding the literal name, and touch nothing else", {
      timeout: 60_000,
    }, async () => {
      const run = await syncToEnd();
      expect(run).toMatchObject({ status: "succeeded", error: null });

      for (const [n, name] of HOSTILE_NAMES.entries()) {
        // slapd matches the escaped literal: one entry, and it is the one anchored to the source.
        const groups = await slapd.ldapsearch(
          groupRootDn,
          `(cn=${filterValue(name)})`,
          ["cn", "description", "orgsyncAnchor", "uniqueMember"],
          { scope: "one" },
        );
        expect(groups, name).toHaveLength(1);
        const group = groups[0] as LdifEntry;
        expect(group.attributes.cn, name).toEqual([name]);
        expect(first(group, "description"), name).toBe(name);
        expect(first(group, "orgsyncAnchor"), name).toBe(`feishu:od-hostile${n}`);

        const people = await slapd.ldapsearch(
          usersDn,
          `(displayName=${filterValue(name)})`,
          ["uid", "displayName", "sn", "orgsyncAnchor"],
          { scope: "one" },
        );
        expect(people, name).toHaveLength(1);
        const person = people[0] as LdifEntry;
        expect(first(person, "orgsyncAnchor"), name).toBe(`feishu:ou_hostile${n}`);
        expect(person.attributes.sn, name).toEqual([name]);
        // The username is sanitised to letters and digits: no syntax reaches the DN.
        expect(first(person, "uid"), name).toMatch(/^[a-z0-9]+$/);
        // And the membership points at that very entry.
        expect(group.attributes.uniqueMember?.map((dn) => dn.toLowerCase())).toContain(
          person.dn.toLowerCase(),
        );
      }

      // Every source object is exactly one entry, and nothing else was created anywhere.
      const all = await slapd.ldapsearch(slapd.baseDn, "(objectClass=*)", ["orgsyncAnchor"]);
      const anchors = all.flatMap((entry) => entry.attributes.orgsyncAnchor ?? []);
      expect(anchors.sort()).toEqual(
        [
          ...org.users.map((user) => `feishu:${user.id}`),
          ...org.departments.map((department) => `feishu:${department.id}`),
        ].sort(),
      );
      const unanchored = all
        .filter((entry) => !entry.attributes.orgsyncAnchor)
        .map((entry) => entry.dn.toLowerCase());
      expect(unanchored.sort()).toEqual(
        [...BYSTANDERS(slapd.baseDn), groupRootDn].map((dn) => dn.toLowerCase()).sort(),
      );
      // The admin entry, the unmanaged account named admin, the containers: not even modified.
      expect(await bystanders()).toEqual(bystandersBefore);
    });

    it("read back as they were written: a second plan is empty", async () => {
      const { planSync } = await data<{ planSync: { status: string; counts: unknown[] } }>(
        `mutation($id: ID!) { planSync(providerId: $id, scope: ALL) { ... on Run { ${RUN} } } }`,
        { id: providerId },
      );
      expect(planSync).toMatchObject({ status: "succeeded", counts: [] });
    });
  });

  describe("directory reads with LDAP syntax in their input", () => {
    /** What a literal, case-insensitive substring search must find, asked of slapd directly. */
    async function literalMatches(query: string): Promise<string[]> {
      const users = await slapd.ldapsearch(usersDn, "(orgsyncAnchor=feishu:*)", [
        "orgsyncAnchor",
        "uid",
        "cn",
        "displayName",
        "mail",
      ]);
      const needle = query.toLowerCase();
      return users
        .filter((user) =>
          ["uid", "cn", "displayName", "mail"].some((attribute) =>
            (user.attributes[attribute] ?? []).some((value) =>
              value.toLowerCase().includes(needle),
            ),
          ),
        )
        .map((user) => first(user, "orgsyncAnchor") ?? user.dn)
        .sort();
    }

    async function search(query: string): Promise<string[]> {
      const { directoryUsers } = await data<{
        directoryUsers: { __typename: string; nodes: { anchor: string; dn: string }[] };
      }>(
        `query($id: ID!, $q: String!) {
          directoryUsers(providerId: $id, query: $q, first: 1000) {
            __typename ... on DirectoryUserSearch { nodes { anchor dn } }
          }
        }`,
        { id: providerId, q: query },
      );
      expect(directoryUsers.__typename, query).toBe("DirectoryUserSearch");
      return directoryUsers.nodes.map((node) => node.anchor ?? node.dn).sort();
    }

    it("user search matches the literal text only", async () => {
      const expected: Record<string, string[]> = {
        "*": ["feishu:ou_hostile0", "feishu:ou_hostile1"],
        "*)(uid=*": ["feishu:ou_hostile0"],
        "\\2a": ["feishu:ou_hostile4"],
        ")(objectClass=*": [],
        "dc=example,dc=com": ["feishu:ou_hostile2", "feishu:ou_hostile3"],
        // The unmanaged `uid=admin` beside them is not the provider's: never listed.
        admin: ["feishu:ou_hostile1", "feishu:ou_hostile2"],
      };
      for (const [query, anchors] of Object.entries(expected)) {
        expect(await literalMatches(query), query).toEqual(anchors);
        expect(await search(query), query).toEqual(anchors);
      }
    });

    it("entry reads refuse DNs outside the provider's subtrees, however they are spelled", async () => {
      const base = slapd.baseDn;
      const read = (dn: string) =>
        gql<{
          directoryEntry: {
            __typename: string;
            dn?: string;
            kind?: string;
            attributes?: { attribute: string; values: string[] }[];
          };
        }>(
          `query($id: ID!, $dn: String!) {
            directoryEntry(providerId: $id, dn: $dn) {
              __typename
              ... on DirectoryEntry { dn kind attributes { attribute values } }
            }
          }`,
          { id: providerId, dn },
        );
      const cases: [string, string][] = [
        [`cn=admin,${base}`, "ValidationError"],
        [base, "ValidationError"],
        // Ends with the users container as text, but the comma is escaped: its parent is the base.
        [`cn=evil\\,ou=people,${base}`, "ValidationError"],
        ["*", "ValidationError"],
        [`cn=admin,${base},${usersDn}`, "NotFoundError"],
        [`uid=*,${usersDn}`, "NotFoundError"],
        [`cn=*,${groupRootDn}`, "NotFoundError"],
      ];
      for (const [dn, typename] of cases) {
        const answer = await read(dn);
        expect(answer.errors, dn).toBeUndefined();
        expect(answer.data?.directoryEntry.__typename, dn).toBe(typename);
        expect(answer.body, dn).not.toContain("the directory manager");
      }

      // A group whose name is a DN: read by its real DN, it is that group and holds the literal.
      const [group] = await slapd.ldapsearch(
        groupRootDn,
        `(cn=${filterValue("x,ou=people,dc=example,dc=com")})`,
        ["cn"],
        { scope: "one" },
      );
      const entry = (await read(group?.dn as string)).data?.directoryEntry;
      expect(entry).toMatchObject({ __typename: "DirectoryEntry", kind: "group" });
      expect(entry?.attributes).toContainEqual({
        attribute: "description",
        values: ["x,ou=people,dc=example,dc=com"],
      });
    });

    it("browsing refuses a parent outside the provider's groups", async () => {
      for (const parentDn of [`cn=admin,${slapd.baseDn}`, usersDn, slapd.baseDn, "*"]) {
        const { directoryTree } = await data<{ directoryTree: { __typename: string } }>(
          `query($id: ID!, $p: String!) {
            directoryTree(providerId: $id, parentDn: $p) { __typename }
          }`,
          { id: providerId, p: parentDn },
        );
        expect(directoryTree.__typename, parentDn).toBe("NotFoundError");
      }
    });
  });

  describe("without a session", () => {
    it("refuses every query, mutation, introspection and subscription, and changes nothing", async () => {
      const runsBefore = await runsCount();
      const { directorySettings: settingsBefore } = await data<{ directorySettings: unknown }>(
        "{ directorySettings { updatedAt connection { bindDn } hasBindPassword } }",
      );
      const { runs } = await data<{ runs: { nodes: { id: string }[] } }>(
        "{ runs(first: 1) { ... on RunPage { nodes { id } } } }",
      );
      const runId = runs.nodes[0]?.id as string;

      const operations: [string, Record<string, unknown>, string?][] = [
        ["{ providers { id config } }", {}],
        ["{ __schema { types { name } } }", {}],
        ['{ __type(name: "Provider") { fields { name } } }', {}],
        // A public field beside a private one, or a private one aliased as a public one.
        ["{ me { username } providers { id } }", {}],
        ["{ setupRequired: providers { id } }", {}],
        [
          "query Public { me { username } } query Private { auditLog { __typename } }",
          {},
          "Private",
        ],
        ["query($id: ID!) { run(id: $id) { id status } }", { id: runId }],
        [
          "mutation($id: ID!) { runSync(providerId: $id, scope: ALL) { __typename } }",
          { id: providerId },
        ],
        [
          "mutation($i: DirectorySettingsInput!) { updateDirectorySettings(input: $i, verify: false) { __typename } }",
          {
            i: {
              bindPassword: "attacker",
              connection: { url: "ldap://attacker.invalid", bindDn: "cn=x", baseDn: "dc=x" },
            },
          },
        ],
        [
          "mutation($id: ID!) { login: testProviderConnection(id: $id) { __typename } }",
          { id: providerId },
        ],
      ];
      const forged = [
        { as: null },
        { as: "forged-token" },
        { as: null, headers: { cookie: "orgsync_session=forged-token" } },
      ];
      for (const [query, variables, operationName] of operations) {
        for (const credentials of forged) {
          const answer = await gql(query, variables, {
            ...credentials,
            ...(operationName ? { operationName } : {}),
          });
          const label = `${query} ${JSON.stringify(credentials)}`;
          expect(answer.status, label).toBe(401);
          expect(answer.errors?.[0]?.extensions?.code, label).toBe("UNAUTHENTICATED");
          expect(answer.data ?? null, label).toBeNull();
        }
      }

      // A GET query, and the run's progress stream over SSE, by POST and by GET.
      const get = await http(`/graphql?query=${encodeURIComponent("{ providers { id } }")}`);
      expect(get.status).toBe(401);
      const subscription = "subscription($id: ID!) { runProgress(id: $id) { runId status } }";
      for (const method of ["POST", "GET"] as const) {
        const stream = await sse(subscription, { id: runId }, { as: null, method });
        expect(stream.status, method).toBe(401);
        expect(
          stream.events.map((event) => event.errors?.[0]?.extensions?.code),
          method,
        ).toEqual(["UNAUTHENTICATED"]);
        expect(stream.events[0]?.data ?? null, method).toBeNull();
        // Ended at once, not left open to receive the run's events later.
        expect(stream.completed, method).toBe(true);
      }

      // A session that logged out is no session.
      const other = await login("admin", ADMIN_PASSWORD);
      await gql("mutation { logout }", {}, { as: other?.token as string });
      const afterLogout = await gql("{ providers { id } }", {}, { as: other?.token as string });
      expect(afterLogout.status).toBe(401);

      // Nothing happened: no run queued, the directory settings as they were.
      expect(await runsCount()).toBe(runsBefore);
      const { directorySettings } = await data<{ directorySettings: unknown }>(
        "{ directorySettings { updatedAt connection { bindDn } hasBindPassword } }",
      );
      expect(directorySettings).toEqual(settingsBefore);
    });

    it("refuses forged IM event callbacks, which queue no run", async () => {
      const runsBefore = await runsCount();
      const forgeries = [
        JSON.stringify({ type: "url_verification", challenge: "c", token: "forged" }),
        JSON.stringify({
          schema: "2.0",
          header: { event_type: "contact.user.created_v3", token: "forged", event_id: "e1" },
          event: { object: { open_id: "ou_forged" } },
        }),
        JSON.stringify({ encrypt: "bm90IGVuY3J5cHRlZA==" }),
      ];
      for (const body of forgeries) {
        const answer = await http("/events/feishu", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        expect(answer.status, body).toBe(400);
      }
      // The ingest would queue after a quiet second: wait past it.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await runsCount()).toBe(runsBefore);
    });
  });

  // The answers and logs of these are searched for secrets by the last test.
  describe("error paths that carry secrets", () => {
    it("a wrong bind password fails the connection test, the sync and the directory reads", {
      timeout: 60_000,
    }, async () => {
      const tested = await data<{
        testDirectoryConnection: { __typename: string; ok: boolean };
      }>(
        `mutation($d: DirectorySettingsInput) {
          testDirectoryConnection(draft: $d) {
            __typename ... on ConnectionReport { ok checks { id status label detail fix } }
          }
        }`,
        { d: { bindPassword: WRONG_BIND_PASSWORD } },
      );
      expect(tested.testDirectoryConnection).toMatchObject({
        __typename: "ConnectionReport",
        ok: false,
      });

      // Saved wrong (without verifying), the sync and the directory reads fail on the bind.
      await data(
        `mutation($i: DirectorySettingsInput!) {
          updateDirectorySettings(input: $i, verify: false) { __typename }
        }`,
        { i: { bindPassword: WRONG_BIND_PASSWORD } },
      );
      const failed = await syncToEnd();
      expect(failed.status).toBe("failed");
      expect(failed.error).toBeTruthy();
      const { directoryTree } = await data<{ directoryTree: { __typename: string } }>(
        `query($id: ID!) {
          directoryTree(providerId: $id) {
            __typename ... on DirectoryUnavailableError { message reason url }
          }
        }`,
        { id: providerId },
      );
      expect(directoryTree.__typename).toBe("DirectoryUnavailableError");
      await data(
        `mutation($d: DirectorySettingsInput) {
          testDirectoryConnection(draft: $d) { ... on ConnectionReport { ok checks { id detail fix } } }
        }`,
        { d: null },
      );

      const restored = await data<{ updateDirectorySettings: { __typename: string } }>(
        `mutation($i: DirectorySettingsInput!) {
          updateDirectorySettings(input: $i) { __typename }
        }`,
        { i: { bindPassword: BIND_PASSWORD } },
      );
      expect(restored.updateDirectorySettings.__typename).toBe("DirectorySettingsUpdate");
    });

    it("a refused app secret fails the verification, the sync and the connection test", {
      timeout: 60_000,
    }, async () => {
      const refused = await data<{ updateProvider: { __typename: string } }>(
        `mutation($id: ID!, $input: UpdateProviderInput!) {
          updateProvider(id: $id, input: $input) {
            __typename ... on Error { message }
            ... on ProviderVerificationError { report { checks { id status detail fix } } }
          }
        }`,
        {
          id: providerId,
          input: {
            config: {
              appId: sandbox.app.appId,
              appSecret: WRONG_APP_SECRET,
              domain: sandbox.url,
              retry: FAST_FEISHU_RETRY,
              encryptKey: ENCRYPT_KEY,
              verificationToken: VERIFICATION_TOKEN,
            },
          },
        },
      );
      expect(refused.updateProvider.__typename).toBe("ProviderVerificationError");

      const invalid = await data<{ createProvider: { __typename: string } }>(
        `mutation($input: CreateProviderInput!) {
          createProvider(input: $input) {
            __typename ... on Error { message } ... on ValidationError { issues { path message } }
          }
        }`,
        {
          input: {
            kind: "feishu",
            name: "Evil",
            flag: "evil",
            config: {
              appId: "",
              appSecret: WRONG_APP_SECRET,
              domain: "not a url",
              encryptKey: ENCRYPT_KEY,
              verificationToken: 42,
            },
          },
        },
      );
      expect(invalid.createProvider.__typename).toBe("ValidationError");

      // The IM rotates the secret: the stored one is refused mid-sync.
      sandbox.setApp({ appSecret: `rotated-${hex()}` });
      try {
        const failed = await syncToEnd();
        expect(failed.status).toBe("failed");
        expect(failed.error).toBeTruthy();
        const tested = await data<{ testProviderConnection: { ok: boolean } }>(
          `mutation($id: ID!) {
            testProviderConnection(id: $id) { ... on ConnectionReport { ok checks { id status label detail fix } } }
          }`,
          { id: providerId },
        );
        expect(tested.testProviderConnection.ok).toBe(false);
      } finally {
        sandbox.setApp({ appSecret: APP_SECRET });
      }
    });

    it("an import dry run reports the secrets of the file as set", async () => {
      const yaml = [
        "ldap:",
        `  url: ${slapd.url}`,
        `  base-dn: "${slapd.baseDn}"`,
        `  admin-dn: "${slapd.adminDn}"`,
        `  admin-pass: "${IMPORTED_BIND_PASSWORD}"`,
        `  user-dn: "${usersDn}"`,
        `  user-init-password: "${INITIAL_PASSWORD}"`,
        "feishu:",
        '  flag: "feishu"',
        `  app-id: "${sandbox.app.appId}"`,
        `  app-secret: "${IMPORTED_APP_SECRET}"`,
      ].join("\n");
      const { importGoLdapAdminConfig } = await data<{
        importGoLdapAdminConfig: {
          __typename: string;
          directory: { bindPasswordSet: boolean };
          providers: { secretsSet: string[] }[];
        };
      }>(
        `mutation($y: String!) {
          importGoLdapAdminConfig(yaml: $y, dryRun: true, verify: true) {
            __typename
            ... on ImportReport {
              json
              directory { bindPasswordSet initialPasswordSet report { checks { id detail fix } } }
              providers { config secretsSet reason connection { checks { id detail fix } } }
            }
            ... on Error { message }
          }
        }`,
        { y: yaml },
      );
      expect(importGoLdapAdminConfig.__typename).toBe("ImportReport");
      expect(importGoLdapAdminConfig.directory.bindPasswordSet).toBe(true);
      expect(importGoLdapAdminConfig.providers[0]?.secretsSet).toEqual(["appSecret"]);
    });

    it("every read the API offers answers, passwords named but never shown", async () => {
      const everything = await data<{
        providers: { secretsSet: string[]; webhookUrl: string | null }[];
        directorySettings: { hasBindPassword: boolean; hasInitialPassword: boolean };
      }>(
        `query($id: ID!) {
          providers { ...P }
          provider(id: $id) { ...P }
          providerKinds {
            kind displayName configSchema defaultFieldRelations secretFields rootDepartmentId
            fields { user { path label } group { path label } }
          }
          directorySettings {
            connection { url bindDn baseDn options } defaultEmailSuffix departedUserPolicy
            hasBindPassword hasInitialPassword layout maxDestructive maxDestructivePercent
            passwordMode passwordScheme updatedAt updatedBy
          }
          fieldRelations(providerId: $id) {
            ... on ProviderFieldRelations {
              group { version relations { name attributes { attribute expression } } }
              user { version relations { username attributes { attribute expression } } }
            }
          }
          auditLog(first: 500) {
            ... on QueryAuditLogSuccess {
              data { id action at details targetId targetType admin { username } }
            }
          }
          me { username lastLoginAt }
        }
        fragment P on Provider {
          id kind name flag enabled config hasSecrets secretsSet webhookUrl createdAt updatedAt
          syncOptions { updateExisting } activeRun { id } schedules { cron scope }
        }`,
        { id: providerId },
      );
      expect(everything.providers[0]?.secretsSet.sort()).toEqual([
        "appSecret",
        "encryptKey",
        "verificationToken",
      ]);
      expect(everything.providers[0]?.webhookUrl).toMatch(/\/events\/feishu$/);
      expect(everything.directorySettings).toMatchObject({
        hasBindPassword: true,
        hasInitialPassword: true,
      });

      const { runs } = await data<{ runs: { nodes: { id: string }[] } }>(
        `{
          runs(first: 100) {
            ... on RunPage {
              nodes {
                ${RUN} scope trigger dryRun requestedBy approvedBy createdAt startedAt finishedAt
                durationMs cancelRequested warnings { code message anchor }
                approval { required reason destructiveCount }
              }
            }
          }
        }`,
      );
      // The sync, the dry run and the two failed syncs at least.
      expect(runs.nodes.length).toBeGreaterThanOrEqual(4);
      for (const run of runs.nodes) {
        await data(
          `query($id: ID!) {
            run(id: $id) {
              items(first: 1000) {
                nodes { op dn anchor message errorCategory changes { attribute old new } }
              }
            }
          }`,
          { id: run.id },
        );
        const stream = await sse(
          `subscription($id: ID!) { runProgress(id: $id) { runId status run { ${RUN} } } }`,
          { id: run.id },
          { as: token },
        );
        expect(stream.events[0]?.data, run.id).toBeTruthy();
      }

      // The directory as the admin app shows it, down to a person whose password is clear text.
      // (One query each: together they cost more than the limit allows.)
      for (const query of [
        `query($id: ID!) {
          directoryTree(providerId: $id) {
            ... on DirectoryBrowse {
              parent { dn name description anchor }
              groups { nodes { dn name description anchor childCount memberCount } }
            }
          }
        }`,
        `query($id: ID!) {
          directoryUsers(providerId: $id, query: "e", first: 1000) {
            ... on DirectoryUserSearch { nodes { dn username displayName mail anchor disabled } }
          }
        }`,
        `query($id: ID!) {
          previewFieldRelations(providerId: $id, sample: 5) {
            ... on FieldRelationPreview { note users { username dn attributes { attribute values } } }
          }
        }`,
        `query($id: ID!) {
          previewFieldRelations(providerId: $id, sample: 5) {
            ... on FieldRelationPreview { groups { dn name attributes { attribute values } } }
          }
        }`,
      ]) {
        await data(query, { id: providerId });
      }
      const [person] = await slapd.ldapsearch(usersDn, "(orgsyncAnchor=feishu:ou_hostile0)", [
        "userPassword",
      ]);
      // slapd holds the initial password in clear (scheme clear), so the API had it to leak.
      expect(person?.attributes.userPassword).toEqual([INITIAL_PASSWORD]);
      const { directoryEntry } = await data<{
        directoryEntry: { secretAttributes: string[] };
      }>(
        `query($id: ID!, $dn: String!) {
          directoryEntry(providerId: $id, dn: $dn) {
            ... on DirectoryEntry {
              dn kind anchor managed disabled objectClasses attributes { attribute values }
              secretAttributes binaryAttributes uuid createdAt modifiedAt
            }
          }
        }`,
        { id: providerId, dn: person?.dn },
      );
      expect(directoryEntry.secretAttributes).toEqual(["userPassword"]);

      for (const path of ["/healthz", "/readyz", "/metrics", "/"]) await http(path);
    });
  });

  describe("oversized and nested requests", () => {
    it("refuses a depth bomb, a token flood and oversized bodies, then still answers", {
      timeout: 60_000,
    }, async () => {
      let selection = "id";
      for (let level = 0; level < 30; level++)
        selection = `activeRun { provider { ${selection} } }`;
      const bomb = await gql(`{ providers { ${selection} } }`);
      expect(bomb.data ?? null).toBeNull();
      expect(bomb.errors?.[0]?.message).toMatch(/depth/i);

      const flood = await gql(`{ providers { ${Array(20_000).fill("id").join(" ")} } }`);
      expect(flood.data ?? null).toBeNull();
      expect(flood.errors?.[0]?.message).toMatch(/token/i);

      // 3 MB against the service's 2 MiB limit. Announced by Content-Length (a huge string
      // argument), it is refused before a byte of it is read.
      const declared = await upload({
        before: `{"query":"query($q: String!) { directoryUsers(providerId: \\"${providerId}\\", query: $q) { __typename } }","variables":{"q":"`,
        fillBytes: 3_000_000,
        headers: { authorization: `Bearer ${token}` },
        declareLength: true,
      });
      expect(declared.status).toBe(413);
      expect(declared.body).toMatch(/too large/i);
      // Streamed without a length, anonymously: refused once 2 MiB were read. The service may
      // hang up while the client still writes, losing the answer in transit; then try again.
      const attempts: { status: number; body: string }[] = [];
      while (attempts.length < 3 && attempts.at(-1)?.status !== 413) {
        attempts.push(
          await upload({
            before: `{"query":"{ setupRequired }","extensions":{"x":"`,
            fillBytes: 3_000_000,
            declareLength: false,
          }),
        );
      }
      expect(attempts.filter((attempt) => attempt.status !== 0).map((a) => a.status)).toEqual([
        413,
      ]);
      expect(attempts.at(-1)?.body).toMatch(/too large/i);

      expect(await data("{ me { username } }")).toEqual({ me: { username: "admin" } });
      expect((await http("/healthz")).status).toBe(200);
    });
  });

  describe("password guessing", () => {
    it("is throttled per username, the right password and another spelling included", async () => {
      for (const guess of GUESSES) {
        expect((await login("admin", guess))?.__typename).toBe("InvalidCredentialsError");
      }
      const blocked = await login("admin", ADMIN_PASSWORD);
      expect(blocked?.__typename).toBe("TooManyLoginAttemptsError");
      expect(blocked?.retryAfterSeconds).toBeGreaterThan(0);
      expect(blocked?.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
      expect((await login("ADMIN", ADMIN_PASSWORD))?.__typename).toBe("TooManyLoginAttemptsError");
      // The open session is not the attacker's to end.
      expect(await data("{ me { username } }")).toEqual({ me: { username: "admin" } });
    });

    it("is throttled per address when the guesses spread over usernames", {
      timeout: 30_000,
    }, async () => {
      let n = 0;
      while (failedLogins < 20) {
        n++;
        expect((await login(`spray-${n}`, `guess-${n}`))?.__typename).toBe(
          "InvalidCredentialsError",
        );
      }
      expect((await login("never-tried", "anything"))?.__typename).toBe(
        "TooManyLoginAttemptsError",
      );
    });

    it("stays throttled after a restart: the count lives in the database", {
      timeout: 60_000,
    }, async () => {
      await service.stop();
      await start();
      expect((await login("admin", ADMIN_PASSWORD))?.__typename).toBe("TooManyLoginAttemptsError");
      // The session from before the restart still works: only logins are throttled.
      expect(await data("{ me { username } }")).toEqual({ me: { username: "admin" } });
    });
  });

  describe("secrecy", () => {
    it("no secret appeared in any response or any line the processes printed", () => {
      const logs = services.flatMap((process) => process.logs.map((line) => JSON.stringify(line)));
      // There was material: many answers, and the failed syncs logged their errors.
      expect(answered.length).toBeGreaterThan(100);
      expect(
        logs.filter((line) => line.includes('"msg":"run failed"') && line.includes('"err"')),
      ).toHaveLength(2);
      const haystacks = [
        { where: "responses", text: answered.join("\n") },
        { where: "logs", text: logs.join("\n") },
        { where: "printed", text: printed.join("") },
      ];
      const leaks = needles().flatMap(({ name, text }) =>
        haystacks
          .filter((haystack) => haystack.text.includes(text))
          .map((haystack) => `${name} in ${haystack.where}`),
      );
      expect(leaks).toEqual([]);
    });
  });
});
