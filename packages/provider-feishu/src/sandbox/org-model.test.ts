import { generateOrg } from "@orgsync/core/testing";
import { describe, expect, it } from "vitest";
import { OrgModel, validateSnapshot } from "./org-model.ts";
import { parseOrg } from "./org-schema.ts";
import { ALL_SCOPES } from "./types.ts";

describe("org model", () => {
  it("derives stable, distinct ids when the raw record has none", () => {
    const org = {
      departments: [{ id: "od-a", parentId: "0", name: "A", order: 2, raw: {} }],
      users: [
        { id: "on_1", name: "U", departmentIds: ["od-a"], status: "notJoined" as const, raw: {} },
      ],
    };
    const one = new OrgModel(org);
    const two = new OrgModel(org);
    const context = {
      departmentIdType: "open_department_id" as const,
      userIdType: "open_id" as const,
      scopes: new Set(ALL_SCOPES),
    };
    const user = one.renderUser(org.users[0] as never, context);
    expect(user).toEqual(two.renderUser(org.users[0] as never, context));
    expect(user.open_id).toMatch(/^ou_[0-9a-f]{32}$/);
    expect(user.union_id).toBe("on_1");
    expect(user.user_id).toMatch(/^[0-9a-f]{8}$/);
    expect(user.status).toMatchObject({ is_unjoin: true, is_activated: false });
    const department = one.renderDepartment(org.departments[0] as never, context);
    expect(department).toMatchObject({ open_department_id: "od-a", order: "2", member_count: 1 });
    expect(one.resolveDepartment(department.department_id as string, "department_id")).toBe("od-a");
  });

  it("resolves a generated org's leader to the rendered id type", () => {
    const org = generateOrg({ departments: 3, users: 10, seed: 2 });
    const model = new OrgModel(org);
    const department = org.departments.find((d) => d.raw.leader_user_id);
    const leader = org.users.find((u) => u.raw.open_id === department?.raw.leader_user_id);
    const rendered = model.renderDepartment(department as never, {
      departmentIdType: "open_department_id",
      userIdType: "union_id",
      scopes: new Set(),
    });
    expect(rendered.leader_user_id).toBe(leader?.id);
  });

  it("rejects orgs that do not hang together, naming the record", () => {
    expect(() =>
      validateSnapshot({
        departments: [{ id: "od-a", parentId: "od-b", name: "A", order: 0, raw: {} }],
        users: [],
      }),
    ).toThrow('feishu sandbox: department #0 ("od-a") has an unknown parent "od-b"');
    expect(() =>
      validateSnapshot({
        departments: [
          { id: "a", parentId: "b", name: "A", order: 0, raw: {} },
          { id: "b", parentId: "a", name: "B", order: 0, raw: {} },
        ],
        users: [],
      }),
    ).toThrow(/parent cycle/);
    expect(() => parseOrg({ departments: [], users: [{ id: "u1", name: 3 }] }, "org.json")).toThrow(
      'feishu sandbox: org.json: user #0 ("u1") is invalid: name',
    );
    expect(() => parseOrg([], "org.json")).toThrow(/org.json must be/);
  });
});
