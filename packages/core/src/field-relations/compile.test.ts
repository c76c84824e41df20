import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import {
  type CompileFieldRelationsOptions,
  compileFieldRelations,
  FieldRelationError,
  type FieldRelationIssue,
} from "./compile.ts";
import { feishuDepartment, feishuFields, feishuUser } from "./test-fixtures.ts";
import type { FieldRelations } from "./types.ts";

function relations(
  patch: { group?: Partial<FieldRelations["group"]>; user?: Partial<FieldRelations["user"]> } = {},
): FieldRelations {
  return {
    group: { name: "{{ name | pinyin }}", attributes: { description: "name" }, ...patch.group },
    user: {
      username: ["{{ name | pinyin }}"],
      attributes: { cn: "{{ username }}" },
      ...patch.user,
    },
  };
}

function issuesOf(
  input: FieldRelations,
  options?: CompileFieldRelationsOptions,
): FieldRelationIssue[] {
  try {
    compileFieldRelations(input, options);
  } catch (error) {
    if (error instanceof FieldRelationError) return [...error.issues];
    throw error;
  }
  throw new Error("expected the relations to be refused");
}

function onlyIssue(
  input: FieldRelations,
  options?: CompileFieldRelationsOptions,
): FieldRelationIssue {
  const issues = issuesOf(input, options);
  expect(issues).toHaveLength(1);
  return issues[0] as FieldRelationIssue;
}

