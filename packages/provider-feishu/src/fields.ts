import type { FieldDescriptor, FieldDescriptors } from "@orgsync/core";

/**
 * The Feishu fields the relation editor offers: the REST records of departments and users
 * (wire spec §3.2, §4.2), with the permission a field needs where it needs one, since Feishu
 * leaves such fields out silently.
 */

const GROUP_FIELDS: readonly FieldDescriptor[] = [
  { path: "name", label: "Name", type: "string", example: "研发中心" },
  {
    path: "i18n_name.en_us",
    label: "English name",
    type: "string",
    example: "R&D Center",
  },
  {
    path: "open_department_id",
    label: "Open department id",
    type: "string",
    description: "Immutable; orgsync anchors departments on it.",
    example: "od-4e6ac4d14bcd5071a37a39de902c7141",
  },
  {
    path: "department_id",
    label: "Custom department id",
    type: "string",
    description: "Set by the admin; can change.",
    example: "D096",
  },
  {
    path: "parent_department_id",
    label: "Parent open department id",
    type: "string",
    description: '"0" for a top-level department.',
    example: "od-0f1e2d3c4b5a69788796a5b4c3d2e1f0",
  },
  {
    path: "leader_user_id",
    label: "Leader (user id)",
    type: "string",
    description: "In the configured userIdType.",
    example: "on_94a1ee5551019f18cd73d9f111898cf2",
  },
  {
    path: "order",
    label: "Order",
    type: "string",
    description: "Sort order among siblings; a numeric string.",
    example: "1000",
  },
  {
    path: "chat_id",
    label: "Department group chat id",
    type: "string",
    example: "oc_5ad11d72b830411d72b836c20",
  },
  {
    path: "member_count",
    label: "Member count",
    type: "number",
    description: "People in this department and below, leaders included.",
    example: "120",
  },
  {
    path: "primary_member_count",
    label: "Primary member count",
    type: "number",
    example: "80",
  },
  { path: "unit_ids", label: "Unit ids", type: "string[]", example: '["custom_unit_id"]' },
  { path: "status.is_deleted", label: "Deleted", type: "boolean", example: "false" },
];

const USER_FIELDS: readonly FieldDescriptor[] = [
  { path: "name", label: "Name", type: "string", example: "张伟" },
  { path: "en_name", label: "English name", type: "string", example: "Wei Zhang" },
  { path: "nickname", label: "Nickname", type: "string", example: "伟哥" },
  {
    path: "email",
    label: "Email",
    type: "string",
    description: "Needs contact:user.email:readonly.",
    example: "zhangwei@example.com",
  },
  {
    path: "enterprise_email",
    label: "Enterprise email",
    type: "string",
    description: "The Feishu mailbox; needs contact:user.email:readonly.",
    example: "zhangwei@corp.feishu.cn",
  },
  {
    path: "mobile",
    label: "Mobile",
    type: "string",
    description: "Needs contact:user.phone:readonly.",
    example: "+8613800000000",
  },
  {
    path: "employee_no",
    label: "Employee number",
    type: "string",
    description: "Needs contact:user.employee:readonly.",
    example: "E000123",
  },
  {
    path: "employee_type",
    label: "Employee type",
    type: "number",
    description: "1 full-time, 2 intern, 3 outsourced, 4 labour, 5 consultant.",
    example: "1",
  },
  {
    path: "job_title",
    label: "Job title",
    type: "string",
    description: "Needs contact:user.employee:readonly.",
    example: "高级工程师",
  },
  { path: "work_station", label: "Work station", type: "string", example: "北京-A座-12F" },
  { path: "city", label: "City", type: "string", example: "北京" },
  { path: "country", label: "Country", type: "string", example: "CN" },
  {
    path: "gender",
    label: "Gender",
    type: "number",
    description: "0 unknown, 1 male, 2 female, 3 other.",
    example: "1",
  },
  {
    path: "join_time",
    label: "Join time",
    type: "number",
    description: "Unix time in seconds.",
    example: "1615381702",
  },
  {
    path: "union_id",
    label: "Union id",
    type: "string",
    description: "Same for all apps of one developer; the default source id.",
    example: "on_94a1ee5551019f18cd73d9f111898cf2",
  },
  {
    path: "open_id",
    label: "Open id",
    type: "string",
    description: "Per app.",
    example: "ou_7dab8a3d3cdcc9da365777c7ad535d62",
  },
  {
    path: "user_id",
    label: "User id",
    type: "string",
    description: "Per tenant, set by the admin; needs contact:user.employee_id:readonly.",
    example: "3e3cf96b",
  },
  {
    path: "department_ids",
    label: "Department ids",
    type: "string[]",
    example: '["od-4e6ac4d14bcd5071a37a39de902c7141"]',
  },
  {
    path: "leader_user_id",
    label: "Leader (user id)",
    type: "string",
    example: "on_7dab8a3d3cdcc9da365777c7ad535d62",
  },
  { path: "description", label: "Description", type: "string", example: "后端负责人" },
  { path: "time_zone", label: "Time zone", type: "string", example: "Asia/Shanghai" },
  { path: "is_tenant_manager", label: "Tenant admin", type: "boolean", example: "false" },
  {
    path: "avatar.avatar_origin",
    label: "Avatar URL",
    type: "string",
    example: "https://s1-imfile.feishucdn.com/static-resource/v1/…",
  },
  { path: "status.is_activated", label: "Activated", type: "boolean", example: "true" },
  { path: "status.is_frozen", label: "Frozen", type: "boolean", example: "false" },
  { path: "status.is_resigned", label: "Resigned", type: "boolean", example: "false" },
  { path: "status.is_unjoin", label: "Not joined yet", type: "boolean", example: "false" },
];

/** Fresh copies: a caller may sort or annotate what it gets. */
export function describeFields(): FieldDescriptors {
  return {
    group: GROUP_FIELDS.map((field) => ({ ...field })),
    user: USER_FIELDS.map((field) => ({ ...field })),
  };
}
