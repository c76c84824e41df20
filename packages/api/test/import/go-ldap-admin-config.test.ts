import { ConfigError } from "@orgsync/core";
import { describe, expect, it } from "vitest";
import { parseGoLdapAdminConfig } from "../../src/import/go-ldap-admin-config.ts";
import { lineOf, SHIPPED_CONFIG } from "./helpers.ts";

function configError(text: string): ConfigError {
  try {
    parseGoLdapAdminConfig(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("parseGoLdapAdminConfig: the shipped config.yml", () => {
  const plan = parseGoLdapAdminConfig(SHIPPED_CONFIG);

  it("reads the ldap block into directory settings", () => {
    expect(plan.directory).toMatchObject({
      connection: {
        url: "ldap://localhost:389",
        baseDn: "dc=eryajf,dc=net",
        bindDn: "cn=admin,dc=eryajf,dc=net",
      },
      bindPassword: "123456",
      usersOu: "people",
      passwordMode: "initial",
      initialPassword: "123456",
      passwordScheme: "ssha",
      defaultEmailSuffix: "eryajf.net",
    });
    expect(plan.directory?.sources["connection.baseDn"]).toEqual({
      path: "ldap.base-dn",
      line: lineOf(SHIPPED_CONFIG, "base-dn:"),
    });
  });

  it("reads one provider per IM block, with its crons as written (six fields, seconds first)", () => {
    expect(plan.providers.map((p) => [p.kind, p.flag])).toEqual([
      ["dingtalk", "dingtalk"],
      ["wecom", "wecom"],
      ["feishu", "feishu"],
    ]);
    const feishu = plan.providers.find((p) => p.kind === "feishu");
    expect(feishu).toMatchObject({
      config: { appId: "xxxxxxx", appSecret: "xxxxxxxxxxx", deptList: [] },
      secretKeys: ["appSecret"],
      enabled: false,
      syncOptions: { updateExisting: false },
      schedules: [
        { scope: "GROUPS", cron: "0 20 0 * * *", enabled: false },
        { scope: "USERS", cron: "0 40 0 * * *", enabled: false },
      ],
    });
    const wecom = plan.providers.find((p) => p.kind === "wecom");
    // agent-id is an int in the file; kept as typed there.
    expect(wecom?.config).toEqual({ corpId: "xxxx", agentId: "1000003", corpSecret: "xxxxx" });
    const dingtalk = plan.providers.find((p) => p.kind === "dingtalk");
    expect(dingtalk).toMatchObject({
      config: {
        appKey: "xxxxxxxxxxxxxxx",
        appSecret: "xxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        agentId: "12121212",
        deptList: [],
        // user-leave-range: 0 — go-ldap-admin's "every resignation record".
        userLeaveRangeDays: 0,
      },
      sources: { userLeaveRangeDays: { path: "dingtalk.user-leave-range" } },
    });
  });

  it("reads user-leave-range as whole days and names a value that is not one", () => {
    const days = (value: string) =>
      parseGoLdapAdminConfig(`dingtalk:\n  app-key: k\n  user-leave-range: ${value}\n`).providers[0]
        ?.config.userLeaveRangeDays;
    expect(days("30")).toBe(30);
    expect(days('"7"')).toBe(7);
    expect(days("")).toBeUndefined();
    expect(configError("dingtalk:\n  user-leave-range: -3\n").issues).toEqual([
      {
        path: "dingtalk.user-leave-range",
        message: "line 2: must be a whole number of days (0 or more)",
      },
    ]);
  });

  it("lists every key it does not carry over, with its line and why", () => {
    expect(plan.unsupported.map((key) => [key.path, key.category])).toEqual([
      ["system", "notOrgsyncsConcern"],
      ["logs", "notOrgsyncsConcern"],
      ["database", "notOrgsyncsConcern"],
      ["mysql", "notOrgsyncsConcern"],
      ["jwt", "notOrgsyncsConcern"],
      ["rate-limit", "notOrgsyncsConcern"],
      ["email", "notOrgsyncsConcern"],
      ["ldap.max-conn", "notNeeded"],
      ["ldap.group-name-modify", "notNeeded"],
      ["ldap.user-name-modify", "notNeeded"],
    ]);
    const renames = plan.unsupported.find((key) => key.path === "ldap.group-name-modify");
    expect(renames?.reason).toMatch(/not needed: orgsync renames by anchor/);
    expect(renames?.line).toBe(lineOf(SHIPPED_CONFIG, "group-name-modify:"));
  });
});

describe("parseGoLdapAdminConfig: what it refuses or cannot carry over", () => {
  const ldap = (lines: string) =>
    `ldap:\n  url: ldap://ldap.example.com\n  base-dn: dc=example,dc=com\n${lines}`;

  it("takes user-dn only as ou=<name>,<base-dn> and says why otherwise", () => {
    expect(
      parseGoLdapAdminConfig(ldap("  user-dn: OU=Staff, DC=Example,dc=com\n")).directory?.usersOu,
    ).toBe("Staff");
    for (const userDn of ["ou=people,ou=corp,dc=example,dc=com", "uid=x,dc=example,dc=com"]) {
      const plan = parseGoLdapAdminConfig(ldap(`  user-dn: "${userDn}"\n`));
      expect(plan.directory?.usersOu).toBeUndefined();
      expect(plan.unsupported).toEqual([
        expect.objectContaining({
          path: "ldap.user-dn",
          line: 4,
          category: "unsupported",
          reason: expect.stringMatching(/one container right under the base DN/),
        }),
      ]);
    }
  });

  it("maps the password scheme, lists one it does not know, and an empty initial password", () => {
    const clear = parseGoLdapAdminConfig(ldap("  user-password-encryption-type: CLEAR\n"));
    expect(clear.directory?.passwordScheme).toBe("clear");
    const md5 = parseGoLdapAdminConfig(
      ldap('  user-password-encryption-type: md5\n  user-init-password: ""\n'),
    );
    expect(md5.directory?.passwordScheme).toBeUndefined();
    expect(md5.directory?.passwordMode).toBe("random");
    expect(md5.unsupported.map((key) => [key.path, key.reason])).toEqual([
      ["ldap.user-password-encryption-type", expect.stringMatching(/"md5" is not a scheme/)],
      ["ldap.user-init-password", expect.stringMatching(/random password/)],
    ]);
  });

  it("keeps numbers as typed (a password 0123 stays 0123) and reads keys case-insensitively", () => {
    const plan = parseGoLdapAdminConfig(ldap("  Admin-Pass: 0123\n  ADMIN-DN: cn=admin\n"));
    expect(plan.directory?.bindPassword).toBe("0123");
    expect(plan.directory?.connection.bindDn).toBe("cn=admin");
    expect(plan.directory?.sources.bindPassword?.path).toBe("ldap.Admin-Pass");
  });

  it("lists keys go-ldap-admin does not have, per block", () => {
    const plan = parseGoLdapAdminConfig(
      "ldap:\n  urll: x\nwecom:\n  corp-id: c\n  dept-list: [1]\nsentry:\n  dsn: x\n",
    );
    expect(plan.unsupported.map((key) => [key.path, key.category, key.line])).toEqual([
      ["ldap.urll", "unknown", 2],
      ["wecom.dept-list", "unknown", 5],
      ["sentry", "unknown", 6],
    ]);
    expect(plan.unsupported[1]?.reason).toMatch(/wecom sync has no dept-list/);
  });

  it("reads dept-list entries, a CRON_TZ prefix, and lists @every intervals", () => {
    const plan = parseGoLdapAdminConfig(
      [
        "feishu:",
        "  app-id: cli_x",
        "  enable-sync: true",
        "  dept-list:",
        '    - "od-1"',
        '    - "^od-2"',
        '  dept-sync-time: "CRON_TZ=Asia/Shanghai 0 0 2 * * *"',
        '  user-sync-time: "@every 1h"',
      ].join("\n"),
    );
    expect(plan.providers[0]).toMatchObject({
      config: { appId: "cli_x", deptList: ["od-1", "^od-2"] },
      enabled: true,
      schedules: [
        { scope: "GROUPS", cron: "0 0 2 * * *", timezone: "Asia/Shanghai", enabled: true },
      ],
    });
    expect(plan.unsupported).toEqual([
      expect.objectContaining({ path: "feishu.user-sync-time", line: 8, category: "unsupported" }),
    ]);
  });

  it("names the line of a YAML error", () => {
    const error = configError("ldap:\n  url: ldap://x\n  base-dn: [dc=x\nfeishu:\n");
    expect(error.message).toMatch(/not valid YAML/);
    expect(error.issues[0]?.path).toMatch(/^\(yaml\) line \d+, column \d+$/);
  });

  it("names the key and line of values of the wrong type, all at once", () => {
    const error = configError(
      [
        "ldap:",
        "  url:",
        "    - ldap://a",
        "feishu:",
        "  enable-sync: sometimes",
        "  flag: Feishu",
        "  dept-list: { a: 1 }",
      ].join("\n"),
    );
    expect(error.issues).toEqual([
      { path: "ldap.url", message: "line 2: must be a single value, not a list or block" },
      { path: "feishu.enable-sync", message: "line 5: must be true or false" },
      { path: "feishu.flag", message: expect.stringMatching(/^line 6: use 1–32 lower-case/) },
      { path: "feishu.dept-list", message: expect.stringMatching(/^line 7: must be a list/) },
    ]);
  });

  it("refuses two blocks with one flag and the same key twice", () => {
    expect(
      configError("dingtalk:\n  flag: im\nfeishu:\n  flag: im\n").issues.map((i) => i.path),
    ).toEqual(["feishu.flag"]);
    expect(configError("ldap:\n  url: a\n  URL: b\n").issues[0]).toEqual({
      path: "ldap.URL",
      message: expect.stringMatching(/^line 3: repeats ldap.url \(line 2\)/),
    });
  });

  it("refuses what is not a config file", () => {
    expect(configError("").issues[0]?.path).toBe("(file)");
    expect(configError("- a\n- b\n").message).toMatch(/not go-ldap-admin's config.yml/);
  });
});
