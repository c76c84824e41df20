import { describe, expect, it } from "vitest";
import { generateOrg, mulberry32 } from "./org-generator.ts";

describe("generateOrg", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = generateOrg({ departments: 50, users: 300, seed: 7 });
    expect(generateOrg({ departments: 50, users: 300, seed: 7 })).toEqual(a);
    expect(generateOrg({ departments: 50, users: 300, seed: 8 })).not.toEqual(a);
  });

  it("makes the requested counts with unique Feishu-style ids", () => {
    const org = generateOrg({ departments: 200, users: 2000, seed: 1 });
    expect(org.departments).toHaveLength(200);
    expect(org.users).toHaveLength(2000);
    expect(new Set(org.departments.map((d) => d.id)).size).toBe(200);
    expect(new Set(org.users.map((u) => u.id)).size).toBe(2000);
    expect(org.departments.every((d) => /^od-[0-9a-f]{32}$/.test(d.id))).toBe(true);
    expect(org.users.every((u) => /^ou_[0-9a-f]{32}$/.test(u.id))).toBe(true);
    const user = org.users[0];
    expect(user?.raw).toMatchObject({
      name: user?.name,
      open_id: user?.id,
      department_ids: user?.departmentIds,
    });
    expect(Object.keys(user?.raw ?? {})).toEqual(
      expect.arrayContaining(["email", "mobile", "employee_no", "job_title", "work_station"]),
    );
    expect(org.departments[0]?.raw).toMatchObject({ open_department_id: org.departments[0]?.id });
  });

  it("builds a valid tree at most six deep, with unique sibling names", () => {
    const rootId = "1";
    const org = generateOrg({ departments: 3000, users: 10, seed: 3, rootId });
    const byId = new Map(org.departments.map((d) => [d.id, d]));
    let deepest = 0;
    for (const department of org.departments) {
      let depth = 1;
      for (let parent = department.parentId; parent !== rootId; depth++) {
        const next = byId.get(parent);
        expect(next, `parent ${parent} exists`).toBeDefined();
        parent = next?.parentId ?? rootId;
        expect(depth).toBeLessThan(7);
      }
      deepest = Math.max(deepest, depth);
    }
    expect(deepest).toBe(6);
    const siblings = new Set(org.departments.map((d) => `${d.parentId}/${d.name}`));
    expect(siblings.size).toBe(org.departments.length);
  });

  it("puts the requested share of users in several departments, and everyone somewhere known", () => {
    const org = generateOrg({ departments: 100, users: 5000, seed: 5, multiDepartmentShare: 0.2 });
    const known = new Set(["0", ...org.departments.map((d) => d.id)]);
    const multi = org.users.filter((u) => u.departmentIds.length > 1).length / org.users.length;
    expect(multi).toBeGreaterThan(0.16);
    expect(multi).toBeLessThan(0.24);
    for (const user of org.users) {
      expect(user.departmentIds.length).toBeGreaterThan(0);
      expect(user.departmentIds.length).toBeLessThanOrEqual(3);
      expect(new Set(user.departmentIds).size).toBe(user.departmentIds.length);
      for (const id of user.departmentIds) expect(known.has(id)).toBe(true);
    }
  });

  it("repeats common Chinese names the way real companies do", () => {
    const org = generateOrg({ departments: 50, users: 5000, seed: 1 });
    const counts = new Map<string, number>();
    for (const user of org.users) counts.set(user.name, (counts.get(user.name) ?? 0) + 1);
    expect(counts.get("张伟") ?? 0).toBeGreaterThanOrEqual(5);
    const emails = org.users.map((u) => u.raw.email).filter((email) => email !== "");
    expect(new Set(emails).size).toBe(emails.length);
  });

  it("honours duplicateNameShare and status shares", () => {
    const plain = generateOrg({
      departments: 10,
      users: 2000,
      seed: 2,
      statusShares: { resigned: 0, frozen: 0, notJoined: 0 },
    });
    expect(plain.users.every((u) => u.status === "active")).toBe(true);
    const dupes = generateOrg({ departments: 10, users: 2000, seed: 2, duplicateNameShare: 0.5 });
    const distinct = (names: string[]) => new Set(names).size;
    expect(distinct(dupes.users.map((u) => u.name))).toBeLessThan(
      distinct(plain.users.map((u) => u.name)),
    );
    const mixed = generateOrg({
      departments: 10,
      users: 2000,
      seed: 2,
      statusShares: { resigned: 0.1 },
    });
    const resigned = mixed.users.filter((u) => u.status === "resigned");
    expect(resigned.length).toBeGreaterThan(120);
    expect(resigned.every((u) => (u.raw.status as { is_resigned: boolean }).is_resigned)).toBe(
      true,
    );
  });

  it("generates 100k users in 10k departments", () => {
    // Its speed is the benchmarks' business (they generate such orgs); a CPU-time limit here
    // failed whenever the machine was busy, which says nothing about the generator.
    const org = generateOrg({ departments: 10_000, users: 100_000, seed: 9 });
    expect(org.users).toHaveLength(100_000);
    expect(org.departments).toHaveLength(10_000);
    expect(new Set(org.users.map((user) => user.id)).size).toBe(100_000);
  });

  it("mulberry32 yields floats in [0, 1)", () => {
    const random = mulberry32(1);
    for (let i = 0; i < 1000; i++) {
      const value = random();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});
