import { beforeAll, describe, expect, it } from "vitest";
import { Tokens } from "../../src/container/tokens.ts";
import { DATABASE_KINDS } from "../databases.ts";
import { useTestService } from "../service/test-service.ts";
import { IMPORT, type ImportResult, lineOf, SHIPPED_CONFIG } from "./helpers.ts";

/**
 * Importing go-ldap-admin's shipped config.yml through GraphQL (in-process `yoga.fetch`), on
 * both databases: what it stores, what a dry run leaves alone, what a second import changes,
 * and that a file with an error stores nothing.
 */

/** Every key of the shipped file that is not carried over. */
const SHIPPED_UNSUPPORTED = [
  "system",
  "logs",
  "database",
  "mysql",
  "jwt",
  "rate-limit",
  "email",
  "ldap.max-conn",
  "ldap.group-name-modify",
  "ldap.user-name-modify",
];

describe.each(DATABASE_KINDS)("importing go-ldap-admin's config.yml on %s", (kind) => {
  const t = useTestService(kind, { runJobs: false });
  let token: string;
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const result = await t.gql<T>(query, variables, token);
    expect(result.errors).toBeUndefined();
    return result.data as T;
  };
  const importConfig = async (variables: Record<string, unknown>) =>
    (await gql<{ importGoLdapAdminConfig: ImportResult }>(IMPORT, variables))
      .importGoLdapAdminConfig;
  const stored = async () =>
    gql<{
      directorySettings: unknown;
      providers: { id: string; flag: string }[];
    }>("{ directorySettings { updatedAt } providers { id flag } }");
  const repositories = () => t.service.container.resolve(Tokens.Repositories);

  beforeAll(async () => {
    token = await t.login();
  });

  it("refuses a file with an error, naming the line, and stores nothing", async () => {
    const broken = SHIPPED_CONFIG.replace(
      'default-email-suffix: "eryajf.net"',
      'default-email-suffix: "not a domain"',
    );
    const result = await importConfig({ yaml: broken });
    expect(result.__typename).toBe("ValidationError");
    expect(result.issues).toEqual([
      {
        path: "ldap.default-email-suffix",
        message: `line ${lineOf(SHIPPED_CONFIG, "default-email-suffix:")}: must be a domain such as "example.com"`,
      },
    ]);
    const yamlError = await importConfig({ yaml: `${SHIPPED_CONFIG}\nfeishu: [\n` });
    expect(yamlError.__typename).toBe("ValidationError");
    expect(yamlError.message).toMatch(/not valid YAML.*line \d+/);
    expect(await stored()).toEqual({ directorySettings: null, providers: [] });
  });

  it("dry run: reports what the shipped file would give and stores nothing", async () => {
    const report = await importConfig({
      yaml: SHIPPED_CONFIG,
      dryRun: true,
      timezone: "Asia/Shanghai",
    });
    expect(report.__typename).toBe("ImportReport");
    expect(report.dryRun).toBe(true);
    expect(report.directory).toMatchObject({ action: "created", verified: false, report: null });
    expect(report.providers.map((p) => [p.flag, p.action, p.id])).toEqual([
      ["dingtalk", "created", null],
      ["wecom", "created", null],
      ["feishu", "created", null],
    ]);
    expect(report.schedules.map((s) => [s.flag, s.scope, s.action])).toEqual([
      ["dingtalk", "GROUPS", "created"],
      ["dingtalk", "USERS", "created"],
      ["wecom", "GROUPS", "created"],
      ["wecom", "USERS", "created"],
      ["feishu", "GROUPS", "created"],
      ["feishu", "USERS", "created"],
    ]);
    expect(report.unsupported.map((key) => key.path)).toEqual(SHIPPED_UNSUPPORTED);
    // The same report as one JSON value (what the CLI prints), never with a secret.
    const { importGoLdapAdminConfig: asJson } = await gql<{
      importGoLdapAdminConfig: { json: { providers: { flag: string }[] } };
    }>(
      `mutation($yaml: String!) { importGoLdapAdminConfig(yaml: $yaml, dryRun: true) {
        ... on ImportReport { json }
      } }`,
      { yaml: SHIPPED_CONFIG },
    );
    expect(asJson.json.providers.map((p) => p.flag)).toEqual(["dingtalk", "wecom", "feishu"]);
    expect(JSON.stringify(asJson.json)).not.toMatch(
      /"(appSecret|corpSecret|bindPassword|initialPassword)":|123456|x{16}/,
    );
    expect(await stored()).toEqual({ directorySettings: null, providers: [] });
    const audit = await repositories().audit.list({ action: "import.goLdapAdmin" });
    expect(audit).toEqual([]);
  });

  it("imports the shipped file: directory, the three providers with their relations, crons", async () => {
    const report = await importConfig({ yaml: SHIPPED_CONFIG, timezone: "Asia/Shanghai" });
    expect(report.__typename).toBe("ImportReport");
    expect(report.directory).toEqual({
      action: "created",
      url: "ldap://localhost:389",
      baseDn: "dc=eryajf,dc=net",
      bindDn: "cn=admin,dc=eryajf,dc=net",
      usersOu: "people",
      bindPasswordSet: true,
      initialPasswordSet: true,
      passwordMode: "initial",
      passwordScheme: "ssha",
      defaultEmailSuffix: "eryajf.net",
      verified: false,
      report: null,
    });

    const [dingtalk, wecom, feishu] = report.providers;
    expect(dingtalk).toMatchObject({
      kind: "dingtalk",
      action: "created",
      // Secrets only by name.
      config: {
        appKey: "xxxxxxxxxxxxxxx",
        agentId: "12121212",
        deptList: [],
        userLeaveRangeDays: 0,
      },
      secretsSet: ["appSecret"],
      enabled: false,
      updateExisting: false,
      fieldRelations: "defaults",
    });
    expect(wecom).toMatchObject({
      kind: "wecom",
      action: "created",
      config: { corpId: "xxxx", agentId: "1000003" },
      secretsSet: ["corpSecret"],
      enabled: false,
      fieldRelations: "defaults",
    });
    expect(feishu).toMatchObject({
      flag: "feishu",
      kind: "feishu",
      action: "created",
      enabled: false,
      config: { appId: "xxxxxxx", deptList: [] },
      secretsSet: ["appSecret"],
      updateExisting: false,
      fieldRelations: "defaults",
    });
    // The sample app id is imported as given, and flagged with its line.
    expect(feishu?.configIssues).toEqual([
      {
        path: "feishu.app-id",
        message: expect.stringMatching(
          new RegExp(`^line ${lineOf(SHIPPED_CONFIG, "app-id:", "feishu:")}: appId must look like`),
        ),
      },
    ]);
    expect(report.schedules.filter((s) => s.flag === "feishu")).toEqual([
      {
        flag: "feishu",
        scope: "GROUPS",
        cron: "0 20 0 * * *",
        timezone: "Asia/Shanghai",
        enabled: false,
        path: "feishu.dept-sync-time",
        action: "created",
        reason: null,
      },
      {
        flag: "feishu",
        scope: "USERS",
        cron: "0 40 0 * * *",
        timezone: "Asia/Shanghai",
        enabled: false,
        path: "feishu.user-sync-time",
        action: "created",
        reason: null,
      },
    ]);
    expect(report.schedules.filter((s) => s.flag === "dingtalk")).toMatchObject([
      { scope: "GROUPS", cron: "0 30 2 * * *", action: "created", path: "dingtalk.dept-sync-time" },
      { scope: "USERS", cron: "0 30 3 * * *", action: "created", path: "dingtalk.user-sync-time" },
    ]);
    expect(report.unsupported.map((key) => key.path)).toEqual(SHIPPED_UNSUPPORTED);

    // What is stored, read back through the API and (for secrets) the repositories.
    const { directorySettings, providers } = await gql<{
      directorySettings: Record<string, unknown>;
      providers: Record<string, unknown>[];
    }>(`{
      directorySettings {
        connection { url bindDn baseDn } hasBindPassword hasInitialPassword layout
        passwordMode passwordScheme defaultEmailSuffix
      }
      providers { id flag kind enabled config hasSecrets syncOptions { updateExisting } }
    }`);
    expect(directorySettings).toEqual({
      connection: {
        url: "ldap://localhost:389",
        bindDn: "cn=admin,dc=eryajf,dc=net",
        baseDn: "dc=eryajf,dc=net",
      },
      hasBindPassword: true,
      hasInitialPassword: true,
      layout: { usersOu: "people" },
      passwordMode: "initial",
      passwordScheme: "ssha",
      defaultEmailSuffix: "eryajf.net",
    });
    expect(providers.map((provider) => provider.flag).sort()).toEqual([
      "dingtalk",
      "feishu",
      "wecom",
    ]);
    expect(providers.find((provider) => provider.flag === "feishu")).toEqual({
      id: feishu?.id,
      flag: "feishu",
      kind: "feishu",
      enabled: false,
      config: { appId: "xxxxxxx", deptList: [] },
      hasSecrets: true,
      syncOptions: { updateExisting: false },
    });
    const secrets = await repositories().directorySettings.getWithSecrets();
    expect([secrets?.bindPassword, secrets?.initialPassword]).toEqual(["123456", "123456"]);
    const withSecrets = await repositories().providers.getWithSecrets(feishu?.id as string);
    expect(withSecrets.config.appSecret).toBe("xxxxxxxxxxx");
    const dingtalkSecrets = await repositories().providers.getWithSecrets(dingtalk?.id as string);
    expect(dingtalkSecrets.config.appSecret).toBe("xxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    const wecomSecrets = await repositories().providers.getWithSecrets(wecom?.id as string);
    expect(wecomSecrets.config.corpSecret).toBe("xxxxx");

    const relations = await t.service.container
      .resolve(Tokens.FieldRelationService)
      .get(feishu?.id as string);
    expect(relations.group?.relations).toEqual(relations.defaults.group);
    expect(relations.user?.relations).toEqual(relations.defaults.user);

    const schedules = await t.service.container
      .resolve(Tokens.ScheduleService)
      .list(feishu?.id as string);
    expect(
      schedules.map(({ scope, cron, timezone, enabled }) => ({ scope, cron, timezone, enabled })),
    ).toEqual([
      { scope: "GROUPS", cron: "0 20 0 * * *", timezone: "Asia/Shanghai", enabled: false },
      { scope: "USERS", cron: "0 40 0 * * *", timezone: "Asia/Shanghai", enabled: false },
    ]);

    const [entry] = await repositories().audit.list({ action: "import.goLdapAdmin" });
    expect(entry?.details).toMatchObject({
      actor: "admin",
      providers: [
        { flag: "dingtalk", action: "created" },
        { flag: "wecom", action: "created" },
        { flag: "feishu", action: "created" },
      ],
    });
    // No secret of the file in the audit log (the sample app key is itself all x's: compare
    // whole values, not substrings).
    const values: string[] = [];
    JSON.stringify(await repositories().audit.list(), (_key, value) => {
      if (typeof value === "string") values.push(value);
      return value;
    });
    for (const secret of ["xxxxxxxxxxx", "xxxxxxxxxxxxxxxxxxxxxxxxxxxx", "xxxxx", "123456"]) {
      expect(values).not.toContain(secret);
    }
  });

  it("importing again updates by flag and keeps what the file does not have", async () => {
    const provider = (await stored()).providers.find((p) => p.flag === "feishu");
    const id = provider?.id as string;
    // An admin points the provider at Lark and syncs groups every hour, then imports again.
    const update = await gql<{ updateProvider: { __typename: string } }>(
      `mutation($id: ID!) { updateProvider(id: $id, input: {
        config: { appId: "cli_a1b2c3", domain: "lark" }, verify: false
      }) { __typename } }`,
      { id },
    );
    expect(update.updateProvider.__typename).toBe("ProviderChange");
    const edited = SHIPPED_CONFIG.replace(
      /(feishu:[\s\S]*?)enable-sync: false/,
      "$1enable-sync: true",
    )
      .replace('dept-sync-time: "0 20 0 * * *"', 'dept-sync-time: "0 0 * * * *"')
      .replace(/(feishu:[\s\S]*?)is-update-syncd: false/, "$1is-update-syncd: true");

    const report = await importConfig({ yaml: edited, timezone: "Asia/Shanghai" });
    expect(report.directory?.action).toBe("updated");
    const feishu = report.providers.find((p) => p.flag === "feishu");
    expect(feishu).toMatchObject({
      action: "updated",
      id,
      enabled: true,
      updateExisting: true,
      // The file's app id wins; the domain it does not know is kept.
      config: { appId: "xxxxxxx", deptList: [], domain: "lark" },
      fieldRelations: "kept",
    });
    expect(
      report.schedules.filter((s) => s.flag === "feishu").map((s) => [s.cron, s.action, s.enabled]),
    ).toEqual([
      ["0 0 * * * *", "updated", true],
      ["0 40 0 * * *", "updated", true],
    ]);
    expect((await stored()).providers).toHaveLength(3);
  });
});
