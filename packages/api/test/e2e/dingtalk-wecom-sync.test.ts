import type { SourceSnapshot, SourceUser } from "@orgsync/core";
import { generateOrg, numericDepartmentIds } from "@orgsync/core/testing";
import { type Slapd, startSlapd } from "@orgsync/ldap/testing";
import {
  type RunningDingTalkSandbox,
  startDingTalkSandbox,
} from "@orgsync/provider-dingtalk/sandbox";
import { type RunningWeComSandbox, startWeComSandbox } from "@orgsync/provider-wecom/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphQLHttpClient } from "../../src/cli/graphql-client.ts";
import { ADMIN, useTestService } from "../service/test-service.ts";

/**
 * DingTalk and WeCom end to end, as an admin runs them: each IM's sandbox served over HTTP, the
 * service configured through GraphQL over HTTP, a full sync into a real slapd, the IM's signed and
 * encrypted callbacks pushed to `/events/<flag>` turning into targeted runs, and a resync that
 * writes nothing. The same steps for both IMs: the plugin contract is the point.
 */

const CALLBACK_TOKEN = "orgsync-callback-token";
const CALLBACK_AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
const FAST_RETRY = { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 20 };

/** An org of `users` people in numeric DingTalk/WeCom departments; everyone active. */
function imOrg(users: number, departments: number, seed: number): SourceSnapshot {
  return numericDepartmentIds(
    generateOrg({
      users,
      departments,
      seed,
      rootId: "1",
      statusShares: { frozen: 0, resigned: 0, notJoined: 0 },
    }),
  );
}

interface ImCase {
  kind: "dingtalk" | "wecom";
  start(
    org: SourceSnapshot,
    eventsUrl: string,
  ): Promise<RunningDingTalkSandbox | RunningWeComSandbox>;
  config(sandbox: RunningDingTalkSandbox | RunningWeComSandbox): Record<string, unknown>;
  /** The IM's check of the callback URL, through the service: true when answered as it expects. */
  checkCallbackUrl(sandbox: RunningDingTalkSandbox | RunningWeComSandbox): Promise<boolean>;
}

const CASES: ImCase[] = [
  {
    kind: "dingtalk",
    start: (org, url) =>
      startDingTalkSandbox({
        org,
        events: { url, token: CALLBACK_TOKEN, aesKey: CALLBACK_AES_KEY },
      }),
    config: (sandbox) => {
      const { app, url } = sandbox as RunningDingTalkSandbox;
      return {
        appKey: app.appKey,
        appSecret: app.appSecret,
        baseUrl: url,
        apiBaseUrl: url,
        retry: FAST_RETRY,
        callbackToken: CALLBACK_TOKEN,
        callbackAesKey: CALLBACK_AES_KEY,
      };
    },
    // check_url, answered with the encrypted "success" DingTalk verifies.
    checkCallbackUrl: async (sandbox) =>
      (await (sandbox as RunningDingTalkSandbox).push("check_url"))?.acknowledged === true,
  },
  {
    kind: "wecom",
    start: (org, url) =>
      startWeComSandbox({
        org,
        events: { url, token: CALLBACK_TOKEN, aesKey: CALLBACK_AES_KEY },
      }),
    config: (sandbox) => {
      const { app, url } = sandbox as RunningWeComSandbox;
      return {
        corpId: app.corpId,
        corpSecret: app.corpSecret,
        baseUrl: url,
        retry: FAST_RETRY,
        callbackToken: CALLBACK_TOKEN,
        callbackAesKey: CALLBACK_AES_KEY,
      };
    },
    // A GET whose answer must be the decrypted echostr, as text.
    checkCallbackUrl: async (sandbox) => {
      const answer = await (sandbox as RunningWeComSandbox).verifyUrl();
      return answer.status === 200 && answer.body === answer.echo;
    },
  },
];

