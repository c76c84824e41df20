import { ConfigError, SafetyError, type SourceSnapshot } from "@orgsync/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError, RunAlreadyActiveError } from "../../src/errors.ts";
import { storedPlanOf } from "../../src/runs/stored-plan.ts";
import { DATABASE_KINDS } from "../databases.ts";
import { type RunStack, startRunStack } from "../harness/run-stack.ts";
import { INITIAL_PASSWORD, smallOrg, useSyncEnvironment } from "../harness/sync-environment.ts";
import { allItems, collectEvents, runCount, runToEnd } from "./helpers.ts";

/** 51 people; the environment starts with the first 50, the last one is hired later. */
const fullOrg = smallOrg(51);
const org: SourceSnapshot = { departments: fullOrg.departments, users: fullOrg.users.slice(0, 50) };

describe.each(DATABASE_KINDS)("runs on %s", (kind) => {
  const env = useSyncEnvironment(kind, { org });
  let stack: RunStack;
  beforeAll(async () => {
    // Not started: the first ALL run is watched from `queued` on, then the runner starts.
    stack = await startRunStack(env, { start: false });
  });
  afterAll(() => stack?.stop());

  const everything = () =>
    env
      .ldapsearch(env.slapd.baseDn, "(objectClass=*)", ["*", "+"])
      .then((entries) => entries.sort((a, b) => a.dn.localeCompare(b.dn)));

  it("refuses a USERS run before the groups were synced, storing nothing", async () => {
    for (const call of [
      () => stack.service.run({ providerId: env.provider.id, scope: "USERS" }),
      () => stack.service.plan({ providerId: env.provider.id, scope: "USERS" }),
    ]) {
      const error = await call().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SafetyError);
      expect(error).toMatchObject({ rule: "groupsNotSynced" });
      expect((error as Error).message).toContain('run a GROUPS (or ALL) sync for "feishu" first');
    }
    expect(await runCount(stack.service, env.provider.id)).toBe(0);
  });

  it("refuses providers that are unknown, disabled or without field relations", async () => {
    const bare = await env.repositories.providers.create({
      kind: "feishu",
      flag: "bare",
      name: "No relations",
      config: { appId: env.sandbox.app.appId, appSecret: "x", domain: env.sandbox.url },
      secretFields: ["appSecret"],
    });
    const missing = await stack.service
      .run({ providerId: bare.id, scope: "ALL" })
      .catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(SafetyError);
    expect(missing).toMatchObject({ rule: "fieldRelationsMissing" });
    expect((missing as Error).message).toMatch(
      /field relations are not set for groups; save them \(or reset them to the provider's defaults\)/,
    );
    await env.repositories.fieldRelations.set(bare.id, "group", { name: "name", attributes: {} });
    await expect(stack.service.plan({ providerId: bare.id, scope: "ALL" })).rejects.toThrow(
      /field relations are not set for users/,
    );

    await env.repositories.providers.update(bare.id, { enabled: false });
    const disabled = await stack.service
      .run({ providerId: bare.id, scope: "ALL" })
      .catch((caught: unknown) => caught);
    expect(disabled).toBeInstanceOf(ConfigError);
    expect((disabled as Error).message).toMatch(/is disabled; enable it before syncing/);

    await expect(
      stack.service.run({ providerId: "00000000-0000-4000-8000-000000000000", scope: "ALL" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await runCount(stack.service, bare.id)).toBe(0);
    await env.repositories.providers.delete(bare.id);
  });

  it("makes a dry run: the plan and its items are stored, nothing is written", async () => {
    const before = await everything();
    const run = await stack.service.plan({
      providerId: env.provider.id,
      scope: "ALL",
      requestedBy: "alice",
    });
    expect(run).toMatchObject({ status: "succeeded", dryRun: true, requestedBy: "alice" });
    const saved = await env.repositories.runs.getStoredPlan(run.id);
    const stored = storedPlanOf(saved);
    // Only a plan held for approval carries the directory's fingerprint: nothing else compares it.
    expect(stored?.plan.approval.required).toBe(false);
    expect(stored).not.toHaveProperty("directoryFingerprint");
    const operations = stored?.plan.operations ?? [];
    expect(operations.length).toBeGreaterThan(50);
    expect(run.progressTotal).toBe(operations.length);
    expect(run.counts.createUser).toEqual({ planned: 50 });
    expect(run.counts.createGroup).toEqual({ planned: org.departments.length });

    const items = await allItems(stack.service, run.id);
    expect(items.map((item) => item.seq)).toEqual(operations.map((_, seq) => seq));
    expect(items.every((item) => item.outcome === "planned")).toBe(true);
    expect(items.map((item) => item.op)).toEqual(operations.map((op) => op.type));
    const user = items.find((item) => item.op === "createUser");
    expect(user?.changes).toContainEqual(
      expect.objectContaining({ attribute: "displayName", old: [] }),
    );
    expect(JSON.stringify(items)).not.toContain("userPassword");
    expect(JSON.stringify(saved)).not.toContain(INITIAL_PASSWORD);

    expect(await everything()).toEqual(before);
    expect((await env.managedEntries()).users).toEqual([]);
  });

  it("cancels a queued run at once", async () => {
    const queued = await stack.service.run({ providerId: env.provider.id, scope: "ALL" });
    const cancelled = await stack.service.cancel(queued.id, "alice");
    expect(cancelled).toMatchObject({ status: "cancelled", error: "runs: cancelled by alice" });
    expect(cancelled.finishedAt).toBeInstanceOf(Date);
  });

  it("runs ALL as a background job: queued → planning → applying → succeeded", async () => {
    const queued = await stack.service.run({
      providerId: env.provider.id,
      scope: "ALL",
      requestedBy: "alice",
    });
    expect(queued).toMatchObject({ status: "queued", trigger: "manual", dryRun: false });
    const watching = collectEvents(stack.service, queued.id);
    await stack.runner.start();
    const events = await watching;

    const statuses = events.map((event) => event.status).filter((s, i, all) => s !== all[i - 1]);
    expect(statuses).toEqual(["queued", "planning", "applying", "succeeded"]);
    const applying = events.filter((event) => event.status === "applying");
    const done = applying.map((event) => event.progressDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    const last = events.at(-1);
    expect(last?.progressTotal).toBeGreaterThan(50);
    expect(last?.progressDone).toBe(last?.progressTotal);

    const run = await stack.service.get(queued.id);
    expect(run).toMatchObject({
      status: "succeeded",
      error: null,
      workerId: stack.runner.workerId,
      progressDone: last?.progressTotal,
    });
    expect(run?.finishedAt).toBeInstanceOf(Date);
    expect(run?.counts.createUser).toEqual({ succeeded: 50 });

    const items = await allItems(stack.service, queued.id);
    expect(items).toHaveLength(last?.progressTotal as number);
    expect(items.every((item) => item.outcome === "succeeded" && item.attempts >= 1)).toBe(true);

    const { users, groups } = await env.managedEntries();
    const anchors = users.map((user) => user.attributes.orgsyncAnchor?.[0]);
    expect(anchors.sort()).toEqual(org.users.map((user) => `feishu:${user.id}`).sort());
    expect(groups).toHaveLength(org.departments.length);
    expect(stack.runner.running()).toEqual([]);
  });

  it("refuses a second run while one is active; the next run is a no-op", async () => {
    // A slow source keeps the first run active while the others are refused: a no-op run
    // otherwise finishes within milliseconds, before the refusals are even asked for.
    env.sandbox.setFaults({ latencyMs: 200 });
    const first = await stack.service.run({ providerId: env.provider.id, scope: "ALL" });
    try {
      const second = await stack.service
        .run({ providerId: env.provider.id, scope: "GROUPS" })
        .catch((caught: unknown) => caught);
      expect(second).toBeInstanceOf(RunAlreadyActiveError);
      expect(second).toMatchObject({ activeRunId: first.id });
      await expect(
        stack.service.plan({ providerId: env.provider.id, scope: "ALL" }),
      ).rejects.toBeInstanceOf(RunAlreadyActiveError);
    } finally {
      env.sandbox.setFaults({});
    }

    await collectEvents(stack.service, first.id);
    const run = await stack.service.get(first.id);
    expect(run).toMatchObject({ status: "succeeded", progressTotal: 0, counts: {} });
    expect(await allItems(stack.service, first.id)).toEqual([]);

    // Groups exist now, so a USERS run passes its preflight (and has nothing to do).
    expect(await runToEnd(stack.service, env.provider.id, "USERS")).toMatchObject({
      status: "succeeded",
      progressTotal: 0,
    });
  });

  it("fails while planning when the source cannot be read, writing nothing", async () => {
    env.setOrg(fullOrg);
    const denied = fullOrg.departments[2]?.id as string;
    env.sandbox.setFaults({ noAuthorityDepartments: [denied] });
    const before = await everything();
    try {
      const run = await runToEnd(stack.service, env.provider.id);
      expect(run.status).toBe("failed");
      expect(run.error).toContain(`department ${denied}`);
      expect(run.error).toContain("40004");
      expect(await env.repositories.runs.getStoredPlan(run.id)).toBeNull();
      expect(await allItems(stack.service, run.id)).toEqual([]);
      expect(await everything()).toEqual(before);
    } finally {
      env.sandbox.setFaults({});
    }
    // With the fault gone the newcomer arrives.
    const run = await runToEnd(stack.service, env.provider.id);
    expect(run).toMatchObject({ status: "succeeded", counts: { createUser: { succeeded: 1 } } });
    expect((await env.managedEntries()).users).toHaveLength(51);
  });

  it("fails a run whose objects fail, with a one-line summary and each item's error", async () => {
    const relations = await env.repositories.fieldRelations.get(env.provider.id, "user");
    if (!relations) throw new Error("the environment saves user relations");
    // An attribute the directory's schema does not know: every account update is refused.
    await env.repositories.fieldRelations.set(env.provider.id, "user", {
      ...relations.relations,
      attributes: { ...relations.relations.attributes, orgsyncNoSuchAttribute: "name" },
    });
    try {
      const run = await runToEnd(stack.service, env.provider.id);
      expect(run.status).toBe("failed");
      expect(run.error).toMatch(/^runs: \d+ of 51 operations failed: \d+ schemaViolation/);
      const failed = await stack.service.listItems(run.id, { outcome: "failed", first: 1 });
      expect(failed.items[0]).toMatchObject({ op: "updateUser", errorCategory: "schemaViolation" });
      expect(failed.items[0]?.message).toBeTruthy();
      expect(failed.items[0]?.changes).toContainEqual(
        expect.objectContaining({ attribute: "orgsyncNoSuchAttribute", old: [] }),
      );
    } finally {
      await env.repositories.fieldRelations.set(env.provider.id, "user", relations.relations);
    }
    expect(await runToEnd(stack.service, env.provider.id)).toMatchObject({
      status: "succeeded",
      progressTotal: 0,
    });
  });

  it("runs several providers at once, one run each", async () => {
    // A second connection to the same tenant under another flag: its own anchors and groups.
    const lark = await env.repositories.providers.create({
      kind: "feishu",
      flag: "lark",
      name: "Lark",
      config: {
        appId: env.sandbox.app.appId,
        appSecret: env.sandbox.app.appSecret,
        domain: env.sandbox.url,
      },
      secretFields: ["appSecret"],
    });
    const defaults = env.registry.get("feishu").defaultFieldRelations;
    await env.repositories.fieldRelations.set(lark.id, "group", defaults.group);
    await env.repositories.fieldRelations.set(lark.id, "user", defaults.user);
    env.sandbox.setFaults({ latencyMs: 20 });
    try {
      const [a, b] = await Promise.all([
        stack.service.run({ providerId: env.provider.id, scope: "GROUPS" }),
        stack.service.run({ providerId: lark.id, scope: "ALL" }),
      ]);
      let together = false;
      const ends = Promise.all([a, b].map((run) => collectEvents(stack.service, run.id)));
      const sample = setInterval(() => {
        const running = stack.runner.running();
        together ||= running.includes(a.id) && running.includes(b.id);
      }, 10);
      await ends.finally(() => clearInterval(sample));
      expect(together).toBe(true);
      expect((await stack.service.get(b.id))?.status).toBe("succeeded");
      const larkUsers = await env.ldapsearch(env.usersDn, "(orgsyncAnchor=lark:*)", ["uid"]);
      expect(larkUsers).toHaveLength(51);
    } finally {
      env.sandbox.setFaults({});
    }
  });
});
