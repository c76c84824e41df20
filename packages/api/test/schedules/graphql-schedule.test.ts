import { type Slapd, startSlapd } from "@orgsync/ldap/testing";
import { type RunningFeishuSandbox, startFeishuSandbox } from "@orgsync/provider-feishu/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Tokens } from "../../src/container/tokens.ts";
import { DATABASE_KINDS } from "../databases.ts";
import { configureThroughGraphQL } from "../harness/configure-through-graphql.ts";
import { smallOrg } from "../harness/sync-environment.ts";
import { useTestService } from "../service/test-service.ts";

/**
 * Schedules through the GraphQL API of a whole service (`startService`, its scheduler ticking
 * on its own timer): slapd, the Feishu sandbox, PGlite and PostgreSQL.
 */

const SCHEDULE = `__typename
  ... on Schedule { scope cron timezone enabled updatedBy nextFireTimes(count: 3) }
  ... on ValidationError { message issues { path message } }
  ... on NotFoundError { message }`;

interface Schedule {
  __typename: string;
  scope: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  updatedBy: string;
  nextFireTimes: string[];
  message: string;
  issues: { path: string; message: string }[];
}

interface Fire {
  scope: string;
  fireAt: string;
  outcome: string;
  runId: string | null;
  reason: string | null;
  run: { id: string; trigger: string; status: string; requestedBy: string } | null;
}