interface Run {
  id: string;
  status: string;
  trigger: string;
  error: string | null;
  counts: { op: string; outcome: string; count: number }[];
}
const RUN_FIELDS = "id status trigger error counts { op outcome count }";
const writes = (run: Run) =>
  run.counts.filter((row) => row.outcome === "succeeded").reduce((sum, row) => sum + row.count, 0);

describe.each(CASES)(
  "$kind end to end through the service",
  { timeout: 60_000 },
  ({ kind, start, config, checkCallbackUrl }) => {
    const t = useTestService("postgres");
    const fullOrg = imOrg(61, 8, kind === "dingtalk" ? 91 : 92);
    // One person is hired while the service listens.
    const newcomer = fullOrg.users.at(-1) as SourceUser;
    const org = { departments: fullOrg.departments, users: fullOrg.users.slice(0, -1) };
    let slapd: Slapd;
    let sandbox: RunningDingTalkSandbox | RunningWeComSandbox;
    let client: GraphQLHttpClient;
    let eventsUrl: string;
    let providerId: string;
    const people = () => `ou=people,${slapd.baseDn}`;
    const anchorsInLdap = async () =>
      (await slapd.ldapsearch(people(), "(objectClass=inetOrgPerson)", ["orgsyncAnchor"]))
        .map((entry) => entry.attributes.orgsyncAnchor?.[0])
        .sort();

    beforeAll(async () => {
      const server = await t.listen();
      eventsUrl = `${server.url}/events/${kind}`;
      client = new GraphQLHttpClient(server.url);
      [slapd, sandbox] = await Promise.all([
        startSlapd({ orgsyncSchema: true }),
        start(org, eventsUrl),
      ]);
    }, 60_000);

    afterAll(async () => {
      await Promise.all([slapd?.stop(), sandbox?.close()]);
    });

    async function runsOfProvider(): Promise<Run[]> {
      const { runs } = await client.data<{ runs: { nodes: Run[] } }>(
        `query($id: ID!) { runs(providerId: $id, first: 50) { ... on RunPage { nodes { ${RUN_FIELDS} } } } }`,
        { id: providerId },
      );
      return runs.nodes;
    }

    async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
      for (let attempt = 0; attempt < 300; attempt++) {
        const found = await probe();
        if (found !== undefined) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`${kind}: ${what} did not happen within 30 s`);
    }

    async function syncToEnd(): Promise<Run> {
      const { runSync } = await client.data<{ runSync: Run & { __typename: string } }>(
        `mutation($id: ID!) { runSync(providerId: $id, scope: ALL) { __typename ... on Run { ${RUN_FIELDS} } } }`,
        { id: providerId },
      );
      expect(runSync.__typename).toBe("Run");
      return waitFor("the sync", async () => {
        const { run } = await client.data<{ run: Run }>(
          `query($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`,
          { id: runSync.id },
        );
        return ["succeeded", "failed", "cancelled"].includes(run.status) ? run : undefined;
      });
    }

    it("is configured through GraphQL: directory, provider (its connection test passes), relations", async () => {
      const login = await client.data<{ login: { token: string } }>(
        `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { ... on LoginPayload { token } } }`,
        { u: ADMIN.username, p: ADMIN.password },
      );
      client.token = login.login.token;
      const saved = await client.data<{ updateDirectorySettings: { __typename: string } }>(
        `mutation($input: DirectorySettingsInput!) { updateDirectorySettings(input: $input) { __typename } }`,
        {
          input: {
            connection: { url: slapd.url, bindDn: slapd.adminDn, baseDn: slapd.baseDn },
            bindPassword: slapd.adminPassword,
            passwordMode: "random",
            defaultEmailSuffix: "example.com",
          },
        },
      );
      expect(saved.updateDirectorySettings.__typename).toBe("DirectorySettingsUpdate");

      const { providerKinds } = await client.data<{ providerKinds: { kind: string }[] }>(
        "{ providerKinds { kind } }",
      );
      expect(providerKinds.map((plugin) => plugin.kind)).toContain(kind);

      const created = await client.data<{
        createProvider: {
          __typename: string;
          provider?: { id: string; config: Record<string, unknown>; webhookUrl: string | null };
          connection?: { ok: boolean; checks: { id: string; status: string }[] };
        };
      }>(
        `mutation($input: CreateProviderInput!) {
        createProvider(input: $input) {
          __typename
          ... on ProviderChange { provider { id config webhookUrl } connection { ok checks { id status } } }
        }
      }`,
        { input: { kind, name: kind, flag: kind, config: config(sandbox) } },
      );
      expect(created.createProvider.__typename).toBe("ProviderChange");
      expect(created.createProvider.connection?.ok).toBe(true);
      const provider = created.createProvider.provider;
      providerId = provider?.id as string;
      // Secrets are stored but never shown.
      expect(JSON.stringify(provider?.config)).not.toMatch(/sandbox-secret|orgsync-callback-token/);
      expect(provider?.webhookUrl).toMatch(new RegExp(`/events/${kind}$`));
      expect(await checkCallbackUrl(sandbox)).toBe(true);
      // The events path has a route per method; any other method names both.
      const put = await fetch(eventsUrl, { method: "PUT" });
      expect(put.status).toBe(405);
      expect(await put.json()).toEqual({ error: `/events/${kind} accepts POST or GET only` });
      await client.data(
        `mutation($id: ID!) { resetFieldRelations(providerId: $id, kind: both) { __typename } }`,
        { id: providerId },
      );
    });

    it("syncs the whole org into slapd", async () => {
      const run = await syncToEnd();
      expect(run).toMatchObject({ status: "succeeded", error: null });
      expect(await anchorsInLdap()).toEqual(org.users.map((user) => `${kind}:${user.id}`).sort());
      const groups = await slapd.ldapsearch(`ou=${kind}root,${slapd.baseDn}`, "(orgsyncAnchor=*)", [
        "orgsyncAnchor",
        "description",
      ]);
      expect(groups.map((group) => group.attributes.orgsyncAnchor?.[0]).sort()).toEqual(
        org.departments.map((department) => `${kind}:${department.id}`).sort(),
      );
      // A user's mail comes from the IM's record through the default relations.
      const someone = org.users.find((user) => typeof user.raw.email === "string") as SourceUser;
      const [entry] = await slapd.ldapsearch(people(), `(orgsyncAnchor=${kind}:${someone.id})`, [
        "mail",
      ]);
      expect(entry?.attributes.mail).toEqual([someone.raw.email]);
    });

    it("turns the IM's callbacks into targeted runs: a hire and a renamed department", async () => {
      const before = (await runsOfProvider()).length;
      await sandbox.hire(newcomer);
      await waitFor("the newcomer's account", async () => {
        const found = await slapd.ldapsearch(people(), `(orgsyncAnchor=${kind}:${newcomer.id})`, [
          "uid",
        ]);
        return found.length === 1 ? found : undefined;
      });
      const renamed = org.departments[0]?.id as string;
      await sandbox.renameDepartment(renamed, "更名后的部门");
      await waitFor("the renamed group", async () => {
        const [group] = await slapd.ldapsearch(slapd.baseDn, `(orgsyncAnchor=${kind}:${renamed})`, [
          "description",
        ]);
        return group?.attributes.description?.[0] === "更名后的部门" ? group : undefined;
      });
      const eventRuns = (await runsOfProvider()).slice(0, -before || undefined);
      expect(eventRuns.length).toBeGreaterThan(0);
      expect(eventRuns.every((run) => run.trigger === "event" && run.status === "succeeded")).toBe(
        true,
      );
    });

    it("resyncs without writing anything", async () => {
      const run = await syncToEnd();
      expect(run.status).toBe("succeeded");
      expect(writes(run)).toBe(0);
    });
  },
);
