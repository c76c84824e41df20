/** Test fixtures: realistic Feishu records (contact v3 `user` / `department` objects). */
import type { SourceDepartment, SourceUser } from "../model/source.ts";
import type { FieldDescriptors } from "../provider/provider.ts";

export function feishuUser(
  overrides: Partial<SourceUser> = {},
  raw: Record<string, unknown> = {},
): SourceUser {
  return {
    id: "on_7d2b3f6a9c0e1d4b5a6f7e8d9c0b1a2f",
    name: "曾小明",
    departmentIds: ["od-4e6ac4d14bcd5071a37a39de902c7141", "od-8a1b2c3d"],
    status: "active",
    raw: {
      union_id: "on_7d2b3f6a9c0e1d4b5a6f7e8d9c0b1a2f",
      user_id: "3e3cf96b",
      open_id: "ou_7dab8a3d3cdcc9da365777c7ad535d62",
      name: "曾小明",
      en_name: "Xiaoming Zeng",
      nickname: "小明",
      email: "xiaoming.zeng@example.com",
      enterprise_email: "zengxm@corp.example.com",
      mobile: "+8613800138000",
      mobile_visible: true,
      gender: 1,
      avatar: {
        avatar_72: "https://example.com/a72.png",
        avatar_origin: "https://example.com/a.png",
      },
      status: {
        is_frozen: false,
        is_resigned: false,
        is_activated: true,
        is_exited: false,
        is_unjoin: false,
      },
      department_ids: ["od-4e6ac4d14bcd5071a37a39de902c7141", "od-8a1b2c3d"],
      leader_user_id: "ou_7dab8a3d3cdcc9da365777c7ad535e43",
      city: "杭州",
      country: "CN",
      work_station: "北京-望京-5F-A01",
      join_time: 1615381702,
      is_tenant_manager: false,
      employee_no: "E00123",
      employee_type: 1,
      orders: [
        {
          department_id: "od-4e6ac4d14bcd5071a37a39de902c7141",
          user_order: 100,
          department_order: 0,
        },
      ],
      job_title: "高级工程师",
      ...raw,
    },
    ...overrides,
  };
}

export function feishuDepartment(
  overrides: Partial<SourceDepartment> = {},
  raw: Record<string, unknown> = {},
): SourceDepartment {
  return {
    id: "od-4e6ac4d14bcd5071a37a39de902c7141",
    parentId: "0",
    name: "研发中心",
    order: 3,
    raw: {
      name: "研发中心",
      i18n_name: { zh_cn: "研发中心", en_us: "R&D" },
      parent_department_id: "0",
      department_id: "D096",
      open_department_id: "od-4e6ac4d14bcd5071a37a39de902c7141",
      leader_user_id: "ou_7dab8a3d3cdcc9da365777c7ad535d62",
      chat_id: "oc_5ad11d72b830411d72b836c20",
      order: "3",
      unit_ids: ["custom_unit_id"],
      member_count: 100,
      status: { is_deleted: false },
      ...raw,
    },
    ...overrides,
  };
}

/** What a Feishu plugin's `describeFields()` would list. */
export const feishuFields: FieldDescriptors = {
  group: [
    "name",
    "parent_department_id",
    "department_id",
    "open_department_id",
    "leader_user_id",
    "unit_ids",
    "status.is_deleted",
  ].map((path) => ({ path, label: path, type: "string" as const })),
  user: [
    "union_id",
    "user_id",
    "open_id",
    "en_name",
    "nickname",
    "email",
    "enterprise_email",
    "mobile",
    "gender",
    "avatar.avatar_origin",
    "city",
    "country",
    "work_station",
    "join_time",
    "employee_no",
    "job_title",
    "leader_user_id",
  ].map((path) => ({ path, label: path, type: "string" as const })),
};
