import { describe, expect, it } from "vitest";
import { statusOf, toResignedUser, toSourceDepartment, toSourceUser } from "./map.ts";

describe("mapping DingTalk records", () => {
  it("maps never-signed-in members by inactiveAs, everyone else active", () => {
    expect(statusOf({ active: true })).toBe("active");
    expect(statusOf({})).toBe("active");
    expect(statusOf({ active: false })).toBe("notJoined");
    expect(statusOf({ active: false }, "active")).toBe("active");
  });

  it("turns numeric ids into strings and adds the department listed in", () => {
    const raw = { userid: "u1", name: "张伟", dept_id_list: [2, 3, 2], active: true };
    expect(toSourceUser(raw, { inactiveAs: "notJoined", listedIn: "9", prefix: "p" })).toEqual({
      id: "u1",
      name: "张伟",
      departmentIds: ["2", "3", "9"],
      status: "active",
      raw,
    });
    expect(toSourceDepartment({ dept_id: 12, parent_id: 1, name: "研发" }, 3, "p")).toMatchObject({
      id: "12",
      parentId: "1",
      order: 3,
    });
    expect(toSourceDepartment({ dept_id: 12, name: "x", order: 7 }, 3, "p").order).toBe(7);
  });

  it("makes a resignation record a resigned user without departments", () => {
    expect(toResignedUser({ userId: "u9", name: "离职" }, "p")).toMatchObject({
      id: "u9",
      status: "resigned",
      departmentIds: [],
    });
  });

  it("refuses records without ids, naming the provider", () => {
    expect(() =>
      toSourceUser({ name: "x" }, { inactiveAs: "active", prefix: "dingtalk (d)" }),
    ).toThrow(/^dingtalk \(d\): DingTalk returned a user without userid/);
    expect(() => toSourceDepartment({ name: "x" }, 0, "dingtalk (d)")).toThrow(/without dept_id/);
  });
});
