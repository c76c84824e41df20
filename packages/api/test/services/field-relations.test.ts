import {
  ConfigError,
  FieldRelationError,
  type FieldRelations,
  ProviderRegistry,
  type SourceSnapshot,
} from "@orgsync/core";
import { generateOrg } from "@orgsync/core/testing";
import { readDirectorySchema } from "@orgsync/ldap";
import { type Slapd, startSlapd } from "@orgsync/ldap/testing";
import { feishuProviderPlugin } from "@orgsync/provider-feishu";
import { type RunningFeishuSandbox, startFeishuSandbox } from "@orgsync/provider-feishu/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, NotFoundError } from "../../src/errors.ts";
import type { Actor } from "../../src/services/actor.ts";
import {
  createFieldRelationService,
  type FieldRelationService,
} from "../../src/services/field-relation-service.ts";
import { directoryTargetOptions } from "../../src/sync/directory-options.ts";
import { DATABASE_KINDS, useTestDatabase } from "../databases.ts";

/**
 * 研发中心 ⊃ 后端组, and 市场部, all in the sample (the default 5); 王五 has no email, so his
 * `mail` comes from the directory's default email suffix once one is configured.
 */
const ORG: SourceSnapshot = {
  departments: [
    { id: "od-rd", parentId: "0", name: "研发中心", order: 0, raw: {} },
    { id: "od-mk", parentId: "0", name: "市场部", order: 1, raw: {} },
    { id: "od-be", parentId: "od-rd", name: "后端组", order: 0, raw: {} },
  ],
  users: [
    {
      id: "on_zhangsan",
      name: "张三",
      departmentIds: ["od-rd"],
      status: "active",
      raw: { email: "zhangsan@corp.example", employee_no: "E0001", job_title: "工程师" },
    },
    {
      id: "on_lisi",
      name: "李四",
      departmentIds: ["od-be"],
      status: "active",
      raw: { email: "li.si@corp.example", employee_no: "E0002" },
    },
    { id: "on_wangwu", name: "王五", departmentIds: ["od-mk"], status: "active", raw: {} },
  ],
};

/** go-ldap-admin's seeded Feishu rows, as its `field_relations` table holds them. */
const GO_LDAP_ADMIN_FEISHU = [
  {
    flag: "feishu_group",
    attributes: {
      groupName: "custom_name_pinyin",
      remark: "name",
      sourceDeptId: "open_department_id",
      sourceDeptParentId: "parent_department_id",
    },
  },
  {
    flag: "feishu_user",
    attributes: {
      avatar: "avatar",
      givenName: "name",
      introduction: "name",
      jobNumber: "employee_no",
      mail: "email",
      mobile: "mobile",
      nickname: "name",
      position: "job_title",
      postalAddress: "work_station",
      sourceUnionId: "union_id",
      sourceUserId: "user_id",
      username: "custom_name_pinyin",
    },
  },
];

const alice: Actor = { adminId: null, username: "alice" };

let sandbox: RunningFeishuSandbox;
let slapd: Slapd;

beforeAll(async () => {
  [sandbox, slapd] = await Promise.all([
    startFeishuSandbox({ org: ORG }),
    startSlapd({ baseDn: "dc=orgsync,dc=test" }),
  ]);
}, 30_000);

