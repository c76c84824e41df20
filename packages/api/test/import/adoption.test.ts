import {
  compileFieldRelations,
  goLdapAdminDefaultRelations,
  type SourceDepartment,
  type SourceSnapshot,
  type SourceUser,
} from "@orgsync/core";
import { generateOrg } from "@orgsync/core/testing";
import { sshaHash } from "@orgsync/ldap";
import { formatLdifAttribute, type Slapd, startSlapd } from "@orgsync/ldap/testing";
import { type RunningFeishuSandbox, startFeishuSandbox } from "@orgsync/provider-feishu/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../databases.ts";
import { FAST_FEISHU_RETRY } from "../harness/sync-environment.ts";
import { useTestService } from "../service/test-service.ts";
import { IMPORT, type ImportResult, INIT_LDIF } from "./helpers.ts";

/**
 * The migration end to end: a directory filled the way go-ldap-admin fills it (its init.ldif,
 * then its Feishu sync of the org the sandbox serves), go-ldap-admin's config imported through
 * GraphQL, and the first ALL run. Nothing is duplicated, deleted or disabled: every entry
 * go-ldap-admin made keeps its DN and gets orgsync's anchor.
 */

const INIT_PASSWORD = "123456";
const RUN_FIELDS = "id status error counts { op outcome count }";

interface Run {
  id: string;
  status: string;
  error: string | null;
  counts: { op: string; outcome: string; count: number }[];
}

/**
 * go-ldap-admin's names: go-pinyin's plain reading, no separator (曾小明 → cengxiaoming), the
 * seeded `custom_name_pinyin` behind both `username` and `groupName`.
 */
const goLdapAdmin = compileFieldRelations({
  group: { name: "{{ name | pinyin }}", attributes: {} },
  user: { username: ["{{ name | pinyin }}"], attributes: {} },
});
/** orgsync's first username candidate (the surname reading: 曾小明 → zengxiaoming). */
const orgsync = compileFieldRelations(goLdapAdminDefaultRelations.feishu);

const uidOf = (user: SourceUser) => goLdapAdmin.usernameCandidates(user)[0] ?? "";
const cnOf = (department: SourceDepartment) => goLdapAdmin.groupName(department);

/**
 * An org go-ldap-admin synced completely: nobody directly under the root (it never reads root
 * members, its #87), no two people with one pinyin (it skips the second), plain pinyin only.
 * One person is 曾小明, whose username go-ldap-admin read differently from orgsync.
 */
function migratedOrg(): SourceSnapshot {
  const org = generateOrg({
    departments: 8,
    users: 60,
    seed: 23,
    multiDepartmentShare: 0.2,
    rootUserShare: 0,
    statusShares: { frozen: 0, resigned: 0, notJoined: 0 },
  });
  const zeng = org.users.find((user) => user.raw.email !== "") as SourceUser;
  zeng.name = "曾小明";
  zeng.raw.name = "曾小明";
  const taken = new Set<string>();
  const users = org.users.filter((user) => {
    const names = [uidOf(user), orgsync.usernameCandidates(user)[0] ?? ""];
    if (!/^[a-z]+$/.test(names[0] as string) || names.some((name) => taken.has(name))) {
      return false;
    }
    for (const name of names) taken.add(name);
    return true;
  });
  return { departments: org.departments, users };
}

