import { describe, expect, it } from "vitest";
import { statusOf, toSourceDepartment, toSourceUser } from "./map.ts";

describe("mapping Feishu records", () => {
  it("normalises the status flags", () => {
    expect(statusOf({ is_activated: true })).toBe("active");
    expect(statusOf({ is_resigned: true, is_frozen: true })).toBe("resigned");
    expect(statusOf({ is_exited: true })).toBe("resigned");
    expect(statusOf({ is_frozen: true, is_activated: true })).toBe("frozen");
    expect(statusOf({ is_unjoin: true })).toBe("notJoined");
    expect(statusOf({ is_activated: false })).toBe("notJoined");
    expect(statusOf(undefined)).toBe("active");
  });

  it("maps a department with a string order", () => {
    expect(
      toSourceDepartment(
        { open_department_id: "od-1", parent_department_id: "0", name: "研发", order: "300" },
        "feishu (x)",
      ),
    ).toMatchObject({ id: "od-1", parentId: "0", name: "研发", order: 300 });
  });

  it("takes the configured id type, the listed department and the primary department", () => {
    const raw = {
      union_id: "on_1",
      open_id: "ou_1",
      name: "张三",
      department_ids: ["od-2"],
      orders: [
        { department_id: "od-2", is_primary_dept: false },
        { department_id: "od-1", is_primary_dept: true },
      ],
    };
    const user = toSourceUser(raw, {
      userIdType: "open_id",
      listedIn: "od-1",
      prefix: "feishu (x)",
    });
    expect(user).toMatchObject({
      id: "ou_1",
      departmentIds: ["od-2", "od-1"],
      primaryDepartmentId: "od-1",
      status: "active",
    });
    expect(() =>
      toSourceUser({ name: "x" }, { userIdType: "union_id", prefix: "feishu (x)" }),
    ).toThrow(/^feishu \(x\): Feishu returned a user without union_id/);
  });
});