afterAll(async () => {
  await Promise.allSettled([sandbox?.close(), slapd?.stop()]);
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

const defaults = () => structuredClone(feishuProviderPlugin.defaultFieldRelations);

describe.each(DATABASE_KINDS)("field relation service on %s", (kind) => {
  const t = useTestDatabase(kind);
  let service: FieldRelationService;
  let providerId: string;

  beforeAll(async () => {
    service = createFieldRelationService({
      repositories: t.repos,
      registry: new ProviderRegistry([feishuProviderPlugin]),
      // The real schema of the real slapd, once the directory settings are saved (a test below
      // saves them); before that, no directory: the check is skipped.
      directorySchema: async () => {
        const settings = await t.repos.directorySettings.getWithSecrets();
        return settings && readDirectorySchema(directoryTargetOptions(settings));
      },
    });
    const provider = await t.repos.providers.create({
      kind: "feishu",
      flag: "feishu",
      name: "Feishu",
      config: {
        appId: sandbox.app.appId,
        appSecret: sandbox.app.appSecret,
        domain: sandbox.url,
      },
      secretFields: feishuProviderPlugin.secretFields,
    });
    providerId = provider.id;
  });

  const configureDirectory = () =>
    t.repos.directorySettings.save({
      connection: { url: slapd.url, bindDn: slapd.adminDn, baseDn: slapd.baseDn },
      bindPassword: slapd.adminPassword,
      passwordPolicy: { mode: "random" },
      defaultEmailSuffix: "orgsync.test",
    });

  it("gives nothing saved yet, the plugin's defaults and fields", async () => {
    const loaded = await service.get(providerId);
    expect(loaded.group).toBeNull();
    expect(loaded.user).toBeNull();
    expect(loaded.defaults).toEqual(feishuProviderPlugin.defaultFieldRelations);
    expect(loaded.fields.user.map((field) => field.path)).toContain("employee_no");
    expect(await rejection(service.get("00000000-0000-4000-8000-000000000000"))).toBeInstanceOf(
      NotFoundError,
    );
  });

  it("previews the defaults against the IM under an example base DN without a directory", async () => {
    const preview = await service.preview(providerId);
    expect(preview.note).toContain("dc=example,dc=com");
    expect(preview.relationsFrom).toEqual({ group: "defaults", user: "defaults" });
    expect(preview.groups).toEqual(
      expect.arrayContaining([
        {
          sourceId: "od-rd",
          sourceName: "研发中心",
          name: "yanfazhongxin",
          dn: "cn=yanfazhongxin,ou=feishuroot,dc=example,dc=com",
          attributes: { description: ["研发中心"] },
          problems: [],
        },
        expect.objectContaining({
          sourceId: "od-be",
          name: "houduanzu",
          dn: "cn=houduanzu,cn=yanfazhongxin,ou=feishuroot,dc=example,dc=com",
        }),
      ]),
    );
    expect(preview.groups).toHaveLength(3);
    const zhangsan = preview.users.find((user) => user.sourceId === "on_zhangsan");
    expect(zhangsan).toMatchObject({
      sourceName: "张三",
      username: "zhangsan",
      dn: "uid=zhangsan,ou=people,dc=example,dc=com",
      problems: [],
    });
    expect(zhangsan?.attributes).toMatchObject({
      cn: ["zhangsan"],
      sn: ["张三"],
      mail: ["zhangsan@corp.example"],
      employeeNumber: ["E0001"],
    });
    // No email and no default suffix: no mail at all.
    expect(preview.users.find((user) => user.sourceId === "on_wangwu")?.attributes.mail).toBe(
      undefined,
    );
  });

  it("previews only the start of the listing, stopping the read early", async () => {
    const preview = await service.preview(providerId, { sample: 1 });
    expect(preview.groups).toHaveLength(1);
    expect(preview.users).toHaveLength(1);

    sandbox.setOrg(generateOrg({ departments: 300, users: 3000, seed: 5 }));
    try {
      sandbox.resetStats();
      const large = await service.preview(providerId, { sample: 3 });
      expect(large.groups).toHaveLength(3);
      expect(large.users).toHaveLength(3);
      // A full read lists the members of all 301 departments; the preview stops after the
      // first pages (plus what was in flight, at most the provider's concurrency).
      expect(sandbox.stats.calls.findByDepartment ?? 0).toBeLessThan(20);
    } finally {
      sandbox.setOrg(ORG);
    }
    expect(await rejection(service.preview(providerId, { sample: 0 }))).toBeInstanceOf(ConfigError);
  });

  it("refuses invalid relations, naming the relation, and saves nothing", async () => {
    const user = defaults().user;
    user.attributes.mail = "{{ email | lowr }}";
    user.attributes.employeeNumber = "employe_no";
    const error = await rejection(service.set(providerId, "user", user, alice));
    expect(error).toBeInstanceOf(FieldRelationError);
    const issues = (error as FieldRelationError).issues;
    expect(issues.map((issue) => issue.relation)).toEqual([
      "user.attributes.mail",
      "user.attributes.employeeNumber",
    ]);
    expect(issues[0]?.message).toContain('unknown filter "lowr"');
    expect(issues[1]?.message).toContain("employee_no");

    const uid = await rejection(
      service.set(
        providerId,
        "user",
        { ...defaults().user, attributes: { ...defaults().user.attributes, uid: "email" } },
        alice,
      ),
    );
    expect((uid as FieldRelationError).issues.map((issue) => issue.path)).toEqual([
      "user.attributes.uid",
    ]);

    // An invalid draft fails the preview the same way.
    const draft: FieldRelations = { ...defaults(), user };
    expect(await rejection(service.preview(providerId, { relations: draft }))).toBeInstanceOf(
      FieldRelationError,
    );
    expect((await service.get(providerId)).user).toBeNull();
    expect(await t.repos.audit.list({ action: "fieldRelations.set" })).toEqual([]);

    // No directory configured yet: attribute names are not checked (a sync would report them).
    const unchecked = defaults();
    unchecked.user.attributes.emial = "email";
    const preview = await service.preview(providerId, { relations: unchecked, sample: 1 });
    expect(preview.users[0]?.attributes).toHaveProperty("emial");
  });

  it("saves valid relations as versions, refusing a stale expected version", async () => {
    const group = { ...defaults().group, attributes: { description: "i18n_name.en_us" } };
    const saved = await service.set(providerId, "group", group, alice, { expectedVersion: 0 });
    expect(saved).toMatchObject({
      kind: "group",
      version: 1,
      updatedBy: "alice",
      relations: group,
    });
    expect((await service.get(providerId)).group?.version).toBe(1);

    const stale = await rejection(
      service.set(providerId, "group", defaults().group, alice, { expectedVersion: 0 }),
    );
    expect(stale).toBeInstanceOf(ConflictError);
    expect((await service.get(providerId)).group?.relations).toEqual(group);

    const [entry] = await t.repos.audit.list({ action: "fieldRelations.set" });
    expect(entry).toMatchObject({
      targetType: "provider",
      targetId: providerId,
      details: { actor: "alice", kind: "group", version: 1 },
    });
  });

  it("checks attribute names against the directory's schema once one is configured", async () => {
    await configureDirectory();

    const typo = defaults().user;
    typo.attributes.emial = "email";
    const unknown = await rejection(service.set(providerId, "user", typo, alice));
    expect(unknown).toBeInstanceOf(ConfigError);
    expect((unknown as ConfigError).issues).toEqual([
      expect.objectContaining({
        path: "user.attributes.emial",
        message: 'unknown LDAP attribute "emial" — did you mean "mail"?',
      }),
    ]);

    // `gidNumber` exists, but inetOrgPerson does not allow it (posixAccount would).
    const posix = defaults().user;
    posix.attributes.gidNumber = "employee_no";
    const disallowed = await rejection(service.set(providerId, "user", posix, alice));
    expect((disallowed as ConfigError).issues).toEqual([
      expect.objectContaining({
        path: "user.attributes.gidNumber",
        message: expect.stringContaining("inetOrgPerson"),
      }),
    ]);

    const group = defaults().group;
    group.attributes.mail = "name";
    const groupError = await rejection(service.set(providerId, "group", group, alice));
    expect((groupError as ConfigError).issues).toEqual([
      expect.objectContaining({
        path: "group.attributes.mail",
        message: expect.stringContaining("groupOfUniqueNames"),
      }),
    ]);

    expect((await service.get(providerId)).user).toBeNull();
    expect((await service.get(providerId)).group?.version).toBe(1);

    // Template problems and schema problems come together, each attribute reported once.
    const both = defaults().user;
    both.attributes.mail = "{{ email | lowr }}";
    both.attributes.emial = "email";
    both.attributes.userPassword = "mobile";
    const combined = await rejection(service.set(providerId, "user", both, alice));
    expect((combined as FieldRelationError).issues.map((issue) => issue.path)).toEqual([
      "user.attributes.mail",
      "user.attributes.userPassword",
      "user.attributes.emial",
    ]);

    // Allowed attributes, in any case, pass.
    const fine = defaults().user;
    fine.attributes.TelephoneNumber = "mobile";
    expect((await service.set(providerId, "user", fine, alice)).version).toBe(1);
  });

  it("resets one kind or both to the plugin's defaults as new versions", async () => {
    const user = await service.reset(providerId, "user", alice);
    expect(user.group).toBeNull();
    expect(user.user).toMatchObject({ version: 2, relations: defaults().user });

    const both = await service.reset(providerId, "both", alice);
    expect(both.group).toMatchObject({ version: 2, relations: defaults().group });
    expect(both.user).toMatchObject({ version: 3 });
    const history = await t.repos.fieldRelations.history(providerId, "user");
    expect(history.map((entry) => entry.version)).toEqual([3, 2, 1]);
    expect(await t.repos.audit.list({ action: "fieldRelations.reset" })).toHaveLength(2);
  });

  it("imports go-ldap-admin's field relations for the provider's kind", async () => {
    const imported = await service.importGoLdapAdmin(
      providerId,
      JSON.stringify(GO_LDAP_ADMIN_FEISHU),
      alice,
    );
    expect(imported.group).toMatchObject({ version: 3, relations: defaults().group });
    expect(imported.user.version).toBe(4);
    expect(imported.user.relations.username).toEqual(defaults().user.username);
    expect(imported.user.relations.attributes).toEqual(defaults().user.attributes);
    expect(imported.notes).toContain(
      "feishu_group.sourceDeptId: not needed; orgsync identifies departments by the IM's immutable id (the anchor), not by a mapped field",
    );
    const [entry] = await t.repos.audit.list({ action: "fieldRelations.import" });
    expect(entry?.details).toMatchObject({ groupVersion: 3, userVersion: 4 });

    const dingtalk = GO_LDAP_ADMIN_FEISHU.map((row) => ({
      ...row,
      flag: row.flag.replace("feishu", "dingtalk"),
    }));
    const wrongIm = await rejection(service.importGoLdapAdmin(providerId, dingtalk, alice));
    expect(wrongIm).toBeInstanceOf(ConfigError);
    expect((wrongIm as Error).message).toContain("the input has dingtalk");

    const junk = await rejection(
      service.importGoLdapAdmin(
        providerId,
        [{ flag: "feishu_user", attributes: { foo: "x" } }],
        alice,
      ),
    );
    expect(junk).toBeInstanceOf(ConfigError);
    expect((await service.get(providerId)).user?.version).toBe(4);
  });

  it("previews under the directory's base DN with its email suffix, and renders drafts", async () => {
    const preview = await service.preview(providerId);
    expect(preview.note).toBeUndefined();
    expect(preview.relationsFrom).toEqual({ group: "stored", user: "stored" });
    expect(preview.users.find((user) => user.sourceId === "on_zhangsan")?.dn).toBe(
      "uid=zhangsan,ou=people,dc=orgsync,dc=test",
    );
    expect(preview.groups.find((group) => group.sourceId === "od-be")?.dn).toBe(
      "cn=houduanzu,cn=yanfazhongxin,ou=feishuroot,dc=orgsync,dc=test",
    );
    expect(preview.users.find((user) => user.sourceId === "on_wangwu")?.attributes.mail).toEqual([
      "wangwu@orgsync.test",
    ]);

    const draft = defaults();
    draft.user.username = ["{{ email | localpart }}", '{{ name | pinyin: "name" }}'];
    draft.user.attributes.sn = "employee_no";
    const rendered = await service.preview(providerId, { relations: draft });
    expect(rendered.relationsFrom).toEqual({ group: "draft", user: "draft" });
    const byId = new Map(rendered.users.map((user) => [user.sourceId, user]));
    expect(byId.get("on_lisi")).toMatchObject({
      username: "li.si",
      dn: "uid=li.si,ou=people,dc=orgsync,dc=test",
      problems: [],
    });
    // No email: the second candidate; no employee_no: sn, which inetOrgPerson requires, is empty.
    expect(byId.get("on_wangwu")).toMatchObject({
      username: "wangwu",
      problems: [expect.stringContaining('required attribute "sn"')],
    });

    // A draft is checked against the directory's schema like a save.
    draft.user.attributes.emial = "email";
    const error = await rejection(service.preview(providerId, { relations: draft }));
    expect((error as ConfigError).issues.map((issue) => issue.path)).toEqual([
      "user.attributes.emial",
    ]);
  });
});
