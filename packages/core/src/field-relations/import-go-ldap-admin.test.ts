import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import { compileFieldRelations } from "./compile.ts";
import { goLdapAdminDefaultRelations } from "./defaults.ts";
import { importGoLdapAdminFieldRelations } from "./import-go-ldap-admin.ts";
import { feishuUser } from "./test-fixtures.ts";

/** go-ldap-admin's seed, exactly as `public/common/init_mysql_data.go` writes it (reference §2.7). */
const SEED = `[
{"flag":"feishu_group","attributes":{"groupName":"custom_name_pinyin","remark":"name","sourceDeptId":"open_department_id","sourceDeptParentId":"parent_department_id"}},
{"flag":"feishu_user","attributes":{"avatar":"avatar","givenName":"name","introduction":"name","jobNumber":"employee_no","mail":"email","mobile":"mobile","nickname":"name","position":"job_title","postalAddress":"work_station","sourceUnionId":"union_id","sourceUserId":"user_id","username":"custom_name_pinyin"}},
{"flag":"dingtalk_group","attributes":{"groupName":"custom_name_pinyin","remark":"name","sourceDeptId":"id","sourceDeptParentId":"parentid"}},
{"flag":"dingtalk_user","attributes":{"avatar":"avatar","givenName":"name","introduction":"remark","jobNumber":"job_number","mail":"email","mobile":"mobile","nickname":"name","position":"title","postalAddress":"work_place","sourceUnionId":"unionid","sourceUserId":"userid","username":"custom_name_pinyin"}},
{"flag":"wecom_group","attributes":{"groupName":"custom_name_pinyin","remark":"name","sourceDeptId":"id","sourceDeptParentId":"parentid"}},
{"flag":"wecom_user","attributes":{"avatar":"avatar","givenName":"alias","introduction":"name","jobNumber":"mobile","mail":"email","mobile":"mobile","nickname":"name","position":"external_position","postalAddress":"address","sourceUnionId":"userid","sourceUserId":"userid","username":"custom_name_pinyin"}}
]`;