/** What go-ldap-admin writes: its init.ldif, then groups (SyncFeiShuDepts), then users. */
function goLdapAdminLdif(org: SourceSnapshot, slapd: Slapd): string {
  const base = slapd.baseDn;
  const people = `ou=people,${base}`;
  const dnOf = new Map<string, string>([["0", `ou=feishuroot,${base}`]]);
  const cnOfId = new Map<string, string>();
  const records: string[] = [INIT_LDIF.replaceAll("{{ LDAP_BASE_DN }}", base).trim()];
  const members = new Map<string, string[]>();
  for (const user of org.users) {
    for (const id of user.departmentIds) {
      members.set(id, [...(members.get(id) ?? []), `uid=${uidOf(user)},${people}`]);
    }
  }
  // Parents come before their children in the generated org, as addDepts walks the tree.
  for (const department of org.departments) {
    const cn = cnOf(department);
    const dn = `cn=${cn},${dnOf.get(department.parentId)}`;
    dnOf.set(department.id, dn);
    cnOfId.set(department.id, cn);
    records.push(
      [
        `dn: ${dn}`,
        "objectClass: groupOfUniqueNames",
        "objectClass: top",
        `cn: ${cn}`,
        formatLdifAttribute("description", department.name),
        `uniqueMember: ${slapd.adminDn}`,
        ...(members.get(department.id) ?? []).map((member) => `uniqueMember: ${member}`),
      ].join("\n"),
    );
  }
  for (const user of org.users) {
    const uid = uidOf(user);
    const raw = user.raw as Record<string, string>;
    records.push(
      [
        `dn: uid=${uid},${people}`,
        "objectClass: inetOrgPerson",
        `uid: ${uid}`,
        `cn: ${uid}`,
        formatLdifAttribute("sn", user.name),
        formatLdifAttribute("displayName", user.name),
        formatLdifAttribute("givenName", user.name),
        `mail: ${raw.email || `${uid}@example.com`}`,
        `mobile: ${raw.mobile}`,
        `employeeNumber: ${raw.employee_no}`,
        formatLdifAttribute("departmentNumber", raw.job_title as string),
        `businessCategory: ${user.departmentIds.map((id) => cnOfId.get(id)).join(",")}`,
        formatLdifAttribute("postalAddress", raw.work_station as string),
        formatLdifAttribute("description", user.name),
        `userPassword: ${sshaHash(INIT_PASSWORD)}`,
      ].join("\n"),
    );
  }
  return `${records.join("\n\n")}\n`;
}

