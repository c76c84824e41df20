import { describe, expect, it } from "vitest";
import { compileFieldRelations } from "./compile.ts";
import { goLdapAdminDefaultRelations, goLdapAdminDefaultsFor } from "./defaults.ts";
import { feishuDepartment, feishuFields, feishuUser } from "./test-fixtures.ts";

describe("go-ldap-admin default relations", () => {
  it("compile for every IM", () => {
    for (const relations of Object.values(goLdapAdminDefaultRelations)) {
      expect(() =>
        compileFieldRelations(relations, { defaultEmailSuffix: "example.com" }),
      ).not.toThrow();
    }
  });

  it("Feishu: compile against Feishu's described fields and produce go-ldap-admin's entries", () => {
    const compiled = compileFieldRelations(goLdapAdminDefaultRelations.feishu, {
      defaultEmailSuffix: "example.com",
      fields: feishuFields,
    });
    const department = feishuDepartment();
    expect(compiled.groupName(department)).toBe("yanfazhongxin");
    expect(compiled.groupAttributes(department)).toEqual({ description: ["研发中心"] });

    const user = feishuUser();
    expect(compiled.usernameCandidates(user)).toEqual(["zengxiaoming"]);
    expect(compiled.userAttributes(user, { username: "zengxiaoming" })).toEqual({
      cn: ["zengxiaoming"],
      sn: ["曾小明"],
      displayName: ["曾小明"],
      givenName: ["曾小明"],
      mail: ["xiaoming.zeng@example.com"],
      mobile: ["+8613800138000"],
      employeeNumber: ["E00123"],
      departmentNumber: ["高级工程师"],
      postalAddress: ["北京-望京-5F-A01"],
      description: ["曾小明"],
    });
  });

  it("Feishu: falls back to the default email and leaves empty fields out", () => {
    const compiled = compileFieldRelations(goLdapAdminDefaultRelations.feishu, {
      defaultEmailSuffix: "example.com",
    });
    const user = feishuUser(
      {},
      { email: "", employee_no: "", job_title: undefined, work_station: "  " },
    );
    const attributes = compiled.userAttributes(user, { username: "zengxiaoming2" });
    expect(attributes.mail).toEqual(["zengxiaoming2@example.com"]);
    expect(Object.keys(attributes)).not.toContain("employeeNumber");
    expect(Object.keys(attributes)).not.toContain("departmentNumber");
    expect(Object.keys(attributes)).not.toContain("postalAddress");
  });

  it("DingTalk and WeCom read their own keys", () => {
    const dingtalk = compileFieldRelations(goLdapAdminDefaultRelations.dingtalk);
    const person = {
      id: "manager4220",
      name: "张伟",
      departmentIds: ["1"],
      status: "active" as const,
      raw: {
        userid: "manager4220",
        email: "zw@example.com",
        mobile: "13800000000",
        job_number: "007",
        title: "经理",
        work_place: "杭州",
        remark: "备注",
      },
    };
    expect(dingtalk.userAttributes(person, { username: "zhangwei" })).toEqual({
      cn: ["zhangwei"],
      sn: ["张伟"],
      displayName: ["张伟"],
      givenName: ["张伟"],
      mail: ["zw@example.com"],
      mobile: ["13800000000"],
      employeeNumber: ["007"],
      departmentNumber: ["经理"],
      postalAddress: ["杭州"],
      description: ["备注"],
    });
    const wecom = compileFieldRelations(goLdapAdminDefaultRelations.wecom);
    const wecomPerson = {
      ...person,
      raw: { alias: "Wei", mobile: "13800000000", external_position: "产品", address: "深圳" },
    };
    expect(wecom.userAttributes(wecomPerson, { username: "zhangwei" })).toMatchObject({
      givenName: ["Wei"],
      employeeNumber: ["13800000000"],
      departmentNumber: ["产品"],
      postalAddress: ["深圳"],
      description: ["张伟"],
    });
  });

  it("are frozen; goLdapAdminDefaultsFor gives an editable copy", () => {
    expect(Object.isFrozen(goLdapAdminDefaultRelations.feishu.user.attributes)).toBe(true);
    const copy = goLdapAdminDefaultsFor("feishu");
    copy.user.attributes.title = "job_title";
    expect(goLdapAdminDefaultRelations.feishu.user.attributes.title).toBeUndefined();
  });
});