function configError(input: unknown): ConfigError {
  try {
    importGoLdapAdminFieldRelations(input);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected the import to fail");
}

describe("importGoLdapAdminFieldRelations", () => {
  it("turns go-ldap-admin's seed into exactly orgsync's defaults", () => {
    const { relations, notes } = importGoLdapAdminFieldRelations(SEED);
    expect(Object.keys(relations)).toEqual(["feishu", "dingtalk", "wecom"]);
    // Attribute order is irrelevant; compare as sets of entries.
    for (const im of ["feishu", "dingtalk", "wecom"] as const) {
      const imported = relations[im];
      const defaults = goLdapAdminDefaultRelations[im];
      expect(imported?.group).toEqual(defaults.group);
      expect(imported?.user.username).toEqual(defaults.user.username);
      expect(imported?.user.attributes).toEqual({ ...defaults.user.attributes });
    }
    // The id fields are all go-ldap-admin's defaults: notes, no warnings.
    expect(notes.filter((note) => note.startsWith("warning:"))).toEqual([]);
    expect(notes).toContain(
      "feishu_group.sourceDeptId: not needed; orgsync identifies departments by the IM's immutable id (the anchor), not by a mapped field",
    );
    expect(notes.some((note) => note.startsWith("feishu_user.avatar: not written to LDAP"))).toBe(
      true,
    );
    expect(notes.some((note) => note.startsWith("feishu_user.sourceUnionId: not needed"))).toBe(
      true,
    );
    expect(
      notes.some((note) =>
        note.startsWith("feishu_user.username: pinyin now reads the first character as a surname"),
      ),
    ).toBe(true);
  });

  it("compiles what it imports", () => {
    const { relations } = importGoLdapAdminFieldRelations(JSON.parse(SEED));
    for (const relationSet of Object.values(relations)) {
      expect(() =>
        compileFieldRelations(relationSet, { defaultEmailSuffix: "example.com" }),
      ).not.toThrow();
    }
  });

  it("translates custom values and keeps other paths", () => {
    const { relations } = importGoLdapAdminFieldRelations({
      flag: "feishu_user",
      attributes: {
        username: "custom_nickname_email",
        nickname: "nickname",
        mail: "custom_nickname_enterprise_email",
        position: "custom_name_pinyin",
        mobile: "status.is_frozen",
      },
    });
    const user = relations.feishu?.user;
    expect(user?.username).toEqual(["{{ email | localpart }}"]);
    expect(user?.attributes).toEqual({
      cn: "{{ username }}",
      sn: "nickname",
      displayName: "nickname",
      givenName: "nickname",
      mail: "{{ enterprise_email | localpart | default: default_email }}",
      mobile: "status.is_frozen",
      departmentNumber: "{{ name | pinyin }}",
      description: "nickname",
    });
    const compiled = compileFieldRelations(relations.feishu ?? goLdapAdminDefaultRelations.feishu);
    expect(compiled.usernameCandidates(feishuUser())).toEqual(["xiaoming.zeng"]);
  });

  it("fills a missing half from that IM's defaults and says so", () => {
    const { relations, notes } = importGoLdapAdminFieldRelations([
      { flag: "dingtalk_group", attributes: { groupName: "name", remark: "name" } },
    ]);
    expect(relations.dingtalk?.group).toEqual({
      name: "name",
      attributes: { description: "name" },
    });
    expect(relations.dingtalk?.user).toEqual(goLdapAdminDefaultRelations.dingtalk.user);
    expect(notes).toContain(
      "dingtalk: no dingtalk_user entry; user relations are dingtalk's defaults",
    );
  });

  it("assumes Feishu for a flag go-ldap-admin did not ship", () => {
    const { relations, notes } = importGoLdapAdminFieldRelations([
      { flag: "lark_cn_user", attributes: { username: "custom_name_pinyin" } },
    ]);
    expect(Object.keys(relations)).toEqual(["lark_cn"]);
    expect(relations.lark_cn?.group).toEqual(goLdapAdminDefaultRelations.feishu.group);
    expect(notes[0]).toContain("lark_cn: not an IM go-ldap-admin shipped");
    // No nickname, no mail: sn from the username, mail from the default email.
    expect(relations.lark_cn?.user.attributes).toEqual({
      cn: "{{ username }}",
      sn: "{{ username }}",
      mail: "default_email",
    });
  });

  it("warns when department ids were not the IM's default id field", () => {
    const { notes } = importGoLdapAdminFieldRelations([
      {
        flag: "feishu_group",
        attributes: {
          groupName: "custom_name_pinyin",
          sourceDeptId: "department_id",
          sourceDeptParentId: "parent_department_id",
        },
      },
    ]);
    const warnings = notes.filter((note) => note.startsWith("warning:"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      'feishu_group.sourceDeptId was mapped to "department_id", not feishu\'s default "open_department_id"',
    );
    expect(warnings[0]).toContain("left users out of their groups");
  });

  it("accepts go-ldap-admin's API envelope and string attributes", () => {
    const { relations } = importGoLdapAdminFieldRelations({
      code: 200,
      data: [
        {
          flag: "wecom_group",
          attributes: JSON.stringify({ groupName: "custom_name_pinyin", remark: "name" }),
        },
      ],
    });
    expect(relations.wecom?.group).toEqual(goLdapAdminDefaultRelations.wecom.group);
  });

  it("refuses unknown local keys, naming the entry and the key", () => {
    const error = configError([
      { flag: "feishu_group", attributes: { groupName: "custom_name_pinyin" } },
      {
        flag: "feishu_user",
        attributes: { username: "custom_name_pinyin", email: "email", nickname: "name" },
      },
    ]);
    expect(error.message).toContain(
      'entry 1 (feishu_user): unknown local key "email"; go-ldap-admin accepts username, nickname',
    );
    expect(error.issues).toEqual([
      { path: "[1].attributes.email", message: expect.stringContaining("email") },
    ]);
  });

  it.each([
    ["not json", "the input is not valid JSON"],
    [42, "expected a list of { flag, attributes } entries, got number 42"],
    [[], "the list is empty"],
    [[null], "entry 0: expected { flag, attributes }, got null"],
    [[{ flag: "feishu", attributes: {} }], 'entry 0: flag must be "<im>_group" or "<im>_user"'],
    [[{ flag: "feishu_user" }], "entry 0 (feishu_user): attributes must be an object"],
    [
      [{ flag: "feishu_user", attributes: { username: "" } }],
      'entry 0 (feishu_user) key "username": the remote field must be a field name, got ""',
    ],
    [
      [{ flag: "feishu_user", attributes: { mail: 3 } }],
      'key "mail": the remote field must be a field name, got number 3',
    ],
    [
      [{ flag: "feishu_user", attributes: { mail: "emails.#.value" } }],
      '"emails.#.value" is not a field path orgsync understands',
    ],
    [
      [
        { flag: "feishu_user", attributes: { username: "custom_name_pinyin" } },
        { flag: "feishu_user", attributes: { username: "name" } },
      ],
      'entry 1: flag "feishu_user" already appeared in entry 0',
    ],
  ])("refuses %j", (input, message) => {
    const error = configError(input);
    expect(error.message.startsWith("field relations import: ")).toBe(true);
    expect(error.message).toContain(message);
  });

  it("reports every problem at once", () => {
    const error = configError([
      { flag: "feishu_group", attributes: { groupName: "custom_name_pinyin", color: "x" } },
      { flag: "feishu_user", attributes: { username: "custom_name_pinyin", shoeSize: "y" } },
    ]);
    expect(error.issues.map((issue) => issue.path)).toEqual([
      "[0].attributes.color",
      "[1].attributes.shoeSize",
    ]);
  });
});
