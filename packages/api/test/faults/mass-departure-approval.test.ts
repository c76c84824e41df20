import type { SourceSnapshot } from "@orgsync/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IllegalRunTransitionError } from "../../src/errors.ts";
import { storedPlanOf } from "../../src/runs/stored-plan.ts";
import { DATABASE_KINDS } from "../databases.ts";
import { type RunStack, startRunStack } from "../harness/run-stack.ts";
import { smallOrg, useSyncEnvironment } from "../harness/sync-environment.ts";
import { allItems, runToEnd, waitForStatus } from "../runs/helpers.ts";

const fullOrg = smallOrg(51);
/** The first 50 people; the 51st joins while a run is held. */
const org: SourceSnapshot = { departments: fullOrg.departments, users: fullOrg.users.slice(0, 50) };
const newcomer = fullOrg.users[50] as SourceSnapshot["users"][number];
const without = (snapshot: SourceSnapshot, ids: readonly string[]): SourceSnapshot => ({
  departments: snapshot.departments,
  users: snapshot.users.filter((user) => !ids.includes(user.id)),
});

describe.each(DATABASE_KINDS)("run approval on %s", (kind) => {
  // Core's default thresholds: 10 disables of 58 managed entries are over 10%.
  const env = useSyncEnvironment(kind, { org });
  let stack: RunStack;
  beforeAll(async () => {
    stack = await startRunStack(env);
    expect((await runToEnd(stack.service, env.provider.id)).status).toBe("succeeded");
  }, 60_000);
  afterAll(() => stack?.stop());

  const firstLeavers = org.users.slice(0, 10).map((user) => user.id);
  const secondLeavers = org.users.slice(10, 20).map((user) => user.id);

  const disabledAnchors = async () =>
    (await env.managedEntries()).users
      .filter((user) => user.attributes.orgsyncDisabled?.[0] === "TRUE")
      .map((user) => user.attributes.orgsyncAnchor?.[0]);

  const hold = async () => {
    const queued = await stack.service.run({ providerId: env.provider.id, scope: "ALL" });
    return waitForStatus(stack.service, queued.id, ["needs_approval", "succeeded", "failed"]);
  };

  it("holds a mass departure, writes nothing, and applies exactly the held plan once approved", async () => {
    env.setOrg(without(org, firstLeavers));
    const held = await hold();
    expect(held.status).toBe("needs_approval");
    expect(held.error).toMatch(
      /needs approval: 10 deletions\/disables are .* over the limit of 10%/,
    );
    const stored = storedPlanOf(await env.repositories.runs.getStoredPlan(held.id));
    expect(stored?.plan.approval).toMatchObject({ required: true });
    expect(stored?.plan.approval.destructive).toHaveLength(10);
    expect(held.counts.disableUser).toEqual({ planned: 10 });
    const heldItems = await allItems(stack.service, held.id);
    expect(heldItems.every((item) => item.outcome === "planned")).toBe(true);
    expect(await disabledAnchors()).toEqual([]);

    // A hire after the plan was made is not part of what is approved: no planning again.
    env.setOrg(without(fullOrg, firstLeavers));
    const { run, replanned } = await stack.service.approve(held.id, "bob");
    expect(replanned).toBe(false);
    expect(run).toMatchObject({ status: "applying", approvedBy: "bob", error: null });
    const applied = await waitForStatus(stack.service, held.id, ["succeeded", "failed"]);
    expect(applied).toMatchObject({
      status: "succeeded",
      counts: { disableUser: { succeeded: 10 } },
    });

    const items = await allItems(stack.service, held.id);
    const operations = stored?.plan.operations ?? [];
    expect(items.map((item) => [item.op, item.anchor])).toEqual(
      operations.map((op) => [op.type, op.anchor]),
    );
    expect(items.every((item) => item.outcome === "succeeded")).toBe(true);
    expect((await disabledAnchors()).sort()).toEqual(
      firstLeavers.map((id) => `feishu:${id}`).sort(),
    );
    const anchors = (await env.managedEntries()).users.map((u) => u.attributes.orgsyncAnchor?.[0]);
    expect(anchors).not.toContain(`feishu:${newcomer.id}`);
  });

  it("plans again, and asks again, when the directory changed before approval", async () => {
    env.setOrg(without(fullOrg, [...firstLeavers, ...secondLeavers]));
    const held = await hold();
    expect(held.status).toBe("needs_approval");
    const heldFingerprint = storedPlanOf(
      await env.repositories.runs.getStoredPlan(held.id),
    )?.directoryFingerprint;
    expect(heldFingerprint).toMatch(/^sha256:/);

    // An admin edits a managed entry by hand while the run waits.
    const stayer = (await env.managedEntries()).users.find(
      (user) => user.attributes.orgsyncAnchor?.[0] === `feishu:${org.users[30]?.id}`,
    );
    expect(stayer).toBeDefined();
    await env.ldapmodify(
      `dn: ${stayer?.dn}\nchangetype: modify\nreplace: description\ndescription: edited by hand\n`,
    );

    const { run, replanned } = await stack.service.approve(held.id, "bob");
    expect(replanned).toBe(true);
    expect(run.status).toBe("needs_approval");
    expect(run.approvedBy).toBeNull();
    expect(run.error).toMatch(/directory changed after this plan was made.*review the new plan/);
    const replan = storedPlanOf(await env.repositories.runs.getStoredPlan(run.id));
    // A replanned run waits for approval whatever its size, so it must carry a fingerprint.
    expect(replan?.directoryFingerprint).toMatch(/^sha256:/);
    expect(replan?.directoryFingerprint).not.toBe(heldFingerprint);
    const repair = replan?.plan.operations.find(
      (op) => op.type === "updateUser" && op.anchor === `feishu:${org.users[30]?.id}`,
    );
    expect(repair).toBeDefined();
    const items = await allItems(stack.service, held.id);
    expect(items).toHaveLength(replan?.plan.operations.length as number);
    expect(items.every((item) => item.outcome === "planned")).toBe(true);
    expect(await disabledAnchors()).toHaveLength(10);

    // Nothing changed since: this approval applies the new plan.
    const second = await stack.service.approve(held.id, "bob");
    expect(second.replanned).toBe(false);
    const applied = await waitForStatus(stack.service, held.id, ["succeeded", "failed"]);
    expect(applied.status).toBe("succeeded");
    expect(await disabledAnchors()).toHaveLength(20);
    const edited = await env.ldapsearch(stayer?.dn as string, "(objectClass=*)", ["description"], {
      scope: "base",
    });
    expect(edited[0]?.attributes.description).not.toContain("edited by hand");
  });

  it("cancels a held run at once; refuses to approve or cancel a finished one", async () => {
    env.setOrg(
      without(
        fullOrg,
        org.users.slice(0, 32).map((user) => user.id),
      ),
    );
    const held = await hold();
    expect(held.status).toBe("needs_approval");
    const cancelled = await stack.service.cancel(held.id, "carol");
    expect(cancelled).toMatchObject({ status: "cancelled", error: "runs: cancelled by carol" });
    await expect(stack.service.cancel(held.id, "carol")).rejects.toBeInstanceOf(
      IllegalRunTransitionError,
    );
    await expect(stack.service.approve(held.id, "bob")).rejects.toBeInstanceOf(
      IllegalRunTransitionError,
    );
    expect(await disabledAnchors()).toHaveLength(20);
  });

  it("applies a replanned plan on the next approval even when it is under the thresholds", async () => {
    env.setOrg(
      without(
        fullOrg,
        org.users.slice(0, 32).map((user) => user.id),
      ),
    );
    const held = await hold();
    expect(held.status).toBe("needs_approval");

    // The twelve come back, and an admin edits an entry by hand: the plan is made again, now
    // small enough to pass the gate, and still waits for approval.
    env.setOrg(without(fullOrg, [...firstLeavers, ...secondLeavers]));
    const stayer = (await env.managedEntries()).users.find(
      (user) => user.attributes.orgsyncAnchor?.[0] === `feishu:${org.users[40]?.id}`,
    );
    await env.ldapmodify(
      `dn: ${stayer?.dn}\nchangetype: modify\nreplace: description\ndescription: edited again\n`,
    );
    const first = await stack.service.approve(held.id, "bob");
    expect(first.replanned).toBe(true);
    const replan = storedPlanOf(await env.repositories.runs.getStoredPlan(held.id));
    expect(replan?.plan.approval.required).toBe(false);

    const second = await stack.service.approve(held.id, "bob");
    expect(second.replanned).toBe(false);
    const applied = await waitForStatus(stack.service, held.id, ["succeeded", "failed"]);
    expect(applied.status).toBe("succeeded");
    expect(await disabledAnchors()).toHaveLength(20);
  });
});
