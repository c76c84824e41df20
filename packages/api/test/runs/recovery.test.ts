import { describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../databases.ts";
import { startRunStack } from "../harness/run-stack.ts";
import { spawnRunnerProcess } from "../harness/spawn-runner.ts";
import { smallOrg, useSyncEnvironment } from "../harness/sync-environment.ts";
import { allItems, runToEnd, waitForStatus } from "./helpers.ts";

const org = smallOrg(300, 30, 13);

describe.each(DATABASE_KINDS)("recovery after kill -9 on %s", (kind) => {
  const env = useSyncEnvironment(kind, { org });

  it("marks the run of a killed process interrupted; the next run converges", async () => {
    // Queued here without a runner, so that the child process claims it.
    const queuer = await startRunStack(env, { start: false });
    const queued = await queuer.service.run({ providerId: env.provider.id, scope: "ALL" });
    // PGlite: one process at a time owns the data directory.
    if (kind === "pglite") await env.closeDatabase();

    const child = await spawnRunnerProcess(env, {
      mode: kind === "pglite" ? "embedded" : "shared",
      workerId: "doomed",
    });
    try {
      await child.waitForEvent(
        (event) =>
          event.runId === queued.id && event.status === "applying" && event.progressDone > 0,
      );
    } finally {
      await child.kill();
    }

    if (kind === "pglite") await env.reopenDatabase();
    // Embedded: every planning/applying run is an orphan at start. Shared: the peer's run is
    // marked once its heartbeat is older than staleAfterMs, by the start or a later sweep.
    const stack = await startRunStack(env, { staleAfterMs: 1000, workerId: "survivor" });
    try {
      const interrupted = await waitForStatus(stack.service, queued.id, ["interrupted"], 20_000);
      expect(interrupted).toMatchObject({ workerId: "doomed" });
      expect(interrupted.error).toMatch(/stopped before it finished; run it again to converge/);
      expect(interrupted.finishedAt).toBeInstanceOf(Date);
      const items = await allItems(stack.service, queued.id);
      expect(items.length).toBe(interrupted.progressTotal);
      const written = (await env.managedEntries()).users.length;
      expect(written).toBeLessThan(org.users.length);

      const run = await runToEnd(stack.service, env.provider.id);
      expect(run.status).toBe("succeeded");
      const { users, groups } = await env.managedEntries();
      const anchors = users.map((user) => user.attributes.orgsyncAnchor?.[0]);
      expect(anchors.sort()).toEqual(org.users.map((user) => `feishu:${user.id}`).sort());
      const uids = users.map((user) => user.attributes.uid?.[0]);
      expect(new Set(uids).size).toBe(uids.length);
      expect(groups).toHaveLength(org.departments.length);
      expect(await runToEnd(stack.service, env.provider.id)).toMatchObject({
        status: "succeeded",
        progressTotal: 0,
      });
    } finally {
      await stack.stop();
    }
  }, 120_000);
});