describe("compileFieldRelations: validation", () => {
  it("accepts valid relations", () => {
    expect(() => compileFieldRelations(relations(), { fields: feishuFields })).not.toThrow();
  });

  it("refuses an empty expression", () => {
    const issue = onlyIssue(relations({ user: { attributes: { mail: "  " } } }));
    expect(issue).toMatchObject({ relation: "user.attributes.mail", position: null });
    expect(issue.message).toContain("the expression is empty");
  });

  it("refuses a non-string expression", () => {
    const issue = onlyIssue(relations({ user: { attributes: { mail: 42 as unknown as string } } }));
    expect(issue.relation).toBe("user.attributes.mail");
    expect(issue.message).toContain("must be text");
  });

  it("reports path syntax with its column", () => {
    const issue = onlyIssue(relations({ user: { attributes: { mail: "email.0x" } } }));
    expect(issue).toMatchObject({ relation: "user.attributes.mail", position: 6 });
    expect(issue.message).toContain("mixes an index and a name");
  });

  it("reports a filter outside braces", () => {
    const issue = onlyIssue(relations({ group: { name: "name | pinyin" } }));
    expect(issue).toMatchObject({ relation: "group.name", position: 4 });
    expect(issue.message).toContain("{{ name | pinyin }}");
  });

  it("reports template syntax with its column, and formats the error message", () => {
    let error: unknown;
    try {
      compileFieldRelations(relations({ user: { attributes: { mail: "{{ email | lowr }}" } } }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FieldRelationError);
    expect(error).toBeInstanceOf(ConfigError);
    const relationError = error as FieldRelationError;
    expect(relationError.issues).toEqual([
      {
        relation: "user.attributes.mail",
        path: "user.attributes.mail",
        position: 11,
        message: expect.stringContaining(
          'unknown filter "lowr"; did you mean "lower"? Known filters: pinyin',
        ),
      },
    ]);
    expect(relationError.message).toMatch(
      /^field relations: user\.attributes\.mail at column 11: unknown filter "lowr"; did you mean "lower"\?/,
    );
  });

  it("refuses attribute names that are not LDAP descriptors", () => {
    const issues = issuesOf(
      relations({
        user: {
          attributes: { "e-mail": "email", "1mail": "email", "mail box": "email", "": "email" },
        },
      }),
    );
    expect(issues.map((issue) => issue.relation)).toEqual([
      "user.attributes.1mail",
      "user.attributes.mail box",
      "user.attributes.",
    ]);
    expect(issues[0]?.message).toContain('"1mail" is not an LDAP attribute name');
  });

  it("refuses duplicate attribute names, case-insensitively", () => {
    const issue = onlyIssue(
      relations({ group: { attributes: { description: "name", Description: "name" } } }),
    );
    expect(issue).toMatchObject({ relation: "group.attributes.Description", position: null });
    expect(issue.message).toContain('duplicates "description"');
  });

  it("refuses uid in user attributes and says where usernames come from", () => {
    const issue = onlyIssue(relations({ user: { attributes: { UID: "user_id" } } }));
    expect(issue.relation).toBe("user.attributes.UID");
    expect(issue.message).toContain("uid is the username");
    expect(issue.message).toContain("user.username");
  });

  it("refuses attributes other parts of orgsync own", () => {
    const issues = issuesOf(
      relations({
        group: { attributes: { objectClass: "name", uniqueMember: "name" } },
        user: { attributes: { userPassword: "mobile" } },
      }),
    );
    expect(issues.map((issue) => issue.relation)).toEqual([
      "group.attributes.objectClass",
      "group.attributes.uniqueMember",
      "user.attributes.userPassword",
    ]);
  });

  it("requires at least one username candidate", () => {
    const issue = onlyIssue(relations({ user: { username: [] } }));
    expect(issue).toMatchObject({ relation: "user.username", position: null });
    expect(issue.message).toContain("at least one username candidate");
  });

  it("names the candidate by index", () => {
    const issue = onlyIssue(
      relations({
        user: { username: ["{{ name | pinyin }}", "{{ name | pinyin }}.{{ employee_no"] },
      }),
    );
    expect(issue).toMatchObject({ relation: "user.username[1]", position: 20 });
    expect(issue.message).toContain('unclosed "{{"');
  });

  it("refuses username and default_email in username candidates", () => {
    const issues = issuesOf(
      relations({ user: { username: ["{{ username }}", "{{ email | default: default_email }}"] } }),
    );
    expect(issues).toMatchObject([
      { relation: "user.username[0]", position: 3 },
      { relation: "user.username[1]", position: 20 },
    ]);
    expect(issues[0]?.message).toContain('"username" is not available in username candidates');
  });

  it("requires a group name", () => {
    const issue = onlyIssue(relations({ group: { name: "" } }));
    expect(issue).toMatchObject({ relation: "group.name", position: null });
    expect(issue.message).toContain("group name is required");
  });

  it("checks path heads against described fields, with a suggestion", () => {
    const issues = issuesOf(
      relations({
        group: { attributes: { description: "nmae" } },
        user: {
          attributes: {
            mail: "{{ emial | default: defualt_email }}",
            mobile: "status.is_frozen",
            title: "job_title",
            o: "xyzzy",
          },
        },
      }),
      { fields: feishuFields },
    );
    expect(issues).toMatchObject([
      { relation: "group.attributes.description", position: 0 },
      { relation: "user.attributes.mail", position: 3 },
      { relation: "user.attributes.mail", position: 20 },
      { relation: "user.attributes.o", position: 0 },
    ]);
    expect(issues[0]?.message).toContain('unknown group field "nmae"; did you mean "name"?');
    expect(issues[1]?.message).toContain('did you mean "email"?');
    expect(issues[2]?.message).toContain('did you mean "default_email"?');
    expect(issues[3]?.message).not.toContain("did you mean");
    expect(issues[3]?.message).toContain(
      "Known fields: id, name, username, default_email, status, department_ids, union_id",
    );
  });

  it("keeps group and user built-ins apart when checking fields", () => {
    const issue = onlyIssue(
      relations({ group: { attributes: { description: "{{ username }}" } } }),
      { fields: feishuFields },
    );
    expect(issue.relation).toBe("group.attributes.description");
    expect(issue.message).toContain('unknown group field "username"');
    expect(() =>
      compileFieldRelations(
        relations({ group: { attributes: { description: "{{ parent_id }}-{{ order }}" } } }),
        {
          fields: feishuFields,
        },
      ),
    ).not.toThrow();
  });

  it("accepts any field when fields are not given", () => {
    expect(() =>
      compileFieldRelations(relations({ user: { attributes: { mail: "whatever.0" } } })),
    ).not.toThrow();
  });

  it("validates options", () => {
    const issues = issuesOf(relations(), {
      pinyinOverrides: { 单于: "", "": "x", 曾: 1 as unknown as string },
      defaultEmailSuffix: "@example.com",
    });
    expect(issues.map((issue) => issue.relation)).toEqual([
      "options.pinyinOverrides.单于",
      "options.pinyinOverrides",
      "options.pinyinOverrides.曾",
      "options.defaultEmailSuffix",
    ]);
    expect(issues[3]?.message).toContain('without "@": "example.com"');
    expect(onlyIssue(relations(), { defaultEmailSuffix: "a b" }).position).toBe(1);
  });

  it("collects every problem into one error, one line each", () => {
    let error: FieldRelationError | undefined;
    try {
      compileFieldRelations({
        group: { name: "", attributes: { "bad name": "x" } },
        user: { username: [], attributes: { uid: "x", mail: "{{ }}" } },
      });
    } catch (caught) {
      error = caught as FieldRelationError;
    }
    expect(error?.issues.map((issue) => issue.relation)).toEqual([
      "group.name",
      "group.attributes.bad name",
      "user.username",
      "user.attributes.uid",
      "user.attributes.mail",
    ]);
    const lines = error?.message.split("\n") ?? [];
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line.startsWith("field relations: ")).toBe(true);
    expect(lines[4]).toBe(
      'field relations: user.attributes.mail at column 0: empty expression; put a field or a quoted text between "{{" and "}}", e.g. {{ name }}',
    );
  });

  it("refuses relations that are not shaped like relations", () => {
    const issues = issuesOf({} as FieldRelations);
    expect(issues.map((issue) => issue.relation)).toEqual(["group", "user"]);
    const attributes = issuesOf(
      relations({ user: { attributes: [] as unknown as Record<string, string> } }),
    );
    expect(attributes[0]?.relation).toBe("user.attributes");
  });
});

describe("compileFieldRelations: evaluation", () => {
  it("maps attribute values: scalars, arrays, objects, blanks", () => {
    const compiled = compileFieldRelations(
      relations({
        user: {
          attributes: {
            cn: "{{ username }}",
            mobile: "mobile",
            employeeNumber: "num",
            l: "flag",
            ou: "list",
            o: "obj",
            street: "nothing",
            st: "blank",
            title: "spaced",
            initials: "{{ blank }}",
            departmentNumber: "{{ list }}",
          },
        },
      }),
    );
    const attributes = compiled.userAttributes(
      feishuUser(
        {},
        {
          num: 42,
          flag: false,
          list: ["a", "", "  ", 3, null, { x: 1 }, ["nested"], "b"],
          obj: { a: 1 },
          nothing: null,
          blank: "   ",
          spaced: " keep my spaces ",
        },
      ),
      { username: "zengxiaoming" },
    );
    expect(attributes).toEqual({
      cn: ["zengxiaoming"],
      mobile: ["+8613800138000"],
      employeeNumber: ["42"],
      l: ["false"],
      ou: ["a", "3", "b"],
      title: [" keep my spaces "],
      departmentNumber: ["a,3,b"],
    });
    expect(Object.hasOwn(attributes, "o")).toBe(false);
    expect(Object.hasOwn(attributes, "st")).toBe(false);
  });

  it("lets built-ins override raw keys", () => {
    const compiled = compileFieldRelations(
      relations({
        user: {
          attributes: {
            cn: "{{ username }}",
            uidNumber: "id",
            displayName: "name",
            description: "status",
            ou: "department_ids",
          },
        },
      }),
    );
    const person = feishuUser(
      { id: "on_real", name: "张伟", status: "frozen", departmentIds: ["od-1", "od-2"] },
      {
        id: "raw-id",
        name: "raw name",
        username: "raw-username",
        default_email: "raw@example.com",
      },
    );
    expect(compiled.userAttributes(person, { username: "zhangwei" })).toEqual({
      cn: ["zhangwei"],
      uidNumber: ["on_real"],
      displayName: ["张伟"],
      description: ["frozen"],
      ou: ["od-1", "od-2"],
    });
  });

  it("offers default_email only when the suffix is configured", () => {
    const rel = relations({
      user: { attributes: { mail: "{{ email | default: default_email }}" } },
    });
    const person = feishuUser({}, { email: "", default_email: "raw@x.y" });
    expect(compileFieldRelations(rel).userAttributes(person, { username: "zxm" })).toEqual({});
    expect(
      compileFieldRelations(rel, { defaultEmailSuffix: "example.com" }).userAttributes(person, {
        username: "zxm",
      }),
    ).toEqual({ mail: ["zxm@example.com"] });
  });

  it("evaluates username candidates in order, without blanks and without username", () => {
    const compiled = compileFieldRelations(
      relations({
        user: {
          username: [
            "{{ nope | pinyin }}",
            "{{ email | localpart }}",
            '{{ name | pinyin: "name" }}',
            "{{ name | pinyin }}.{{ employee_no | lower }}",
            "{{ missing }}.x",
          ],
        },
      }),
    );
    expect(compiled.usernameCandidates(feishuUser({}, { username: "raw" }))).toEqual([
      "xiaoming.zeng",
      "zengxiaoming",
      "cengxiaoming.e00123",
    ]);
  });

  it("applies pinyin overrides of this relation set only", () => {
    const rel = relations({ user: { username: ['{{ name | pinyin: "name" }}'] } });
    const withOverride = compileFieldRelations(rel, { pinyinOverrides: { 单于: "chanyu" } });
    const without = compileFieldRelations(rel);
    const person = feishuUser({ name: "单于明" });
    expect(withOverride.usernameCandidates(person)).toEqual(["chanyuming"]);
    expect(without.usernameCandidates(person)).toEqual(["shanyuming"]);
  });

  it("names groups and maps group attributes with group built-ins", () => {
    const compiled = compileFieldRelations(
      relations({
        group: {
          attributes: {
            description: "name",
            ou: "{{ parent_id }}/{{ order }}",
            businessCategory: "unit_ids",
            o: "status",
          },
        },
      }),
    );
    const department = feishuDepartment();
    expect(compiled.groupName(department)).toBe("yanfazhongxin");
    expect(compiled.groupAttributes(department)).toEqual({
      description: ["研发中心"],
      ou: ["0/3"],
      businessCategory: ["custom_unit_id"],
    });
    expect(compiled.groupName(feishuDepartment({ name: "" }))).toBe("");
  });

  it("cannot be steered into prototypes by raw records", () => {
    const raw = JSON.parse('{"__proto__": {"polluted": "yes"}, "email": "a@b.c"}');
    const compiled = compileFieldRelations(
      relations({
        user: {
          attributes: {
            mail: "email",
            o: "__proto__.polluted",
            ou: "constructor.name",
            l: "toString",
          },
        },
      }),
    );
    const person = { ...feishuUser(), raw };
    expect(compiled.userAttributes(person, { username: "u" })).toEqual({ mail: ["a@b.c"] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
