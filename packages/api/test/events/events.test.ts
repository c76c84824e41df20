import type { SourceSnapshot } from "@orgsync/core";
import { describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../databases.ts";
import { smallOrg } from "../harness/sync-environment.ts";
import { allItems } from "../runs/helpers.ts";
import {
  ENCRYPT_KEY,
  eventRuns,
  finished,
  PUBLIC_URL,
  useEventEnvironment,
  VERIFICATION_TOKEN,
} from "./event-environment.ts";

/** 41 people; the sandbox starts with 40, the last one is hired while the service listens. */
const fullOrg = smallOrg(41, 6, 23);
const org: SourceSnapshot = { departments: fullOrg.departments, users: fullOrg.users.slice(0, 40) };
const newcomer = fullOrg.users[40] as SourceSnapshot["users"][number];

describe.each(DATABASE_KINDS)("IM events → targeted runs on %s", { timeout: 60_000 }, (kind) => {
  const env = useEventEnvironment(kind, { org });
  const accountOf = (id: string) =>
    env.slapd.ldapsearch(env.usersDn, `(orgsyncAnchor=feishu:${id})`, ["uid", "cn", "mail"]);

  it("shows the webhook URL to paste into Feishu, and answers its URL check", async () => {
    const { providers } = await env.gql<{ providers: { flag: string; webhookUrl: string }[] }>(
      "{ providers { flag webhookUrl } }",
    );
    expect(providers).toEqual([{ flag: "feishu", webhookUrl: `${PUBLIC_URL}/events/feishu` }]);

    const check = await env.sandbox.sendChallenge();
    expect(check.status).toBe(200);
    expect(check.body).toEqual({ challenge: check.challenge });
  });

  it("syncs the org once in full", async () => {
    const run = await env.runService.run({
      providerId: env.provider.id,
      scope: "ALL",
      requestedBy: "test",
    });
    const [ended] = await env.waitForRuns((runs) => finished(runs[0]));
    expect(ended).toMatchObject({ id: run.id, status: "succeeded", targets: null });
    expect(await env.slapd.ldapsearch(env.usersDn, "(orgsyncAnchor=*)", ["uid"])).toHaveLength(
      org.users.length,
    );
  });

  it("turns a hire pushed as a signed, encrypted event into a targeted run of that person", async () => {
    env.sandbox.resetStats();
    // Resolves once the service answered the push (the sandbox fails on a non-2xx).
    await env.sandbox.hire(newcomer);
    expect(await accountOf(newcomer.id)).toEqual([]);

    const runs = await env.waitForRuns((all) => finished(eventRuns(all)[0]));
    const [run] = eventRuns(runs);
    expect(run).toMatchObject({
      status: "succeeded",
      trigger: "event",
      scope: "ALL",
      targets: { departmentIds: [], userIds: [newcomer.id] },
    });
    expect(runs).toHaveLength(2);

    const [account] = await accountOf(newcomer.id);
    expect(account?.dn).toMatch(new RegExp(`^uid=[^,]+,${env.usersDn}$`));

    // Only that person and the memberships of their departments were touched.
    const items = await allItems(env.runService, run?.id as string);
    const groups = newcomer.departmentIds.filter((id) => id !== "0").map((id) => `feishu:${id}`);
    expect(items.map((item) => [item.op, item.anchor]).sort()).toEqual(
      [
        ["createUser", `feishu:${newcomer.id}`],
        ...groups.map((anchor) => ["setMembers", anchor]),
      ].sort(),
    );
    expect(items.every((item) => item.outcome === "succeeded")).toBe(true);
    for (const anchor of groups) {
      const [group] = await env.slapd.ldapsearch(env.slapd.baseDn, `(orgsyncAnchor=${anchor})`, [
        "uniqueMember",
      ]);
      expect(group?.attributes.uniqueMember).toContain(account?.dn);
    }

    // No full read: the run fetched that one person, never a department's member list.
    expect(env.sandbox.stats.calls.findByDepartment ?? 0).toBe(0);
    expect(env.sandbox.stats.calls.children ?? 0).toBe(0);
    expect(env.sandbox.stats.calls.user).toBe(1);

    const { run: shown } = await env.gql<{
      run: { trigger: string; targets: { departmentIds: string[]; userIds: string[] } };
    }>(`query($id: ID!) { run(id: $id) { trigger targets { departmentIds userIds } } }`, {
      id: run?.id,
    });
    expect(shown).toEqual({
      trigger: "event",
      targets: { departmentIds: [], userIds: [newcomer.id] },
    });
  });

  it("disables the account of a person who resigns, from the deletion event", async () => {
    await env.sandbox.resign(newcomer.id);
    const runs = await env.waitForRuns((all) => finished(eventRuns(all)[1]));
    expect(eventRuns(runs)[1]).toMatchObject({
      status: "succeeded",
      targets: { departmentIds: [], userIds: [newcomer.id] },
    });
    expect(
      await env.slapd.ldapsearch(
        env.usersDn,
        `(&(orgsyncAnchor=feishu:${newcomer.id})(orgsyncDisabled=TRUE))`,
        ["uid"],
      ),
    ).toHaveLength(1);
  });

  it("never shows an event secret in an answer or a log line", async () => {
    const { providers } = await env.gql<{ providers: { config: unknown }[] }>(
      "{ providers { config } }",
    );
    const seen = `${JSON.stringify(providers)}\n${env.logText()}`;
    for (const secret of [ENCRYPT_KEY, VERIFICATION_TOKEN, env.sandbox.app.appSecret]) {
      expect(seen.includes(secret), secret).toBe(false);
    }
  });
});
