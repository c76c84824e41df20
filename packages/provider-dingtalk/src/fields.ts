import type { FieldDescriptor, FieldDescriptors } from "@orgsync/core";

/** The DingTalk record fields the relation editor offers (department/listsub, user/list). */

type Row = [path: string, label: string, type: FieldDescriptor["type"], example?: string];

const GROUP_FIELDS: Row[] = [
  ["name", "Name", "string", "研发部"],
  ["dept_id", "Department id", "number", "12345"],
  ["parent_id", "Parent department id", "number", "1"],
  ["order", "Order", "number", "2"],
];

const USER_FIELDS: Row[] = [
  ["name", "Name", "string", "张伟"],
  ["userid", "User id", "string", "manager4220"],
  ["unionid", "Union id", "string", "z21HjQliSzpw0YWCNxmii1u2Os62cZ62iSZ"],
  ["mobile", "Mobile", "string", "13800000000"],
  ["email", "Email", "string", "zhangwei@example.com"],
  ["org_email", "Organisation email", "string", "zhangwei@corp.example.com"],
  ["title", "Title", "string", "工程师"],
  ["job_number", "Job number", "string", "E000123"],
  ["work_place", "Work place", "string", "杭州-A座-3F"],
  ["remark", "Remark", "string"],
  ["avatar", "Avatar URL", "string"],
  ["dept_id_list", "Department ids", "object", "[2, 3]"],
  ["hired_date", "Hired date (ms)", "number", "1597573616828"],
  ["leader", "Is a leader", "boolean"],
  ["admin", "Is an admin", "boolean"],
  ["boss", "Is the boss", "boolean"],
  ["active", "Signed in to DingTalk", "boolean"],
  ["extension", "Extension attributes (JSON)", "string", '{"爱好":"旅游"}'],
];

const DESCRIPTIONS: Record<string, string> = {
  "group.dept_id": "Immutable; orgsync anchors departments on it.",
  "group.parent_id": "1 for a top-level department.",
  "group.order": "Only from department/get; listings use the position.",
  "user.userid": "Immutable; orgsync anchors people on it.",
  "user.active": "false: never signed in (see inactiveAs).",
};

const describe = (kind: "group" | "user", rows: Row[]): FieldDescriptor[] =>
  rows.map(([path, label, type, example]) => {
    const description = DESCRIPTIONS[`${kind}.${path}`];
    return {
      path,
      label,
      type,
      ...(description ? { description } : {}),
      ...(example ? { example } : {}),
    };
  });

export function describeFields(): FieldDescriptors {
  return { group: describe("group", GROUP_FIELDS), user: describe("user", USER_FIELDS) };
}