describe.each(DATABASE_KINDS)("schedules through GraphQL on %s", (kind) => {
  const t = useTestService(kind);
  let slapd: Slapd;
  let sandbox: RunningFeishuSandbox;
  let token: string;
  let providerId: string;

  async function data<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await t.gql<T>(query, variables, token);
    if (result.errors?.length || !result.data) {
      throw new Error(`GraphQL request failed: ${JSON.stringify(result)}`);
    }
    return result.data;
  }

  const setSchedule = (variables: Record<string, unknown>) =>
    data<{ setSchedule: Schedule }>(
      `mutation($id: ID!, $scope: SyncScope!, $cron: String!, $tz: String, $enabled: Boolean) {
        setSchedule(providerId: $id, scope: $scope, cron: $cron, timezone: $tz, enabled: $enabled) { ${SCHEDULE} }
      }`,
      { id: providerId, ...variables },
    ).then((result) => result.setSchedule);

  beforeAll(async () => {
    [slapd, sandbox] = await Promise.all([
      startSlapd({ orgsyncSchema: true }),
      startFeishuSandbox({ org: smallOrg(20, 4) }),
    ]);
    token = await t.login();
    providerId = await configureThroughGraphQL(data, { slapd, sandbox });
  }, 60_000);

  afterAll(async () => {
    await Promise.all([slapd?.stop(), sandbox?.close()]);
  });

  it("refuses an invalid cron or time zone with issues naming it, saving nothing", async () => {
    const sevenFields = await setSchedule({ scope: "GROUPS", cron: "0 0 2 * * * *" });
    expect(sevenFields).toMatchObject({
      __typename: "ValidationError",
      message: expect.stringMatching(/^schedules \(feishu\): the cron expected 5 fields/),
      issues: [
        {
          path: "cron",
          message:
            "expected 5 fields: minute hour day month weekday, or 6 fields: second minute hour day month weekday; got 7",
        },
      ],
    });
    const zone = await setSchedule({ scope: "GROUPS", cron: "0 0 2 * * *", tz: "Asia/Beijing" });
    expect(zone).toMatchObject({ __typename: "ValidationError", issues: [{ path: "timezone" }] });
    const unknown = await data<{ setSchedule: Schedule }>(
      `mutation { setSchedule(providerId: "00000000-0000-4000-8000-000000000000", scope: ALL, cron: "@daily") { ${SCHEDULE} } }`,
    );
    expect(unknown.setSchedule.__typename).toBe("NotFoundError");
    const listed = await data<{ provider: { schedules: unknown[] } }>(
      `query($id: ID!) { provider(id: $id) { schedules { scope } } }`,
      { id: providerId },
    );
    expect(listed.provider.schedules).toEqual([]);
  });

  it("returns the next fire times in the schedule's time zone", async () => {
    const saved = await setSchedule({
      scope: "USERS",
      cron: "0 0 2 * * *",
      tz: "Asia/Shanghai",
      enabled: false,
    });
    expect(saved).toMatchObject({
      __typename: "Schedule",
      scope: "USERS",
      timezone: "Asia/Shanghai",
      enabled: false,
      updatedBy: "admin",
    });
    expect(saved.nextFireTimes).toHaveLength(3);
    for (const time of saved.nextFireTimes) expect(time).toMatch(/T18:00:00(\.000)?Z$/);
    const [entry] = await t.service.container
      .resolve(Tokens.Repositories)
      .audit.list({ action: "schedule.set", targetId: providerId });
    expect(entry?.details).toEqual({
      actor: "admin",
      scope: "USERS",
      cron: "0 0 2 * * *",
      timezone: "Asia/Shanghai",
      enabled: false,
    });
  });

  it("fires an every-2-seconds GROUPS schedule on time: a schedule run that succeeds, its fire recorded", {
    timeout: 60_000,
  }, async () => {
    const saved = await setSchedule({ scope: "GROUPS", cron: "*/2 * * * * *" });
    expect(saved.__typename).toBe("Schedule");
    const [first, second] = saved.nextFireTimes.map((time) => new Date(time).getTime());
    expect((second as number) - (first as number)).toBe(2000);

    const fires = `query($id: ID!) { provider(id: $id) {
      scheduleFires(first: 50) { scope fireAt outcome runId reason run { id trigger status requestedBy } }
    } }`;
    let started: Fire | undefined;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const result = await data<{ provider: { scheduleFires: Fire[] } }>(fires, { id: providerId });
      started = result.provider.scheduleFires.find(
        (fire) => fire.outcome === "started" && fire.run?.status === "succeeded",
      );
      if (started) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Stop it before asserting, so the service does not keep syncing.
    await setSchedule({ scope: "GROUPS", cron: "*/2 * * * * *", enabled: false });
    expect(started).toMatchObject({
      scope: "GROUPS",
      outcome: "started",
      run: { trigger: "schedule", status: "succeeded", requestedBy: "schedule" },
    });
    expect(started?.runId).toBe(started?.run?.id);
    // On time: the run was queued within a second or so of the fire it belongs to.
    const run = await t.service.container.resolve(Tokens.RunService).get(started?.runId as string);
    const lag = (run?.createdAt.getTime() ?? 0) - new Date(started?.fireAt as string).getTime();
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(1500);
    expect(new Date(started?.fireAt as string).getUTCSeconds() % 2).toBe(0);

    // Every other fire while it ran was skipped, naming the run; none was stacked.
    const all = (await data<{ provider: { scheduleFires: Fire[] } }>(fires, { id: providerId }))
      .provider.scheduleFires;
    for (const fire of all.filter((f) => f.outcome !== "started")) {
      expect(fire).toMatchObject({
        outcome: "skipped",
        reason: expect.stringMatching(/^the provider was running: run /),
      });
    }
  });

  it("lists the provider's schedules and deletes one", async () => {
    const listed = await data<{ provider: { schedules: { scope: string; enabled: boolean }[] } }>(
      `query($id: ID!) { provider(id: $id) { schedules { scope enabled } } }`,
      { id: providerId },
    );
    expect(listed.provider.schedules).toEqual([
      { scope: "GROUPS", enabled: false },
      { scope: "USERS", enabled: false },
    ]);
    const remove = `mutation($id: ID!) { deleteSchedule(providerId: $id, scope: USERS) {
      __typename ... on MutationDeleteScheduleSuccess { data } } }`;
    expect(await data(remove, { id: providerId })).toEqual({
      deleteSchedule: { __typename: "MutationDeleteScheduleSuccess", data: true },
    });
    expect(await data(remove, { id: providerId })).toEqual({
      deleteSchedule: { __typename: "MutationDeleteScheduleSuccess", data: false },
    });
  });
});
