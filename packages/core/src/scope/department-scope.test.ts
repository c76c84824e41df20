import { describe, expect, it } from "vitest";
import type { SourceDepartment, SourceSnapshot, SourceUser } from "../model/source.ts";
import { applyDepartmentScope, parseDepartmentList } from "./department-scope.ts";

const department = (id: string, parentId: string): SourceDepartment => ({
  id,
  parentId,
  name: id,
  order: 0,
  raw: {},
});
const user = (id: string, departmentIds: string[], primaryDepartmentId?: string): SourceUser => ({
  id,
  name: id,
  departmentIds,
  status: "active",
  raw: {},
  ...(primaryDepartmentId ? { primaryDepartmentId } : {}),
});

// 0 ─ rd ─ backend ─ infra
//   └ sales
const org: SourceSnapshot = {
  departments: [
    department("rd", "0"),
    department("backend", "rd"),
    department("infra", "backend"),
    department("sales", "0"),
  ],
  users: [
    user("ceo", ["0"]),
    user("dev", ["backend"]),
    user("ops", ["infra", "sales"], "sales"),
    user("seller", ["sales"]),
  ],
};
const ids = (items: { id: string }[]) => items.map((item) => item.id).sort();

describe("parseDepartmentList", () => {
  it("splits includes and ^excludes, ignoring blanks", () => {
    expect(parseDepartmentList(["od-1", " ^od-2 ", "", "^"])).toEqual({
      include: ["od-1"],
      exclude: ["od-2"],
    });
    expect(parseDepartmentList(null)).toEqual({ include: [], exclude: [] });
  });
});

describe("applyDepartmentScope", () => {
  it("keeps everything when the list is empty", () => {
    expect(applyDepartmentScope(org, parseDepartmentList([]), "0").source).toBe(org);
  });

  it("includes whole subtrees and re-roots the included top", () => {
    const { source } = applyDepartmentScope(org, parseDepartmentList(["backend"]), "0");
    expect(ids(source.departments)).toEqual(["backend", "infra"]);
    expect(source.departments.find((d) => d.id === "backend")?.parentId).toBe("0");
    expect(source.departments.find((d) => d.id === "infra")?.parentId).toBe("backend");
    expect(ids(source.users)).toEqual(["dev", "ops"]);
    const ops = source.users.find((u) => u.id === "ops");
    expect(ops?.departmentIds).toEqual(["infra"]);
    expect(ops?.primaryDepartmentId).toBeUndefined();
  });

  it("excludes whole subtrees, keeping root members", () => {
    const { source } = applyDepartmentScope(org, parseDepartmentList(["^backend"]), "0");
    expect(ids(source.departments)).toEqual(["rd", "sales"]);
    expect(ids(source.users)).toEqual(["ceo", "ops", "seller"]);
    expect(source.users.find((u) => u.id === "ops")?.primaryDepartmentId).toBe("sales");
  });

  it("drops root members when only some departments are included", () => {
    const { source } = applyDepartmentScope(org, parseDepartmentList(["sales"]), "0");
    expect(ids(source.users)).toEqual(["ops", "seller"]);
  });

  it("reports ids the source does not know", () => {
    const { unknownIds } = applyDepartmentScope(org, parseDepartmentList(["rd", "^od-typo"]), "0");
    expect(unknownIds).toEqual(["od-typo"]);
  });

  it("survives a cycle in source data", () => {
    const cyclic: SourceSnapshot = {
      departments: [department("a", "b"), department("b", "a")],
      users: [],
    };
    expect(
      ids(applyDepartmentScope(cyclic, parseDepartmentList(["a"]), "0").source.departments),
    ).toEqual(["a", "b"]);
  });
});
