import type { SourceSnapshot } from "@orgsync/core";
import { type Slapd, startSlapd } from "@orgsync/ldap/testing";
import { type RunningFeishuSandbox, startFeishuSandbox } from "@orgsync/provider-feishu/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphQLHttpClient } from "../../src/cli/graphql-client.ts";
import { DATABASE_KINDS } from "../databases.ts";
import { FAST_FEISHU_RETRY, smallOrg } from "../harness/sync-environment.ts";
import { ADMIN, useTestService } from "../service/test-service.ts";

/**
 * The whole product through its GraphQL API, as an integrator drives it over HTTP: real slapd,
 * the real Feishu SDK against the sandbox, the service on PGlite and on PostgreSQL.
 */

const INITIAL_PASSWORD = "Welcome-2026!";
const RUN_FIELDS = `id status dryRun scope error progress { done total }
  counts { op outcome count } approval { required reason destructiveCount }`;

interface Run {
  id: string;
  status: string;
  dryRun: boolean;
  error: string | null;
  progress: { done: number; total: number | null };
  counts: { op: string; outcome: string; count: number }[];
  approval: { required: boolean; reason: string | null; destructiveCount: number } | null;
}

const count = (run: Run, op: string, outcome: string) =>
  run.counts.find((row) => row.op === op && row.outcome === outcome)?.count ?? 0;

