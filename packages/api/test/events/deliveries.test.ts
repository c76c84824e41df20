import type { SourceSnapshot } from "@orgsync/core";
import { encryptEvent, signEvent } from "@orgsync/provider-feishu/sandbox";
import { describe, expect, it } from "vitest";
import { smallOrg } from "../harness/sync-environment.ts";
import { waitForStatus } from "../runs/helpers.ts";
import {
  ENCRYPT_KEY,
  eventRuns,
  finished,
  useEventEnvironment,
  VERIFICATION_TOKEN,
} from "./event-environment.ts";

/**
 * What the event route does with each kind of delivery, and how deliveries become runs: one
 * run per burst, nothing for a forgery, a wait (not a loss) while the provider is busy. On
 * PGlite; the PostgreSQL variant of the main flow is `events.test.ts`.
 */

/** 32 people; the sandbox starts with 30, two are hired while the service listens. */
const fullOrg = smallOrg(32, 5, 31);
const org: SourceSnapshot = { departments: fullOrg.departments, users: fullOrg.users.slice(0, 30) };
const [early, late] = fullOrg.users.slice(30) as [
  SourceSnapshot["users"][number],
  SourceSnapshot["users"][number],
];
const QUIET_MS = 1500;
/** Longer than the ingest's quiet window plus a run: time for a stray run to show. */
const SETTLE_MS = QUIET_MS + 2000;
const TIMEOUT_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("IM event deliveries", { timeout: TIMEOUT_MS }, () => {
  // Any departure needs approval: how the busy-provider test holds a run.
  const env = useEventEnvironment("pglite", {
    org,
    safety: { maxDestructive: 0 },
    // A wide quiet window: the burst must land in it however loaded the machine is.
    ingest: { quietMs: QUIET_MS, retryMs: 200 },
  });
  const accountsOf = (id: string) =>
    env.slapd.ldapsearch(env.usersDn, `(orgsyncAnchor=feishu:${id})`, ["uid", "displayName"]);

  it("fails an event-driven run that would place a person before their groups exist", async () => {
    await env.sandbox.hire(early);
    const runs = await env.waitForRuns((all) => finished(eventRuns(all)[0]));
    const [run] = eventRuns(runs);
    expect(run?.status).toBe("failed");
    expect(run?.error).toMatch(
      new RegExp(
        `^runs \\(feishu\\): this event-driven run cannot place user ${early.id} in departments? .*group.* not exist in the directory yet; run an ALL sync for "feishu"`,
      ),
    );
    expect(await accountsOf(early.id)).toEqual([]);
  });

  it("answers 404 for an unknown flag or a provider without an event receiver, 413 for a huge body", async () => {
    const plain = await env.repositories.providers.create({
      kind: "feishu",
      flag: "plain",
      name: "No events",
      config: { appId: "cli_plain", appSecret: "plain-secret", domain: env.sandbox.url },
      secretFields: ["appSecret", "encryptKey", "verificationToken"],
    });
    const { providers } = await env.gql<{ providers: { flag: string; webhookUrl: string }[] }>(
      "{ providers { flag webhookUrl } }",
    );
    expect(providers.find((provider) => provider.flag === "plain")?.webhookUrl).toBeNull();

    const unknown = await env.post("nope", "{}");
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error).toBe('events: no provider has the flag "nope"');
    const without = await env.post("plain", "{}");
    expect(without.status).toBe(404);
    expect(JSON.parse(without.body).error).toMatch(/no event receiver configured/);
    expect((await env.post("feishu/extra", "{}")).status).toBe(404);
    expect((await env.post("feishu", "x".repeat(1024 * 1024 + 1))).status).toBe(413);
    await env.repositories.providers.delete(plain.id);
  });

  it("refuses forged, unsigned and undecryptable pushes with 400, queuing nothing", async () => {
    const before = (await env.runs()).length;
    const envelope = JSON.stringify({
      schema: "2.0",
      header: {
        event_id: "ev-forged-1",
        event_type: "contact.user.created_v3",
        token: VERIFICATION_TOKEN,
        create_time: String(Date.now()),
      },
      event: { object: { union_id: "on_forged", open_id: "ou_forged" } },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signed = (body: string, key: string) => ({
      "X-Lark-Request-Timestamp": timestamp,
      "X-Lark-Request-Nonce": "nonce-1",
      "X-Lark-Signature": signEvent(timestamp, "nonce-1", key, body),
    });
    const body = JSON.stringify({ encrypt: encryptEvent(envelope, ENCRYPT_KEY) });
    const foreign = JSON.stringify({ encrypt: encryptEvent(envelope, "another-apps-key") });

    const answers = [
      await env.sandbox.pushRaw(body, signed(body, "not-the-encrypt-key")),
      await env.sandbox.pushRaw(body),
      await env.sandbox.pushRaw(foreign, signed(foreign, "another-apps-key")),
      await env.sandbox.pushRaw("not json"),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
    const [forged, unsigned] = answers.map((answer) => JSON.parse(answer.body).error as string);
    expect(forged).toMatch(/^feishu \(feishu\): event refused: X-Lark-Signature does not match/);
    expect(unsigned).toMatch(/no X-Lark-Signature/);
    for (const answer of answers) {
      expect(answer.body).not.toContain(ENCRYPT_KEY);
      expect(answer.body).not.toContain(VERIFICATION_TOKEN);
    }

    await sleep(SETTLE_MS);
    expect(env.ingest.pending(env.provider.id)).toBeUndefined();
    expect(await env.runs()).toHaveLength(before);
  });

  it("syncs the org once in full", async () => {
    const run = await env.runService.run({ providerId: env.provider.id, scope: "ALL" });
    expect(await waitForStatus(env.runService, run.id, ["succeeded", "failed"])).toMatchObject({
      status: "succeeded",
    });
    expect(await accountsOf(early.id)).toHaveLength(1);
  });

  it("coalesces a burst of ten changes into one targeted run of all of them", async () => {
    const before = (await env.runs()).length;
    const renamed = org.users.slice(0, 10);
    // Sent at once (Feishu pushes a bulk change the same way), within 200 ms.
    const started = Date.now();
    await Promise.all(
      renamed.map((user, i) => env.sandbox.updateUser(user.id, { name: `新名字 ${i}` })),
    );
    expect(Date.now() - started).toBeLessThan(QUIET_MS);

    await env.waitForRuns((all) => all.length > before && finished(all.at(-1)));
    await sleep(SETTLE_MS);
    const added = (await env.runs()).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ trigger: "event", status: "succeeded" });
    expect(added[0]?.targets).toEqual({
      departmentIds: [],
      userIds: renamed.map((user) => user.id).sort(),
    });
    for (const [i, user] of renamed.entries()) {
      const [account] = await accountsOf(user.id);
      expect(account?.attributes.displayName).toEqual([`新名字 ${i}`]);
    }
  });

  it("keeps a change that arrives while the provider is busy, and runs it after", async () => {
    // A silent departure (no event): the full run that sees it is held for approval.
    const leaving = org.users[29] as SourceSnapshot["users"][number];
    const current = env.sandbox.org();
    env.sandbox.setOrg({
      departments: current.departments,
      users: current.users.map((user) =>
        user.id === leaving.id ? { ...user, status: "resigned" as const } : user,
      ),
    });
    const held = await env.runService.run({ providerId: env.provider.id, scope: "ALL" });
    await waitForStatus(env.runService, held.id, ["needs_approval"]);

    const before = (await env.runs()).length;
    await env.sandbox.hire(late);
    await sleep(SETTLE_MS);
    // Not queued (the provider is busy), not lost.
    expect(await env.runs()).toHaveLength(before);
    expect(env.ingest.pending(env.provider.id)).toEqual({ departmentIds: [], userIds: [late.id] });

    await env.runService.approve(held.id, "test");
    const approved = await waitForStatus(env.runService, held.id, ["succeeded", "failed"]);
    expect(approved.status).toBe("succeeded");
    const runs = await env.waitForRuns((all) => all.length > before && finished(all.at(-1)));
    const after = runs.at(-1);
    expect(after).toMatchObject({
      trigger: "event",
      status: "succeeded",
      targets: { departmentIds: [], userIds: [late.id] },
    });
    expect(after?.createdAt.getTime()).toBeGreaterThanOrEqual(
      approved.finishedAt?.getTime() ?? Number.POSITIVE_INFINITY,
    );
    expect(env.ingest.pending(env.provider.id)).toBeUndefined();
    expect(await accountsOf(late.id)).toHaveLength(1);
  });
});