describe.each(DATABASE_KINDS)("first sync after go-ldap-admin, on %s", (kind) => {
  const t = useTestService(kind);
  let slapd: Slapd;
  let sandbox: RunningFeishuSandbox;
  let token: string;
  let org: SourceSnapshot;
  let before: string[];
  let providerId: string;

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const result = await t.gql<T>(query, variables, token);
    expect(result.errors).toBeUndefined();
    return result.data as T;
  };
  const importConfig = async (yaml: string, verify: boolean) =>
    (await gql<{ importGoLdapAdminConfig: ImportResult }>(IMPORT, { yaml, verify }))
      .importGoLdapAdminConfig;
  const allDns = async () =>
    (await slapd.ldapsearch(slapd.baseDn, "(objectClass=*)", ["objectClass"]))
      .map((entry) => entry.dn.toLowerCase())
      .sort();
  const ldapBlock = (password: string) =>
    [
      "ldap:",
      `  url: ${slapd.url}`,
      `  max-conn: 10`,
      `  base-dn: "${slapd.baseDn}"`,
      `  admin-dn: "${slapd.adminDn}"`,
      `  admin-pass: "${password}"`,
      `  user-dn: "ou=people,${slapd.baseDn}"`,
      `  user-init-password: "${INIT_PASSWORD}"`,
      "  group-name-modify: false",
      "  user-name-modify: false",
      '  user-password-encryption-type: "ssha"',
      '  default-email-suffix: "example.com"',
    ].join("\n");

  beforeAll(async () => {
    org = migratedOrg();
    [slapd, sandbox] = await Promise.all([
      startSlapd({ orgsyncSchema: true, adminPassword: "go-ldap-admin-S3cret" }),
      startFeishuSandbox({ org }),
    ]);
    await slapd.ldapadd(goLdapAdminLdif(org, slapd));
    before = await allDns();
    token = await t.login();
  }, 60_000);

  afterAll(async () => {
    await Promise.all([slapd?.stop(), sandbox?.close()]);
  });

  it("holds what go-ldap-admin wrote: the org minus what it cannot read", () => {
    const zeng = org.users.find((user) => user.name === "曾小明") as SourceUser;
    expect(zeng).toBeDefined();
    // The case adoption by mail exists for: go-ldap-admin's uid is not orgsync's.
    expect(uidOf(zeng)).toBe("cengxiaoming");
    expect(orgsync.usernameCandidates(zeng)[0]).toBe("zengxiaoming");
    expect(org.users.length).toBeGreaterThan(30);
    // init.ldif's 5 entries, the groups and the accounts, under the base entry.
    expect(before).toHaveLength(1 + 5 + org.departments.length + org.users.length);
  });

  it("with verify, refuses a directory that refuses the bind and saves nothing; then saves it", async () => {
    const dryRun = (
      await gql<{ importGoLdapAdminConfig: ImportResult }>(IMPORT, {
        yaml: ldapBlock("wrong"),
        verify: true,
        dryRun: true,
      })
    ).importGoLdapAdminConfig;
    // A dry run reports the failed test instead of refusing.
    expect(dryRun.directory).toMatchObject({ verified: true, report: { ok: false } });
    const refused = await importConfig(ldapBlock("wrong"), true);
    expect(refused.__typename).toBe("DirectoryConnectionError");
    expect(
      (await gql<{ directorySettings: unknown }>("{ directorySettings { updatedAt } }"))
        .directorySettings,
    ).toBeNull();

    const saved = await importConfig(ldapBlock(slapd.adminPassword), true);
    expect(saved.directory).toMatchObject({
      action: "created",
      verified: true,
      report: { ok: true },
    });
  });

  it("imports the Feishu block and points the provider at the sandbox", async () => {
    const yaml = [
      ldapBlock(slapd.adminPassword),
      "feishu:",
      '  flag: "feishu"',
      `  app-id: "${sandbox.app.appId}"`,
      `  app-secret: "${sandbox.app.appSecret}"`,
      "  enable-sync: true",
      "  dept-list:",
      "  is-update-syncd: false",
    ].join("\n");
    const report = await importConfig(yaml, false);
    expect(report.providers).toEqual([
      expect.objectContaining({
        flag: "feishu",
        action: "created",
        enabled: true,
        updateExisting: false,
        fieldRelations: "defaults",
        configIssues: [],
      }),
    ]);
    expect(report.unsupported.map((key) => key.path)).toEqual([
      "ldap.max-conn",
      "ldap.group-name-modify",
      "ldap.user-name-modify",
    ]);
    providerId = report.providers[0]?.id as string;
    // go-ldap-admin has no domain key (it always talks to open.feishu.cn): the sandbox is ours.
    const updated = await gql<{ updateProvider: { __typename: string } }>(
      `mutation($id: ID!, $config: JSON!) {
        updateProvider(id: $id, input: { config: $config, verify: false }) { __typename }
      }`,
      {
        id: providerId,
        config: {
          appId: sandbox.app.appId,
          deptList: [],
          domain: sandbox.url,
          retry: FAST_FEISHU_RETRY,
        },
      },
    );
    expect(updated.updateProvider.__typename).toBe("ProviderChange");
  });

  async function syncAll(): Promise<Run> {
    const started = await gql<{ runSync: Run & { __typename: string; message?: string } }>(
      `mutation($id: ID!) { runSync(providerId: $id, scope: ALL) {
        __typename ... on Run { ${RUN_FIELDS} } ... on Error { message }
      } }`,
      { id: providerId },
    );
    expect(started.runSync.__typename).toBe("Run");
    for (let attempt = 0; attempt < 600; attempt++) {
      const { run } = await gql<{ run: Run }>(
        `query($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`,
        {
          id: started.runSync.id,
        },
      );
      if (!["queued", "planning", "applying"].includes(run.status)) return run;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("the run did not finish in 60 s");
  }

  const count = (run: Run, op: string) =>
    run.counts.filter((row) => row.op === op).reduce((sum, row) => sum + row.count, 0);

  it("the first ALL run adopts every entry: no duplicates, nothing deleted or disabled", async () => {
    const run = await syncAll();
    expect(run).toMatchObject({ status: "succeeded", error: null });
    for (const op of ["createUser", "createGroup", "deleteUser", "disableUser", "deleteGroup"]) {
      expect({ op, count: count(run, op) }).toEqual({ op, count: 0 });
    }
    expect(count(run, "updateUser")).toBe(org.users.length);
    expect(count(run, "updateGroup")).toBe(org.departments.length);
    expect(run.counts.every((row) => row.outcome === "succeeded")).toBe(true);

    // Same DNs, same number.
    expect(await allDns()).toEqual(before);

    // Every account and department group go-ldap-admin made now carries its person's anchor.
    const users = await slapd.ldapsearch(
      `ou=people,${slapd.baseDn}`,
      "(uid=*)",
      ["uid", "orgsyncAnchor"],
      {
        scope: "one",
      },
    );
    const anchorOfUid = new Map(
      users.map((entry) => [entry.attributes.uid?.[0], entry.attributes.orgsyncAnchor?.[0]]),
    );
    expect(anchorOfUid.size).toBe(org.users.length);
    for (const user of org.users) {
      expect([uidOf(user), anchorOfUid.get(uidOf(user))]).toEqual([
        uidOf(user),
        // The sandbox serves each person's source id as their union_id (the default id type).
        `feishu:${user.id}`,
      ]);
    }
    const groups = await slapd.ldapsearch(
      `ou=feishuroot,${slapd.baseDn}`,
      "(objectClass=groupOfUniqueNames)",
      ["orgsyncAnchor"],
    );
    expect(groups.map((entry) => entry.attributes.orgsyncAnchor?.[0]).sort()).toEqual(
      org.departments.map((department) => `feishu:${department.id}`).sort(),
    );
    // go-ldap-admin's own entries outside the provider's subtrees are left alone.
    const [defaultGroup] = await slapd.ldapsearch(
      `cn=group,${slapd.baseDn}`,
      "(objectClass=*)",
      ["*"],
      {
        scope: "base",
      },
    );
    expect(defaultGroup?.attributes.orgsyncAnchor).toBeUndefined();
  });

  it("the adopted accounts still bind with go-ldap-admin's password, and a second run changes nothing", async () => {
    const [someone] = org.users;
    expect(
      await slapd.ldapwhoami(
        `uid=${uidOf(someone as SourceUser)},ou=people,${slapd.baseDn}`,
        INIT_PASSWORD,
      ),
    ).toBe(true);
    const again = await syncAll();
    expect(again.status).toBe("succeeded");
    expect(again.counts).toEqual([]);
    expect(await allDns()).toEqual(before);
  });

  it("is-update-syncd: false leaves changed attributes alone until updateExisting is switched on", async () => {
    const changed = structuredClone(org);
    const person = changed.users[1] as SourceUser;
    person.raw.email = "moved@example.com";
    sandbox.setOrg(changed);
    const held = await syncAll();
    expect(held.status).toBe("succeeded");
    expect(count(held, "updateUser")).toBe(0);

    const switched = await gql<{
      updateProvider: { provider: { syncOptions: { updateExisting: boolean } } };
    }>(
      `mutation($id: ID!) { updateProvider(id: $id, input: { syncOptions: { updateExisting: true } }) {
        ... on ProviderChange { provider { syncOptions { updateExisting } } }
      } }`,
      { id: providerId },
    );
    expect(switched.updateProvider.provider.syncOptions.updateExisting).toBe(true);
    const updated = await syncAll();
    expect(count(updated, "updateUser")).toBe(1);
    const [entry] = await slapd.ldapsearch(
      `uid=${uidOf(person)},ou=people,${slapd.baseDn}`,
      "(objectClass=*)",
      ["mail"],
      { scope: "base" },
    );
    expect(entry?.attributes.mail).toEqual(["moved@example.com"]);
  });
});