describe.each(DATABASE_KINDS)("orgsync end to end through GraphQL on %s", (kind) => {
  const t = useTestService(kind);
  let slapd: Slapd;
  let sandbox: RunningFeishuSandbox;
  let client: GraphQLHttpClient;
  let org: SourceSnapshot;
  let providerId: string;
  const people = () => `ou=people,${slapd.baseDn}`;

  beforeAll(async () => {
    org = smallOrg(120, 10, 11);
    [slapd, sandbox] = await Promise.all([
      startSlapd({ orgsyncSchema: true, adminPassword: "ldap-bind-S3cret" }),
      startFeishuSandbox({ org }),
    ]);
    const server = await t.listen();
    client = new GraphQLHttpClient(server.url);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([slapd?.stop(), sandbox?.close()]);
  });

  async function waitForRun(id: string, done: (run: Run) => boolean): Promise<Run> {
    for (let attempt = 0; attempt < 600; attempt++) {
      const { run } = await client.data<{ run: Run }>(
        `query($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`,
        { id },
      );
      if (done(run)) return run;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`run ${id} did not get there in 60 s`);
  }

  it("logs in over HTTP", async () => {
    const result = await client.data<{ login: { token: string } }>(
      `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { ... on LoginPayload { token } } }`,
      { u: ADMIN.username, p: ADMIN.password },
    );
    client.token = result.login.token;
    expect(client.token).toBeTruthy();
  });

  it("refuses a wrong bind password and an unreachable directory, saving nothing", async () => {
    const save = `mutation($input: DirectorySettingsInput!) {
      updateDirectorySettings(input: $input) {
        __typename
        ... on DirectoryConnectionError { message failed: report { checks { id status } } }
        ... on DirectorySettingsUpdate { report { ok checks { id status detail } } }
        ... on ValidationError { message issues { path message } }
      }
    }`;
    const connection = { url: slapd.url, bindDn: slapd.adminDn, baseDn: slapd.baseDn };
    const wrongPassword = await client.data<{
      updateDirectorySettings: { __typename: string; message: string };
    }>(save, {
      input: { connection, bindPassword: "not-the-password", initialPassword: INITIAL_PASSWORD },
    });
    expect(wrongPassword.updateDirectorySettings.__typename).toBe("DirectoryConnectionError");
    expect(wrongPassword.updateDirectorySettings.message).toMatch(/bind/i);

    const unreachable = await client.data<{ updateDirectorySettings: { __typename: string } }>(
      save,
      {
        input: {
          connection: { ...connection, url: "ldap://127.0.0.1:1", connectTimeoutMs: 1000 },
          bindPassword: slapd.adminPassword,
          initialPassword: INITIAL_PASSWORD,
        },
      },
    );
    expect(unreachable.updateDirectorySettings.__typename).toBe("DirectoryConnectionError");
    expect(
      (await client.data<{ directorySettings: null }>("{ directorySettings { updatedAt } }"))
        .directorySettings,
    ).toBeNull();

    const saved = await client.data<{
      updateDirectorySettings: { __typename: string; report: { ok: boolean } };
    }>(save, {
      input: {
        connection,
        bindPassword: slapd.adminPassword,
        initialPassword: INITIAL_PASSWORD,
        defaultEmailSuffix: "example.com",
      },
    });
    expect(saved.updateDirectorySettings).toMatchObject({
      __typename: "DirectorySettingsUpdate",
      report: { ok: true },
    });
  });

  it("refuses an unknown provider kind and a wrong app secret, then creates the provider", async () => {
    const create = `mutation($input: CreateProviderInput!) {
      createProvider(input: $input) {
        __typename
        ... on ProviderChange { provider { id flag hasSecrets config } connection { ok } }
        ... on Error { message }
        ... on ValidationError { issues { path } }
      }
    }`;
    const config = {
      appId: sandbox.app.appId,
      appSecret: sandbox.app.appSecret,
      domain: sandbox.url,
      retry: FAST_FEISHU_RETRY,
    };
    const unknownKind = await client.data<{
      createProvider: { __typename: string; message: string };
    }>(create, {
      input: { kind: "slack", name: "Slack", flag: "slack", config },
    });
    expect(unknownKind.createProvider.__typename).toBe("ValidationError");
    expect(unknownKind.createProvider.message).toMatch(
      /no plugin of kind "slack" is installed \(installed: feishu, dingtalk, wecom\)/,
    );

    const wrongSecret = await client.data<{ createProvider: { __typename: string } }>(create, {
      input: {
        kind: "feishu",
        name: "Feishu",
        flag: "feishu",
        config: { ...config, appSecret: "wrong" },
      },
    });
    expect(wrongSecret.createProvider.__typename).toBe("ProviderVerificationError");
    expect((await client.data<{ providers: unknown[] }>("{ providers { id } }")).providers).toEqual(
      [],
    );

    const created = await client.data<{
      createProvider: {
        provider: { id: string; hasSecrets: boolean; config: Record<string, unknown> };
      };
    }>(create, { input: { kind: "feishu", name: "Feishu", flag: "feishu", config } });
    providerId = created.createProvider.provider.id;
    expect(created.createProvider.provider.hasSecrets).toBe(true);
    expect(created.createProvider.provider.config).not.toHaveProperty("appSecret");
  });

  it("refuses to sync without field relations, and refuses bad relations with errors that name them", async () => {
    const sync = `mutation($id: ID!, $scope: SyncScope!) { runSync(providerId: $id, scope: $scope) { __typename ... on SafetyError { rule message } } }`;
    const without = await client.data<{ runSync: { __typename: string; rule: string } }>(sync, {
      id: providerId,
      scope: "ALL",
    });
    expect(without.runSync).toMatchObject({
      __typename: "SafetyError",
      rule: "fieldRelationsMissing",
    });

    const setUser = `mutation($id: ID!, $relations: UserRelationsInput!) {
      setUserRelations(providerId: $id, relations: $relations) {
        __typename ... on ValidationError { message issues { path message } }
      }
    }`;
    const badTemplate = await client.data<{
      setUserRelations: { __typename: string; issues: { path: string }[] };
    }>(setUser, {
      id: providerId,
      relations: {
        username: ["{{ name | pinyin"],
        attributes: [{ attribute: "cn", expression: "name" }],
      },
    });
    expect(badTemplate.setUserRelations.__typename).toBe("ValidationError");
    expect(badTemplate.setUserRelations.issues.map((issue) => issue.path)).toContain(
      "user.username[0]",
    );

    const unknownAttribute = await client.data<{
      setUserRelations: { issues: { path: string; message: string }[] };
    }>(setUser, {
      id: providerId,
      relations: {
        username: ["{{ name | pinyin }}"],
        attributes: [
          { attribute: "cn", expression: "name" },
          { attribute: "sn", expression: "name" },
          { attribute: "emial", expression: "email" },
        ],
      },
    });
    expect(unknownAttribute.setUserRelations.issues).toContainEqual({
      path: "user.attributes.emial",
      message: expect.stringMatching(/did you mean "mail"/),
    });
    const stored = await client.data<{ fieldRelations: { user: null } }>(
      `query($id: ID!) { fieldRelations(providerId: $id) { ... on ProviderFieldRelations { user { version } } } }`,
      { id: providerId },
    );
    expect(stored.fieldRelations.user).toBeNull();

    const reset = await client.data<{
      resetFieldRelations: { group: { version: number }; user: { version: number } };
    }>(
      `mutation($id: ID!) { resetFieldRelations(providerId: $id, kind: both) { ... on ProviderFieldRelations { group { version } user { version } } } }`,
      { id: providerId },
    );
    expect(reset.resetFieldRelations).toEqual({ group: { version: 1 }, user: { version: 1 } });
  });

  it("previews the relations on live sample users", async () => {
    const preview = await client.data<{
      previewFieldRelations: { users: { dn: string; username: string }[] };
    }>(
      `query($id: ID!) { previewFieldRelations(providerId: $id, sample: 3) { ... on FieldRelationPreview { users { dn username } } } }`,
      { id: providerId },
    );
    expect(preview.previewFieldRelations.users).toHaveLength(3);
    for (const user of preview.previewFieldRelations.users) {
      expect(user.dn).toBe(`uid=${user.username},${people()}`);
    }
  });

  it("refuses users before their groups", async () => {
    const result = await client.data<{
      runSync: { __typename: string; rule: string; message: string };
    }>(
      `mutation($id: ID!) { runSync(providerId: $id, scope: USERS) { __typename ... on SafetyError { rule message } } }`,
      { id: providerId },
    );
    expect(result.runSync).toMatchObject({
      rule: "groupsNotSynced",
      message: expect.stringMatching(/GROUPS/),
    });
    expect(
      (
        await client.data<{ runs: { nodes: unknown[] } }>(
          "{ runs { ... on RunPage { nodes { id } } } }",
        )
      ).runs.nodes,
    ).toEqual([]);
  });

  it("plans a dry run with attribute diffs and writes nothing", async () => {
    const { planSync } = await client.data<{ planSync: Run }>(
      `mutation($id: ID!) { planSync(providerId: $id, scope: ALL) { __typename ... on Run { ${RUN_FIELDS} } } }`,
      { id: providerId },
    );
    expect(planSync).toMatchObject({ status: "succeeded", dryRun: true });
    expect(count(planSync, "createUser", "planned")).toBe(org.users.length);
    const items = await client.data<{
      run: {
        items: {
          nodes: { op: string; dn: string; changes: { attribute: string; new: string[] }[] }[];
        };
      };
    }>(
      `query($id: ID!) { run(id: $id) { items(op: createUser, first: 5) { ... on RunItemPage { nodes { op dn changes { attribute new } } } } } }`,
      { id: planSync.id },
    );
    expect(items.run.items.nodes).toHaveLength(5);
    expect(items.run.items.nodes[0]?.changes.map((change) => change.attribute)).toContain("mail");
    expect(await slapd.ldapsearch(people(), "(objectClass=inetOrgPerson)", ["uid"])).toEqual([]);
  });

  it("runs a sync in the background, streams its progress, and refuses a second run meanwhile", async () => {
    const { runSync } = await client.data<{ runSync: Run }>(
      `mutation($id: ID!) { runSync(providerId: $id, scope: ALL) { ... on Run { ${RUN_FIELDS} } } }`,
      { id: providerId },
    );
    expect(runSync.status).toBe("queued");
    const second = await client.data<{ runSync: { __typename: string; activeRunId: string } }>(
      `mutation($id: ID!) { runSync(providerId: $id, scope: GROUPS) { __typename ... on RunAlreadyActiveError { activeRunId } } }`,
      { id: providerId },
    );
    expect(second.runSync).toEqual({
      __typename: "RunAlreadyActiveError",
      activeRunId: runSync.id,
    });

    const events = await client.subscribe<{
      runProgress: { status: string; progress: { done: number; total: number | null } };
    }>(`subscription($id: ID!) { runProgress(id: $id) { status progress { done total } } }`, {
      id: runSync.id,
    });
    const last = events.at(-1)?.runProgress;
    expect(last?.status).toBe("succeeded");
    expect(last?.progress.done).toBe(last?.progress.total);
    const dones = events.map((event) => event.runProgress.progress.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));

    const users = await slapd.ldapsearch(people(), "(objectClass=orgsyncManaged)", ["uid", "mail"]);
    expect(users).toHaveLength(org.users.length);
    const groups = await slapd.ldapsearch(
      `ou=feishuroot,${slapd.baseDn}`,
      "(objectClass=groupOfUniqueNames)",
      ["cn"],
    );
    expect(groups).toHaveLength(org.departments.length);
    expect(await slapd.ldapwhoami(users[0]?.dn as string, INITIAL_PASSWORD)).toBe(true);

    const tree = await client.data<{
      directoryTree: {
        exists: boolean;
        groups: { totalCount: number; nodes: { dn: string; anchor: string }[] };
      };
    }>(
      `query($id: ID!) { directoryTree(providerId: $id, first: 100) {
        ... on DirectoryBrowse { exists groups { totalCount nodes { dn anchor } } } } }`,
      { id: providerId },
    );
    const topLevel = org.departments.filter((department) => department.parentId === "0");
    expect(tree.directoryTree.exists).toBe(true);
    expect(tree.directoryTree.groups.totalCount).toBe(topLevel.length);
    expect(tree.directoryTree.groups.nodes.map((group) => group.anchor).sort()).toEqual(
      topLevel.map((department) => `feishu:${department.id}`).sort(),
    );
  });

  it("shows one entry's attributes and anchor, refusing DNs outside the provider's subtrees", async () => {
    const query = `query($id: ID!, $dn: String!) { directoryEntry(providerId: $id, dn: $dn) {
      __typename
      ... on DirectoryEntry { dn kind anchor managed disabled objectClasses
        attributes { attribute values } secretAttributes createdAt }
      ... on ValidationError { message issues { path message } }
      ... on NotFoundError { entity }
    } }`;
    type Answer = {
      directoryEntry: {
        __typename: string;
        kind?: string;
        anchor?: string;
        managed?: boolean;
        attributes?: { attribute: string; values: string[] }[];
        secretAttributes?: string[];
        message?: string;
        issues?: { path: string }[];
      };
    };
    const [person] = await slapd.ldapsearch(people(), "(objectClass=orgsyncManaged)", ["uid"]);
    const entry = await client.data<Answer>(query, { id: providerId, dn: person?.dn });
    expect(entry.directoryEntry).toMatchObject({
      __typename: "DirectoryEntry",
      kind: "user",
      anchor: expect.stringMatching(/^feishu:/),
      managed: true,
      secretAttributes: ["userPassword"],
    });
    expect(entry.directoryEntry.attributes).toContainEqual({
      attribute: "uid",
      values: person?.attributes.uid,
    });
    expect(JSON.stringify(entry)).not.toMatch(/\{SSHA\}/i);

    const outside = await client.data<Answer>(query, { id: providerId, dn: slapd.adminDn });
    expect(outside.directoryEntry).toMatchObject({
      __typename: "ValidationError",
      issues: [{ path: "dn" }],
    });
    expect(outside.directoryEntry.message).toContain(`ou=feishuroot,${slapd.baseDn}`);
    const missing = await client.data<Answer>(query, {
      id: providerId,
      dn: `uid=nobody-here,${people()}`,
    });
    expect(missing.directoryEntry).toMatchObject({ __typename: "NotFoundError" });
  });

  it("holds a mass departure for approval, then applies exactly the approved plan", async () => {
    const leaving = new Set(org.users.slice(0, 30).map((user) => user.id));
    sandbox.setOrg({
      departments: org.departments,
      users: org.users.map((user) =>
        leaving.has(user.id) ? { ...user, status: "resigned" as const } : user,
      ),
    });
    const { runSync } = await client.data<{ runSync: Run }>(
      `mutation($id: ID!) { runSync(providerId: $id, scope: ALL) { ... on Run { id } } }`,
      { id: providerId },
    );
    const held = await waitForRun(
      runSync.id,
      (run) => run.status !== "queued" && run.status !== "planning",
    );
    expect(held.status).toBe("needs_approval");
    expect(held.approval).toMatchObject({ required: true, destructiveCount: 30 });
    expect(await slapd.ldapsearch(people(), "(orgsyncDisabled=TRUE)", ["uid"])).toEqual([]);

    const approved = await client.data<{
      approveRun: { replanned: boolean; run: { status: string } };
    }>(
      `mutation($id: ID!) { approveRun(id: $id) { ... on ApproveRunPayload { replanned run { status } } } }`,
      { id: runSync.id },
    );
    expect(approved.approveRun.replanned).toBe(false);
    const finished = await waitForRun(runSync.id, (run) =>
      ["succeeded", "failed"].includes(run.status),
    );
    expect(finished.status).toBe("succeeded");
    expect(count(finished, "disableUser", "succeeded")).toBe(30);
    expect(await slapd.ldapsearch(people(), "(orgsyncDisabled=TRUE)", ["uid"])).toHaveLength(30);
  });

  it("never shows a secret in a response or a log line", () => {
    const secrets = [sandbox.app.appSecret, slapd.adminPassword, INITIAL_PASSWORD, ADMIN.password];
    const seen = `${client.transcript.join("\n")}\n${t.logText()}`;
    for (const secret of secrets) expect(seen.includes(secret), secret).toBe(false);
  });
});
