import { describe, expect, it } from "vitest";
import { numericDepartmentIds } from "./numeric-ids.ts";
import { generateOrg } from "./org-generator.ts";

describe("numericDepartmentIds", () => {
  it("renumbers departments and everything that points at them, keeping the root and users", () => {
    const org = generateOrg({ departments: 30, users: 80, seed: 7, rootId: "1" });
    const numeric = numericDepartmentIds(org, { ids: { [org.departments[0]?.id ?? ""]: "900" } });
    expect(numeric.departments.every((department) => /^\d+$/.test(department.id))).toBe(true);
    expect(numeric.departments[0]?.id).toBe("900");
    expect(new Set(numeric.departments.map((d) => d.id)).size).toBe(org.departments.length);
    const known = new Set(["1", ...numeric.departments.map((department) => department.id)]);
    expect(numeric.departments.every((department) => known.has(department.parentId))).toBe(true);
    expect(numeric.users.every((user) => user.departmentIds.every((id) => known.has(id)))).toBe(
      true,
    );
    expect(numeric.users.map((user) => user.id)).toEqual(org.users.map((user) => user.id));
    // Same shape: the i-th department's parent is the renamed parent of the original.
    const byOld = new Map(org.departments.map((d, i) => [d.id, numeric.departments[i]?.id]));
    for (const [i, department] of org.departments.entries()) {
      const expected = department.parentId === "1" ? "1" : byOld.get(department.parentId);
      expect(numeric.departments[i]?.parentId).toBe(expected);
    }
  });
});
