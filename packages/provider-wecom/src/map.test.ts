import { describe, expect, it } from "vitest";
import { statusOf, toSourceDepartment, toSourceUser } from "./map.ts";

describe("wecom mapping", () => {
  it("maps WeCom's documented statuses, unknown ones to active", () => {
    expect([1, 2, 4, 5, "5", undefined, 9].map(statusOf)).toEqual([
      "active",
      "frozen",
      "notJoined",
      "resigned",
      "resigned",
      "active",
      "active",
    ]);
  });

  it("turns numeric ids into strings and keeps the record without the envelope", () => {
    const user = toSourceUser(
      {
        errcode: 0,
        errmsg: "ok",
        userid: "zhangsan",
        name: "张三",
        department: [3, 2, 3],
        main_department: 2,
        status: 2,
        email: "z@example.com",
      },
      "wecom (t)",
    );
    expect(user).toEqual({
      id: "zhangsan",
      name: "张三",
      departmentIds: ["3", "2"],
      primaryDepartmentId: "2",
      status: "frozen",
      raw: {
        userid: "zhangsan",
        name: "张三",
        department: [3, 2, 3],
        main_department: 2,
        status: 2,
        email: "z@example.com",
      },
    });
    expect(
      toSourceDepartment({ id: 7, parentid: 1, name: "研发", order: 100 }, "wecom (t)"),
    ).toMatchObject({ id: "7", parentId: "1", name: "研发", order: 100 });
  });

  it("refuses a record without an id, naming the provider", () => {
    expect(() => toSourceUser({ name: "x" }, "wecom (t)")).toThrow(/wecom \(t\).*without userid/);
    expect(() => toSourceDepartment({ name: "x" }, "wecom (t)")).toThrow(/without id/);
  });
});
