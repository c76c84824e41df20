import { describe, expect, it } from "vitest";
import type { SourceDepartment, SourceSnapshot, SourceUser } from "../../model/source.ts";
import { type OrgListings, readScopedDepartments, readScopedUsers } from "./scoped-read.ts";

const department = (id: string, parentId: string): SourceDepartment => ({
  id,
  parentId,
  name: `D${id}`,
  order: 0,
  raw: {},
});
const user = (id: string, departmentIds: string[]): SourceUser => ({
  id,
  name: id,
  departmentIds,
  status: "active",
  raw: {},
});

// 1 ─┬─ 2 ── 3 ── 4
//    └─ 5 ── 6
const org: SourceSnapshot = {
  departments: [
    department("2", "1"),
    department("3", "2"),
    department("4", "3"),
    department("5", "1"),
    department("6", "5"),
  ],
  users: [user("boss", ["1"]), user("a", ["3"]), user("b", ["4", "6"]), user("c", ["5"])],
};

function listings(
  deptList: string[],
  log: string[] = [],
  walk: "subtree" | "children" = "subtree",
): OrgListings {
  const under = (top: string): SourceDepartment[] =>
    org.departments
      .filter((d) => d.parentId === top)
      .flatMap((child) => [child, ...under(child.id)]);
  return {
    rootDepartmentId: "1",
    deptList,
    concurrency: 2,
    prefix: "im (x)",
    ...(walk === "subtree"
      ? {
          async *subtree(top: string) {
            log.push(`subtree ${top}`);
            yield* under(top);
          },
        }
      : {
          async children(id: string) {
            log.push(`children ${id}`);
            return org.departments.filter((d) => d.parentId === id);
          },
        }),
    async department(id) {
      log.push(`department ${id}`);
      const found = org.departments.find((d) => d.id === id);
      if (!found) throw new Error(`no department ${id}`);
      return found;
    },
    async *users(ids) {
      log.push(`users ${[...ids].sort().join(",")}`);
      yield* org.users.filter((u) => u.departmentIds.some((id) => ids.includes(id)));
    },
  };
}

async function read(deptList: string[], walk: "subtree" | "children" = "subtree") {
  const log: string[] = [];
  const departments: SourceDepartment[] = [];
  for await (const d of readScopedDepartments(listings(deptList, log, walk))) departments.push(d);
  const users: SourceUser[] = [];
  for await (const u of readScopedUsers(listings(deptList, log, walk))) users.push(u);
  return {
    departments: departments.map((d) => `${d.id}<${d.parentId}`).sort(),
    users: users.map((u) => `${u.id}:${u.departmentIds.join("+")}`).sort(),
    log,
  };
}

describe("scoped reads", () => {
  it("reads the whole org, the root's members included", async () => {
    const { departments, users, log } = await read([]);
    expect(departments).toEqual(["2<1", "3<2", "4<3", "5<1", "6<5"]);
    expect(users).toEqual(["a:3", "b:4+6", "boss:1", "c:5"]);
    expect(log).toContain("users 1,2,3,4,5,6");
  });

  it("keeps an included subtree, re-rooted, and people only in its departments", async () => {
    const { departments, users } = await read(["3", "6"]);
    expect(departments).toEqual(["3<1", "4<3", "6<1"]);
    expect(users).toEqual(["a:3", "b:4+6"]);
  });

  it("drops an excluded subtree but keeps the root's members", async () => {
    const { departments, users } = await read(["^2"]);
    expect(departments).toEqual(["5<1", "6<5"]);
    expect(users).toEqual(["b:6", "boss:1", "c:5"]);
  });

  it("counts the root's members in when the root itself is listed, excludes aside", async () => {
    const { departments, users } = await read(["1", "^5"]);
    expect(departments).toEqual(["2<1", "3<2", "4<3"]);
    expect(users).toEqual(["a:3", "b:4", "boss:1"]);
  });

  it("walks level by level from children(), each department listed once", async () => {
    const { departments, users, log } = await read(["2", "3", "^6"], "children");
    expect(departments).toEqual(["2<1", "3<2", "4<3"]);
    expect(users).toEqual(["a:3", "b:4"]);
    const listed = log.filter((line) => line.startsWith("children"));
    // Once per read (departments, then users): 2 and 3 nested, each listed once per read.
    expect(listed.sort()).toEqual([
      "children 2",
      "children 2",
      "children 3",
      "children 3",
      "children 4",
      "children 4",
    ]);
    expect((await read([], "children")).departments).toEqual((await read([])).departments);
  });

  it("fails the whole read when a listing fails", async () => {
    await expect(read(["9"])).rejects.toThrow(/no department 9/);
  });
});
