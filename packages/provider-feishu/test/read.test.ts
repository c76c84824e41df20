import {
  applyDepartmentScope,
  parseDepartmentList,
  readSource,
  type SourceSnapshot,
} from "@orgsync/core";
import { generateOrg } from "@orgsync/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { feishuProvider } from "../src/index.ts";
import { type Harness, startHarness } from "./helpers.ts";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const summary = (snapshot: SourceSnapshot) => ({
  departments: snapshot.departments.map((d) => `${d.id}<${d.parentId}`).sort(),
  users: snapshot.users.map((u) => `${u.id}:${[...u.departmentIds].sort().join(",")}`).sort(),
});

describe("full reads", () => {
  it("works with a trailing slash on the domain", async () => {
    const org = generateOrg({ departments: 4, users: 12, seed: 2 });
    harness = await startHarness(org);
    const { sandbox } = harness;
    const provider = feishuProvider({ ...harness.provider.config, domain: `${sandbox.url}//` });
    expect(provider.config.domain).toBe(sandbox.url);
    expect((await readSource(provider)).users).toHaveLength(12);
    expect(sandbox.log.length).toBeGreaterThan(0);
    expect(sandbox.log.every((entry) => entry.path.startsWith("/open-apis/"))).toBe(true);
  });

  it("reads people directly under the root (go-ldap-admin #87 missed them)", async () => {
    const org = generateOrg({ departments: 5, users: 50, seed: 4, rootUserShare: 0.2 });
    harness = await startHarness(org);
    const read = await readSource(harness.provider);
    const rootUsers = org.users.filter((user) => user.departmentIds.includes("0"));
    expect(rootUsers.length).toBeGreaterThan(0);
    for (const user of rootUsers) {
      expect(read.users.find((u) => u.id === user.id)?.departmentIds).toContain("0");
    }
  });

  it("uses open_id as the source id when configured", async () => {
    const org = generateOrg({ departments: 3, users: 10, seed: 6 });
    harness = await startHarness(org, { provider: { userIdType: "open_id" } });
    const read = await readSource(harness.provider);
    expect(read.users.every((user) => user.id === user.raw.open_id)).toBe(true);
    expect(read.users.every((user) => user.id.startsWith("ou_"))).toBe(true);
  });

  it("pages every listing with page_size 50 and reads each page once", async () => {
    const org = generateOrg({ departments: 60, users: 400, seed: 8 });
    harness = await startHarness(org);
    await readSource(harness.provider);
    const listings = harness.sandbox.log.filter((entry) => entry.route !== "token");
    expect(listings.every((entry) => entry.query?.includes("page_size=50"))).toBe(true);
    expect(harness.sandbox.stats.calls.token).toBe(1);
  });

  it.each([
    ["an included subtree", (org: SourceSnapshot) => [org.departments[0]?.id as string]],
    ["an excluded subtree", (org: SourceSnapshot) => [`^${org.departments[0]?.id as string}`]],
    [
      "two includes and a nested exclude",
      (org: SourceSnapshot) => {
        const top = org.departments.filter((d) => d.parentId === "0");
        const nested = org.departments.find((d) => d.parentId === top[0]?.id);
        return [top[0]?.id, top[1]?.id, `^${nested?.id}`].filter(
          (id): id is string => !!id && !id.endsWith("undefined"),
        );
      },
    ],
  ])("applies deptList with go-ldap-admin semantics: %s", async (_name, list) => {
    const org = generateOrg({ departments: 30, users: 150, seed: 10, rootUserShare: 0.05 });
    const deptList = list(org);
    harness = await startHarness(org, { provider: { deptList } });
    const read = await readSource(harness.provider);
    const expected = applyDepartmentScope(org, parseDepartmentList(deptList), "0").source;
    expect(summary(read)).toEqual(summary(expected));
  });
});
