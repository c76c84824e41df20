import type { FieldDescriptor, FieldDescriptors } from "@orgsync/core";

/**
 * The WeCom fields the relation editor offers: the `department/get` and `user/get` records as
 * WeCom sends them. Fields a new self-built app's secret never receives say so.
 */

type Row = [
  path: string,
  label: string,
  type: FieldDescriptor["type"],
  example: string,
  description?: string,
];

const APP_HIDDEN = "Empty with a self-built app's secret created since 2022-06-20.";

const GROUP_FIELDS: readonly Row[] = [
  ["name", "Name", "string", "研发中心"],
  ["name_en", "English name", "string", "R&D Center"],
  ["id", "Department id", "number", "2", "Immutable; orgsync anchors departments on it."],
  ["parentid", "Parent id", "number", "1", "1 for top level."],
  ["order", "Order", "number", "100000000", "Higher first in WeCom."],
  ["department_leader", "Leaders (userids)", "string[]", '["zhangsan"]'],
];

const USER_FIELDS: readonly Row[] = [
  ["userid", "User id", "string", "zhangsan", "Immutable anchor."],
  ["name", "Name", "string", "张三"],
  ["alias", "Alias (English name)", "string", "Sam Zhang"],
  ["mobile", "Mobile", "string", "13800000000", APP_HIDDEN],
  ["email", "Email", "string", "zhangsan@example.com", APP_HIDDEN],
  ["biz_mail", "Corporate email", "string", "zhangsan@corp.wecom.work"],
  ["position", "Position", "string", "工程师"],
  ["external_position", "External position", "string", "高级工程师"],
  ["telephone", "Telephone", "string", "010-12345678"],
  ["address", "Address", "string", "北京市朝阳区"],
  ["gender", "Gender", "string", "1", "0 unknown, 1 male, 2 female."],
  ["avatar", "Avatar URL", "string", "https://wework.qpic.cn/…", APP_HIDDEN],
  ["open_userid", "Open userid", "string", "woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA"],
  ["main_department", "Main department", "number", "2"],
  ["department", "Departments", "string[]", "[2, 3]"],
  ["direct_leader", "Direct leaders", "string[]", '["lisi"]'],
  ["status", "Status", "number", "1", "1 active, 2 disabled, 4 not activated, 5 left the corp."],
  ["extattr", "Custom attributes", "object", '{"attrs": []}'],
];

const field = ([path, label, type, example, description]: Row): FieldDescriptor => ({
  path,
  label,
  type,
  ...(description ? { description } : {}),
  example,
});

export function describeFields(): FieldDescriptors {
  return { group: GROUP_FIELDS.map(field), user: USER_FIELDS.map(field) };
}
