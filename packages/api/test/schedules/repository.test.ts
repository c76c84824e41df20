import { describe, expect, it } from "vitest";
import { createTestProvider, DATABASE_KINDS, useTestDatabase } from "../databases.ts";

describe.each(DATABASE_KINDS)("schedule repository on %s", (kind) => {
  const t = useTestDatabase(kind);

  it("sets, lists in scope order, replaces and deletes a provider's schedules", async () => {
    const provider = await createTestProvider(t.repos);
    const other = await createTestProvider(t.repos);
    const schedules = t.repos.schedules;
    await schedules.set(provider.id, "USERS", {
      cron: "0 0 3 * * *",
      timezone: "Asia/Shanghai",
      enabled: true,
      updatedBy: "alice",
    });
    await schedules.set(provider.id, "GROUPS", {
      cron: "0 2 * * *",
      timezone: "UTC",
      enabled: false,
    });
    await schedules.set(other.id, "ALL", { cron: "@daily", timezone: "UTC", enabled: true });

    expect((await schedules.list(provider.id)).map((s) => [s.scope, s.cron, s.enabled])).toEqual([
      ["GROUPS", "0 2 * * *", false],
      ["USERS", "0 0 3 * * *", true],
    ]);
    const replaced = await schedules.set(provider.id, "USERS", {
      cron: "0 30 3 * * *",
      timezone: "UTC",
      enabled: true,
      updatedBy: "bob",
    });
    expect(replaced).toMatchObject({ cron: "0 30 3 * * *", timezone: "UTC", updatedBy: "bob" });
    expect(await schedules.get(provider.id, "USERS")).toEqual(replaced);

    // The scheduler sees enabled schedules of enabled providers only.
    const active = (await schedules.listActive()).filter((s) =>
      [provider.id, other.id].includes(s.providerId),
    );
    expect(active.map((s) => [s.flag, s.scope])).toEqual(
      expect.arrayContaining([
        [provider.flag, "USERS"],
        [other.flag, "ALL"],
      ]),
    );
    expect(active).toHaveLength(2);
    await t.repos.providers.update(other.id, { enabled: false });
    expect((await schedules.listActive()).some((s) => s.providerId === other.id)).toBe(false);

    expect(await schedules.delete(provider.id, "GROUPS")).toBe(true);
    expect(await schedules.delete(provider.id, "GROUPS")).toBe(false);
    expect((await schedules.list(provider.id)).map((s) => s.scope)).toEqual(["USERS"]);
  });

  it("records a fire once: only the first insert wins", async () => {
    const provider = await createTestProvider(t.repos);
    const fireAt = new Date("2026-03-01T02:00:00Z");
    const fire = { providerId: provider.id, scope: "GROUPS" as const, fireAt };
    expect(await t.repos.schedules.recordFire({ ...fire, outcome: "started" })).toBe(true);
    expect(await t.repos.schedules.recordFire({ ...fire, outcome: "started" })).toBe(false);
    // Another scope or instant is another fire.
    expect(
      await t.repos.schedules.recordFire({ ...fire, scope: "USERS", outcome: "started" }),
    ).toBe(true);

    const run = await t.repos.runs.create({
      providerId: provider.id,
      scope: "GROUPS",
      trigger: "schedule",
      requestedBy: "schedule",
    });
    expect(
      await t.repos.schedules.updateFire(fire, { outcome: "started", runId: run.id }),
    ).toMatchObject({ outcome: "started", runId: run.id, reason: null });
    await t.repos.schedules.updateFire(
      { ...fire, scope: "USERS" },
      { outcome: "skipped", reason: `the provider was running: run ${run.id}` },
    );
    const later = new Date("2026-03-01T02:00:01Z");
    await t.repos.schedules.recordFire({ ...fire, fireAt: later, outcome: "failed", reason: "x" });

    const fires = await t.repos.schedules.listFires(provider.id);
    expect(fires.map((f) => [f.fireAt.toISOString(), f.scope, f.outcome])).toEqual([
      [later.toISOString(), "GROUPS", "failed"],
      [fireAt.toISOString(), "GROUPS", "started"],
      [fireAt.toISOString(), "USERS", "skipped"],
    ]);
    expect(await t.repos.schedules.listFires(provider.id, { first: 1 })).toHaveLength(1);
    expect(await t.repos.schedules.listFires(provider.id, { scope: "USERS" })).toHaveLength(1);

    // A batch returns exactly the fires it inserted.
    const won = await t.repos.schedules.recordFires([
      { providerId: provider.id, scope: "USERS", fireAt: later, outcome: "started" },
      { providerId: provider.id, scope: "GROUPS", fireAt: later, outcome: "started" },
    ]);
    expect(won.map((key) => key.scope)).toEqual(["USERS"]);
  });

  it.runIf(kind === "postgres")(
    "lets exactly one of many concurrent connections win a set of fires",
    async () => {
      const provider = await createTestProvider(t.repos);
      for (let second = 0; second < 5; second++) {
        const fireAt = new Date(Date.UTC(2026, 2, 1, 3, 0, second));
        // Twenty callers at once over the pool's ten connections, as several processes would.
        const results = await Promise.all(
          Array.from({ length: 20 }, () =>
            t.repos.schedules.recordFires([
              { providerId: provider.id, scope: "USERS", fireAt, outcome: "started" },
              { providerId: provider.id, scope: "GROUPS", fireAt, outcome: "started" },
            ]),
          ),
        );
        // One caller wins both rows of the set; nobody else wins any.
        expect(results.filter((won) => won.length > 0).map((won) => won.length)).toEqual([2]);
      }
    },
  );
});
