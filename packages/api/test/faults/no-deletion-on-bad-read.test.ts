import type { SourceSnapshot } from "@orgsync/core";
import type { LdifEntry } from "@orgsync/ldap/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunRecord } from "../../src/repositories/runs.ts";
import { type RunStack, startRunStack } from "../harness/run-stack.ts";
import { FAST_FEISHU_RETRY, smallOrg, useSyncEnvironment } from "../harness/sync-environment.ts";
import { allItems, runToEnd } from "../runs/helpers.ts";
import { directoryView, viewOfOrg } from "./directory-of-org.ts";

/**
 * A source read that goes wrong after a good first sync must never remove anyone: an IM that
 * answers "nobody works here" (a lost permission), a page of users that keeps failing, one
 * department the app may no longer see. Each time, through the service's run, proves that:
 *
 * - the run ends `failed` with an error that names the cause (the empty source, the failing
 *   call and its department, the department outside the contact scope);
 * - nothing was planned and nothing was written: no items, and every entry of the directory —
 *   operational attributes included, so any modify would show — is as it was;
 * - once the fault clears, the next run is a no-op (nothing planned, nothing written).
 *
 * The approval gate is switched off: a short read would otherwise be held for approval as a
 * mass departure, and this suite is about the read itself refusing, not about the gate.
 */

const org = smallOrg(60, 8, 3);

/** The department with the most direct members: its people would be disabled by a short read. */
const biggest = [...org.departments].sort(
  (a, b) => membersOf(b.id).length - membersOf(a.id).length,
)[0] as SourceSnapshot["departments"][number];
function membersOf(departmentId: string) {
  return org.users.filter((user) => user.departmentIds.includes(departmentId));
}

describe("no deletion on a bad read", () => {
  const env = useSyncEnvironment("pglite", {
    org,
    departedUsers: "disable",
    safety: { maxDestructive: null, maxDestructivePercent: null },
    // One call at a time, so that "the N-th users page" is one known department's page.
    providerConfig: { retry: FAST_FEISHU_RETRY, concurrency: 1 },
  });
  let stack: RunStack;
  let before: LdifEntry[];

  /** The whole tree with operational attributes: any write changes an entryCSN. */
  const directory = () => env.ldapsearch(env.slapd.baseDn, "(objectClass=*)", ["*", "+"]);

  beforeAll(async () => {
    stack = await startRunStack(env);
    expect(membersOf(biggest.id).length).toBeGreaterThan(3);
    const first = await runToEnd(stack.service, env.provider.id);
    expect(first.status).toBe("succeeded");
    expect(await directoryView(env.slapd)).toEqual(viewOfOrg(org));
    before = await directory();
  }, 60_000);
  afterAll(() => stack?.stop());

  /** Runs with the fault on: failed, nothing planned, nothing written. */
  async function refusedRun(): Promise<RunRecord> {
    const run = await runToEnd(stack.service, env.provider.id);
    expect(run.status).toBe("failed");
    // Never planned: no plan size recorded, no operation counted, no item logged.
    expect(run.progressTotal).toBeNull();
    expect(run.counts).toEqual({});
    expect(await allItems(stack.service, run.id)).toEqual([]);
    expect(await directory()).toEqual(before);
    return run;
  }

  /** Runs with the fault cleared: succeeded, with nothing to do. */
  async function expectNoOpRun(): Promise<void> {
    const run = await runToEnd(stack.service, env.provider.id);
    expect(run).toMatchObject({ status: "succeeded", error: null, progressTotal: 0, counts: {} });
    expect(await allItems(stack.service, run.id)).toEqual([]);
    expect(await directory()).toEqual(before);
  }

  it("refuses an org that comes back empty", async () => {
    env.setOrg({ departments: [], users: [] });
    const run = await refusedRun();
    expect(run.error).toMatch(
      /^planner \(feishu\): the source returned no departments and no users; refusing to plan/,
    );

    env.setOrg(org);
    await expectNoOpRun();
  });

  it("refuses a read whose users page keeps failing, naming the call and its department", async () => {
    env.sandbox.resetStats();
    // The 3rd users page and both of its retries (FAST_FEISHU_RETRY: 3 attempts) answer 500.
    const fail = (nth: number) => ({
      route: "findByDepartment" as const,
      nth,
      status: 500,
      code: 55001,
    });
    env.sandbox.setFaults({ failCall: [fail(3), fail(4), fail(5)] });
    const run = await refusedRun();

    const pages = env.sandbox.log.filter((entry) => entry.route === "findByDepartment");
    const failing = new URLSearchParams(pages[2]?.query).get("department_id");
    expect(failing).toBeTruthy();
    expect(pages.slice(2, 5).map((page) => page.status)).toEqual([500, 500, 500]);
    expect(run.error).toContain(
      `find_by_department for department ${failing} failed after 3 attempts: code 55001`,
    );
    expect(run.error).toContain("HTTP 500");

    env.sandbox.setFaults({});
    await expectNoOpRun();
  });

  it("refuses a read where one department answers 40004, naming the department", async () => {
    env.sandbox.setFaults({ noAuthorityDepartments: [biggest.id] });
    const run = await refusedRun();
    expect(run.error).toContain(`department ${biggest.id}`);
    expect(run.error).toContain("40004");
    expect(run.error).toContain("outside the app's contact scope");

    env.sandbox.setFaults({});
    await expectNoOpRun();
  });
});
