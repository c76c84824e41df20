import { createServer } from "node:net";
import {
  ConfigError,
  executePlan,
  goLdapAdminDefaultsFor,
  managedAttributes,
  planSync,
  type SourceSnapshot,
} from "@orgsync/core";
import { ldapTarget } from "@orgsync/ldap";
import { type Slapd, startSlapd } from "@orgsync/ldap/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { directorySettings, runs } from "../../src/db/schema.ts";
import { DirectoryNotConfiguredError, NotFoundError } from "../../src/errors.ts";
import type { Actor } from "../../src/services/actor.ts";
import {
  createDirectoryService,
  DirectoryConnectionError,
  type DirectoryConnectionInput,
  DirectoryEntryNotFoundError,
  DirectoryGroupNotFoundError,
  type DirectoryService,
  type UpdateDirectorySettingsInput,
} from "../../src/services/directory-service.ts";
import { createTestProvider, DATABASE_KINDS, useTestDatabase } from "../databases.ts";

const BIND_PASSWORD = "Bind-Secret-42";
const INITIAL_PASSWORD = "Initial-Secret-17";
const FLAG = "dirtest";
const alice: Actor = { adminId: null, username: "alice" };

/**
 * A tiny org, synced once into the shared slapd with core's engine: three top-level
 * departments (研发部 with a sub-department), five people, one of them with a hostile name.
 */
const source: SourceSnapshot = {
  departments: [
    department("od-rd", "0", "研发部"),
    department("od-be", "od-rd", "后端组"),
    department("od-mk", "0", "市场部"),
    department("od-sa", "0", "销售部"),
  ],
  users: [
    user("ou-1", "张三", ["od-rd"], "zhangsan@corp.example"),
    user("ou-2", "李四", ["od-rd"], "lisi@corp.example"),
    user("ou-3", "王五", ["od-rd", "od-mk"], "wangwu@corp.example"),
    user("ou-4", "赵六", ["od-be"], "zhaoliu@corp.example"),
    user("ou-5", "钱七", ["od-mk"], "qianqi@sales.example"),
  ],
};

function department(id: string, parentId: string, name: string) {
  return { id, parentId, name, order: 0, raw: { name, open_department_id: id } };
}

function user(id: string, name: string, departmentIds: string[], email: string) {
  return {
    id,
    name,
    departmentIds,
    status: "active" as const,
    raw: { name, email, open_id: id, employee_no: id.toUpperCase() },
  };
}

let slapd: Slapd;

beforeAll(async () => {
  slapd = await startSlapd({ orgsyncSchema: true, adminPassword: BIND_PASSWORD });
  const target = ldapTarget({
    url: slapd.url,
    bindDn: slapd.adminDn,
    bindPassword: slapd.adminPassword,
    baseDn: slapd.baseDn,
    passwords: { initial: INITIAL_PASSWORD },
  });
  try {
    const relations = goLdapAdminDefaultsFor("feishu");
    const plan = planSync({
      flag: FLAG,
      rootDepartmentId: "0",
      scope: "ALL",
      source,
      directory: await target.read(FLAG, { attributes: managedAttributes(relations) }),
      target,
      relations,
      safety: { maxDestructive: null, maxDestructivePercent: null },
    });
    const report = await executePlan(plan.operations, target, {
      retry: { attempts: 3, baseDelayMs: 50 },
    });
    expect(report.results.filter((result) => result.outcome !== "succeeded")).toEqual([]);
  } finally {
    await target.close?.();
  }
}, 60_000);

afterAll(async () => {
  await slapd?.stop();
});

/** A loopback port nobody listens on: connecting is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Rejects with `ConfigError`; returns it for its issues. */
async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe.each(DATABASE_KINDS)("directory service on %s", (kind) => {
  const t = useTestDatabase(kind);
  let service: DirectoryService;

  const connection = (): DirectoryConnectionInput => ({
    url: slapd.url,
    bindDn: slapd.adminDn,
    baseDn: slapd.baseDn,
  });
  const valid = (): UpdateDirectorySettingsInput => ({
    connection: connection(),
    bindPassword: BIND_PASSWORD,
    initialPassword: INITIAL_PASSWORD,
  });

  beforeAll(() => {
    service = createDirectoryService({ repositories: t.repos });
  });

  beforeEach(async () => {
    await t.db.delete(runs);
    await t.db.delete(directorySettings);
  });

  describe("updateSettings", () => {
    it("needs the connection on the first save", async () => {
      const error = await configError(
        service.updateSettings({ departedUserPolicy: "keep" }, alice),
      );
      expect(error.issues).toEqual([
        { path: "connection", message: expect.stringMatching(/required on the first save/) },
      ]);
      expect(await service.getSettings()).toBeNull();
    });

    const badInputs: [string, (input: UpdateDirectorySettingsInput) => void, string, RegExp][] = [
      [
        "an http:// url",
        (input) => {
          if (input.connection) input.connection.url = "http://ldap.example.com";
        },
        "connection.url",
        /ldap:\/\/ or ldaps:\/\//,
      ],
      [
        "a url with a path",
        (input) => {
          if (input.connection) input.connection.url = "ldap://ldap.example.com/dc=x";
        },
        "connection.url",
        /not an LDAP URL/,
      ],
      [
        "a base DN that does not parse",
        (input) => {
          if (input.connection) input.connection.baseDn = "example.com";
        },
        "connection.baseDn",
        /not a valid DN.*e\.g\. dc=example,dc=com/,
      ],
      [
        "an empty bind DN",
        (input) => {
          if (input.connection) input.connection.bindDn = "  ";
        },
        "connection.bindDn",
        /is required/,
      ],
      [
        "a negative threshold",
        (input) => {
          input.safetyThresholds = { maxDestructive: -1 };
        },
        "safetyThresholds.maxDestructive",
        /0 or more/,
      ],
      [
        "a percentage over 100",
        (input) => {
          input.safetyThresholds = { maxDestructivePercent: 150 };
        },
        "safetyThresholds.maxDestructivePercent",
        /at most 100/,
      ],
      [
        "an email suffix with @",
        (input) => {
          input.defaultEmailSuffix = "@corp.example";
        },
        "defaultEmailSuffix",
        /without "@": write "corp\.example"/,
      ],
      [
        "StartTLS on ldaps://",
        (input) => {
          if (input.connection) {
            input.connection.url = "ldaps://ldap.example.com:636";
            input.connection.startTls = true;
          }
        },
        "connection.startTls",
        /already encrypted/,
      ],
      [
        "posixGroup without gid numbers",
        (input) => {
          input.layout = { groups: "posixGroup" };
        },
        "layout.posix.gidNumbers",
        /required/,
      ],
      [
        "an unknown group class",
        (input) => {
          input.layout = { groups: "groupOfFriends" as never };
        },
        "layout.groups",
        /groupOfUniqueNames/,
      ],
      [
        "a misspelt setting",
        (input) => {
          (input as Record<string, unknown>).departedUsers = "keep";
        },
        "departedUsers",
        /not a directory setting/,
      ],
      [
        "the initial policy without an initial password",
        (input) => {
          delete input.initialPassword;
        },
        "initialPassword",
        /passwordPolicy\.mode/,
      ],
      [
        "an unreadable CA bundle",
        (input) => {
          if (input.connection) {
            input.connection.url = "ldaps://ldap.example.com:636";
            input.connection.tls = { caCertPath: "/nonexistent/ca.pem" };
          }
        },
        "connection.tls.caCertPath",
        /cannot be read \(ENOENT\)/,
      ],
    ];

    it.each(badInputs)(
      "refuses %s, naming the field, and saves nothing",
      async (_, spoil, path, message) => {
        const input = valid();
        spoil(input);
        const error = await configError(service.updateSettings(input, alice));
        expect(error.issues).toContainEqual({ path, message: expect.stringMatching(message) });
        expect(error.message).toContain(path);
        expect(await service.getSettings()).toBeNull();
      },
    );

    it("refuses a wrong bind password with the bind check, and saves nothing", async () => {
      const error = await service
        .updateSettings({ ...valid(), bindPassword: "wrong-password" }, alice)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DirectoryConnectionError);
      const { report, check, message } = error as DirectoryConnectionError;
      expect(check?.id).toBe("bind");
      expect(report.checks.find((c) => c.id === "reach")?.status).toBe("ok");
      expect(message).toContain(check?.detail ?? "no detail");
      if (check?.fix) expect(message).toContain(check.fix);
      expect(await service.getSettings()).toBeNull();
    });

    it("refuses an unreachable server quickly", async () => {
      const port = await closedPort();
      const started = Date.now();
      const error = await service
        .updateSettings(
          {
            ...valid(),
            connection: {
              url: `ldap://127.0.0.1:${port}`,
              bindDn: slapd.adminDn,
              baseDn: slapd.baseDn,
              connectTimeoutMs: 2000,
            },
          },
          alice,
        )
        .catch((caught: unknown) => caught);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(error).toBeInstanceOf(DirectoryConnectionError);
      expect((error as DirectoryConnectionError).check?.id).toBe("reach");
      expect(await service.getSettings()).toBeNull();
    });

    it("refuses a base DN the directory lacks", async () => {
      const error = await service
        .updateSettings(
          { ...valid(), connection: { ...connection(), baseDn: "dc=nowhere" } },
          alice,
        )
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DirectoryConnectionError);
      expect((error as DirectoryConnectionError).check?.id).toBe("baseDn");
    });

    it("saves valid settings, never returns a password, and audits without one", async () => {
      const { settings, report } = await service.updateSettings(
        {
          ...valid(),
          safetyThresholds: { maxDestructive: 20 },
          defaultEmailSuffix: "corp.example",
        },
        alice,
      );
      expect(report?.checks.filter((c) => ["reach", "bind", "baseDn"].includes(c.id))).toEqual([
        expect.objectContaining({ id: "reach", status: "ok" }),
        expect.objectContaining({ id: "bind", status: "ok" }),
        expect.objectContaining({ id: "baseDn", status: "ok" }),
      ]);
      expect(settings).toMatchObject({
        connection: { url: slapd.url, bindDn: slapd.adminDn, baseDn: slapd.baseDn },
        hasBindPassword: true,
        hasInitialPassword: true,
        safetyThresholds: { maxDestructive: 20 },
        defaultEmailSuffix: "corp.example",
        updatedBy: "alice",
      });
      const stored = await service.getSettings();
      expect(stored).toMatchObject({ hasBindPassword: true, hasInitialPassword: true });
      for (const value of [settings, stored]) {
        expect(JSON.stringify(value)).not.toContain(BIND_PASSWORD);
        expect(JSON.stringify(value)).not.toContain(INITIAL_PASSWORD);
      }
      const [entry] = await t.repos.audit.list({ action: "directory.update", first: 1 });
      expect(entry).toMatchObject({
        targetType: "directory",
        details: expect.objectContaining({
          actor: "alice",
          created: true,
          verified: true,
          set: ["bindPassword", "initialPassword"],
        }),
      });
      expect(JSON.stringify(entry)).not.toContain(BIND_PASSWORD);
      expect(JSON.stringify(entry)).not.toContain(INITIAL_PASSWORD);
    });

    it("keeps omitted fields and passwords, clears a password given as null", async () => {
      await service.updateSettings(valid(), alice);
      const { settings } = await service.updateSettings({ departedUserPolicy: "keep" }, alice);
      expect(settings).toMatchObject({
        connection: { url: slapd.url },
        hasBindPassword: true,
        hasInitialPassword: true,
        departedUserPolicy: "keep",
      });

      // The initial policy cannot lose its password…
      const error = await configError(service.updateSettings({ initialPassword: null }, alice));
      expect(error.issues.map((issue) => issue.path)).toEqual(["initialPassword"]);
      // …the random one can.
      const random = await service.updateSettings(
        { initialPassword: null, passwordPolicy: { mode: "random" } },
        alice,
      );
      expect(random.settings).toMatchObject({
        hasInitialPassword: false,
        passwordPolicy: { mode: "random" },
      });

      // Verifying needs the bind password; saving without verifying may clear it.
      const needsPassword = await configError(
        service.updateSettings({ bindPassword: null }, alice),
      );
      expect(needsPassword.issues.map((issue) => issue.path)).toEqual(["bindPassword"]);
      const cleared = await service.updateSettings({ bindPassword: null }, alice, {
        verify: false,
      });
      expect(cleared).toMatchObject({ settings: { hasBindPassword: false }, report: null });
    });

    it("keeps the stored settings when a change fails the connection test", async () => {
      await service.updateSettings(valid(), alice);
      const before = await service.getSettings();
      await expect(
        service.updateSettings(
          { bindPassword: "wrong-password", departedUserPolicy: "delete" },
          alice,
        ),
      ).rejects.toBeInstanceOf(DirectoryConnectionError);
      expect(await service.getSettings()).toEqual(before);
      const report = await service.testConnection();
      expect(report.checks.find((c) => c.id === "bind")?.status).toBe("ok");
    });

    it("refuses to move the base DN or the layout after a provider synced, unless forced", async () => {
      await service.updateSettings(valid(), alice);
      const provider = await createTestProvider(t.repos);
      const moved = {
        connection: { ...connection(), baseDn: "ou=elsewhere,dc=example,dc=com" },
      };

      // A dry run writes nothing: no refusal (the unsaved base DN fails verification instead).
      const dry = await t.repos.runs.create({
        providerId: provider.id,
        scope: "ALL",
        trigger: "manual",
        dryRun: true,
      });
      await t.repos.runs.transition(dry.id, "planning");
      await t.repos.runs.transition(dry.id, "succeeded");
      await expect(service.updateSettings(moved, alice)).rejects.toBeInstanceOf(
        DirectoryConnectionError,
      );

      const run = await t.repos.runs.create({
        providerId: provider.id,
        scope: "ALL",
        trigger: "manual",
      });
      await t.repos.runs.transition(run.id, "planning");
      await t.repos.runs.transition(run.id, "applying");
      await t.repos.runs.transition(run.id, "succeeded");

      const error = await configError(service.updateSettings(moved, alice));
      expect(error.issues).toEqual([
        { path: "connection.baseDn", message: expect.stringMatching(/orphaned/) },
      ]);
      expect(error.message).toContain(`provider ${provider.flag}`);
      const layout = await configError(
        service.updateSettings({ layout: { usersOu: "users", groups: "groupOfNames" } }, alice),
      );
      expect(layout.issues.map((issue) => issue.path)).toEqual(["layout.groups", "layout.usersOu"]);
      expect((await service.getSettings())?.connection.baseDn).toBe(slapd.baseDn);

      // The same base DN spelt differently, and POSIX attributes, move nothing.
      await service.updateSettings(
        { connection: { ...connection(), baseDn: "DC=Example, DC=com" } },
        alice,
      );
      await service.updateSettings(
        { layout: { posix: { uidNumbers: [10000, 19999], gidNumber: 10000 } } },
        alice,
        { verify: false },
      );

      const forced = await service.updateSettings(moved, alice, { verify: false, force: true });
      expect(forced.settings.connection.baseDn).toBe("ou=elsewhere,dc=example,dc=com");
      const [entry] = await t.repos.audit.list({ action: "directory.update", first: 1 });
      expect(entry?.details).toMatchObject({ moved: ["connection.baseDn"], forced: true });
    });
  });

  describe("testConnection", () => {
    it("needs settings or a draft", async () => {
      await expect(service.testConnection()).rejects.toBeInstanceOf(DirectoryNotConfiguredError);
    });

    it("tests the stored settings", async () => {
      await service.updateSettings(valid(), alice);
      const report = await service.testConnection();
      expect(report.checks.map((c) => c.id)).toEqual([
        "reach",
        "bind",
        "baseDn",
        "schema",
        "layout",
        "write",
      ]);
      expect(report.ok).toBe(true);
    });

    it("tests a draft with the stored passwords, saving nothing", async () => {
      await service.updateSettings(valid(), alice);
      const before = await service.getSettings();
      // The form sends the connection without the password, which stays write-only.
      const draft = await service.testConnection({
        connection: { url: slapd.url, bindDn: slapd.adminDn, baseDn: "dc=nowhere" },
      });
      expect(draft.ok).toBe(false);
      expect(draft.checks.find((c) => c.id === "bind")?.status).toBe("ok");
      expect(draft.checks.find((c) => c.id === "baseDn")?.status).toBe("failed");

      const wrong = await service.testConnection({ bindPassword: "wrong-password" });
      expect(wrong.checks.find((c) => c.id === "bind")?.status).toBe("failed");
      expect(await service.getSettings()).toEqual(before);
    });

    it("tests a draft before anything is stored", async () => {
      const report = await service.testConnection(valid());
      expect(report.ok).toBe(true);
      expect(await service.getSettings()).toBeNull();
      await configError(service.testConnection({ connection: valid().connection }));
    });
  });

  describe("schema", () => {
    it("is undefined until the directory is configured, then read from it", async () => {
      expect(await service.schema()).toBeUndefined();
      await service.updateSettings(valid(), alice);
      const schema = await service.schema();
      expect(schema?.objectClasses.has("orgsyncManaged")).toBe(true);
      expect(schema?.attributeTypes.has("mail")).toBe(true);
    });
  });

  describe("browse and searchUsers", () => {
    let providerId: string;

    beforeEach(async () => {
      await service.updateSettings(valid(), alice);
      const existing = await t.repos.providers.getByFlag(FLAG);
      providerId = (existing ?? (await createTestProvider(t.repos, FLAG))).id;
    });

    const rootDn = () => `ou=${FLAG}root,${slapd.baseDn}`;
    const groupDn = (cn: string, parent = rootDn()) => `cn=${cn},${parent}`;

    it("shows the group root and its top-level groups", async () => {
      const page = await service.browse({ providerId });
      expect(page.isRoot).toBe(true);
      expect(page.exists).toBe(true);
      expect(page.parent).toMatchObject({
        dn: rootDn(),
        name: `${FLAG}root`,
        anchor: null,
        childCount: 3,
      });
      expect(page.groups.items.map((group) => group.name)).toEqual([
        "shichangbu",
        "xiaoshoubu",
        "yanfabu",
      ]);
      expect(page.groups.items[2]).toMatchObject({
        dn: groupDn("yanfabu"),
        description: "研发部",
        anchor: `${FLAG}:od-rd`,
        parentDn: rootDn(),
        childCount: 1,
        memberCount: 3,
      });
      expect(page.users).toEqual({ items: [], totalCount: 0, hasNextPage: false });
      expect(page.endCursor).toBeUndefined();
    });

    it("shows a group's child groups and member users", async () => {
      const page = await service.browse({ providerId, parentDn: groupDn("yanfabu") });
      expect(page.isRoot).toBe(false);
      expect(page.parent).toMatchObject({ name: "yanfabu", childCount: 1, memberCount: 3 });
      expect(page.groups.items).toEqual([
        expect.objectContaining({
          name: "houduanzu",
          anchor: `${FLAG}:od-be`,
          parentDn: groupDn("yanfabu"),
          memberCount: 1,
        }),
      ]);
      expect(page.users.items).toEqual([
        {
          dn: `uid=lisi,ou=people,${slapd.baseDn}`,
          username: "lisi",
          displayName: "李四",
          mail: "lisi@corp.example",
          anchor: `${FLAG}:ou-2`,
          disabled: false,
        },
        expect.objectContaining({ username: "wangwu", displayName: "王五" }),
        expect.objectContaining({ username: "zhangsan", mail: "zhangsan@corp.example" }),
      ]);

      // DNs compare as LDAP does: case and spaces around commas do not matter.
      const again = await service.browse({
        providerId,
        parentDn: `CN=YanFaBu, OU=${FLAG}ROOT, DC=example, DC=com`,
      });
      expect(again.users.totalCount).toBe(3);
    });

    it("pages each list with one opaque cursor", async () => {
      const first = await service.browse({ providerId, first: 2 });
      expect(first.groups.items.map((group) => group.name)).toEqual(["shichangbu", "xiaoshoubu"]);
      expect(first.groups).toMatchObject({ totalCount: 3, hasNextPage: true });
      expect(first.hasNextPage).toBe(true);
      const second = await service.browse({
        providerId,
        first: 2,
        after: first.endCursor as string,
      });
      expect(second.groups.items.map((group) => group.name)).toEqual(["yanfabu"]);
      expect(second.hasNextPage).toBe(false);
      expect(second.endCursor).toBeUndefined();

      const members = await service.browse({ providerId, parentDn: groupDn("yanfabu"), first: 2 });
      expect(members.groups.items).toHaveLength(1);
      expect(members.users.items.map((u) => u.username)).toEqual(["lisi", "wangwu"]);
      const rest = await service.browse({
        providerId,
        parentDn: groupDn("yanfabu"),
        first: 2,
        after: members.endCursor as string,
      });
      // The groups list was through after page one: it stays empty.
      expect(rest.groups.items).toEqual([]);
      expect(rest.users.items.map((u) => u.username)).toEqual(["zhangsan"]);
      expect(rest.hasNextPage).toBe(false);

      // A cursor belongs to its list.
      const misplaced = await configError(
        service.browse({ providerId, parentDn: groupDn("shichangbu"), after: first.endCursor }),
      );
      expect(misplaced.issues).toEqual([{ path: "after", message: expect.any(String) }]);
      await configError(service.browse({ providerId, after: "garbage" }));
      await configError(service.browse({ providerId, first: 0 }));
    });

    it("refuses an unknown parent and an unknown provider", async () => {
      const missing = await service
        .browse({ providerId, parentDn: groupDn("nosuchgroup") })
        .catch((caught: unknown) => caught);
      expect(missing).toBeInstanceOf(NotFoundError);
      expect(missing).toBeInstanceOf(DirectoryGroupNotFoundError);
      // A DN that does not even parse is just as unknown.
      await expect(service.browse({ providerId, parentDn: "not a dn" })).rejects.toBeInstanceOf(
        NotFoundError,
      );
      // The base DN is no group of the provider.
      await expect(service.browse({ providerId, parentDn: slapd.baseDn })).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(
        service.browse({ providerId: "00000000-0000-4000-8000-000000000000" }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it("shows an empty root for a provider that never synced", async () => {
      const fresh = await createTestProvider(t.repos);
      const page = await service.browse({ providerId: fresh.id });
      expect(page).toMatchObject({ isRoot: true, exists: false, endCursor: undefined });
      expect(page.groups.totalCount).toBe(0);
    });

    it("searches users by mail fragment, name and username, ignoring case", async () => {
      const bySuffix = await service.searchUsers({ providerId, query: "@CORP.example", first: 10 });
      expect(bySuffix.items.map((u) => u.username)).toEqual([
        "lisi",
        "wangwu",
        "zhangsan",
        "zhaoliu",
      ]);
      expect(bySuffix.totalCount).toBe(4);
      const byName = await service.searchUsers({ providerId, query: "钱七", first: 10 });
      expect(byName.items).toEqual([expect.objectContaining({ mail: "qianqi@sales.example" })]);
      const byUsername = await service.searchUsers({ providerId, query: "ZHAO", first: 10 });
      expect(byUsername).toMatchObject({ items: [{ username: "zhaoliu" }], totalCount: 1 });
      const limited = await service.searchUsers({ providerId, query: "example", first: 2 });
      expect(limited).toMatchObject({ totalCount: 5 });
      expect(limited.items).toHaveLength(2);
    });

    it("treats filter syntax as plain text", async () => {
      for (const query of ["*)(uid=*", "*", "(objectClass=*)", "\\2a", "*)(|(mail=*"]) {
        expect(await service.searchUsers({ providerId, query, first: 10 })).toEqual({
          items: [],
          totalCount: 0,
        });
      }
      await configError(service.searchUsers({ providerId, query: "   ", first: 10 }));
    });
  });

  describe("entry", () => {
    let providerId: string;

    beforeEach(async () => {
      await service.updateSettings(valid(), alice);
      const existing = await t.repos.providers.getByFlag(FLAG);
      providerId = (existing ?? (await createTestProvider(t.repos, FLAG))).id;
    });

    const rootDn = () => `ou=${FLAG}root,${slapd.baseDn}`;
    const peopleDn = () => `ou=people,${slapd.baseDn}`;

    it("shows a user's attributes and anchor, never a password", async () => {
      const entry = await service.entry({ providerId, dn: `uid=zhangsan,${peopleDn()}` });
      expect(entry).toMatchObject({
        dn: `uid=zhangsan,${peopleDn()}`,
        kind: "user",
        anchor: `${FLAG}:ou-1`,
        managed: true,
        disabled: false,
        secretAttributes: ["userPassword"],
        binaryAttributes: [],
      });
      expect(entry.objectClasses).toEqual(
        expect.arrayContaining(["inetOrgPerson", "orgsyncManaged"]),
      );
      const attributes = Object.fromEntries(entry.attributes.map((a) => [a.attribute, a.values]));
      expect(attributes).toMatchObject({
        uid: ["zhangsan"],
        displayName: ["张三"],
        mail: ["zhangsan@corp.example"],
      });
      const names = entry.attributes.map((a) => a.attribute.toLowerCase());
      for (const lifted of ["objectclass", "orgsyncanchor", "userpassword", "entryuuid"]) {
        expect(names).not.toContain(lifted);
      }
      // Only attributes the entry holds: ldapts also lists the requested `*`, empty.
      for (const { attribute, values } of entry.attributes) {
        expect(attribute).not.toBe("*");
        expect(values.length, attribute).toBeGreaterThan(0);
      }
      expect(entry.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(entry.createdAt).toBeInstanceOf(Date);
      expect(entry.modifiedAt).toBeInstanceOf(Date);
      const text = JSON.stringify(entry);
      expect(text).not.toContain(INITIAL_PASSWORD);
      expect(text).not.toMatch(/\{SSHA\}/i);
    });

    it("shows a group with its members, and the group root as a container", async () => {
      // Any spelling of the DN finds the entry, as LDAP compares DNs.
      const group = await service.entry({
        providerId,
        dn: `CN=YanFaBu, OU=${FLAG}ROOT, DC=example, DC=com`,
      });
      expect(group).toMatchObject({ kind: "group", anchor: `${FLAG}:od-rd`, managed: true });
      expect(group.secretAttributes).toEqual([]);
      const members = group.attributes.find((a) => a.attribute === "uniqueMember")?.values ?? [];
      expect(members).toEqual(
        expect.arrayContaining([`uid=zhangsan,${peopleDn()}`, `uid=lisi,${peopleDn()}`]),
      );

      const root = await service.entry({ providerId, dn: rootDn() });
      expect(root).toMatchObject({ kind: "container", anchor: null, managed: false });
    });

    it("refuses DNs outside the provider's subtrees, naming the ones allowed", async () => {
      for (const dn of [
        slapd.baseDn,
        slapd.adminDn,
        `ou=otherroot,${slapd.baseDn}`,
        "cn=config",
        "not a dn",
      ]) {
        const error = await configError(service.entry({ providerId, dn }));
        expect(error.issues).toEqual([{ path: "dn", message: expect.any(String) }]);
      }
      const error = await configError(service.entry({ providerId, dn: slapd.adminDn }));
      expect(error.message).toContain(rootDn());
      expect(error.message).toContain(peopleDn());

      // Another provider reads the shared people container, not this provider's departments.
      const other = await createTestProvider(t.repos);
      await configError(service.entry({ providerId: other.id, dn: `cn=yanfabu,${rootDn()}` }));
      const person = await service.entry({ providerId: other.id, dn: `uid=lisi,${peopleDn()}` });
      expect(person).toMatchObject({ anchor: `${FLAG}:ou-2`, managed: false });
    });

    it("says when the entry, the provider or the directory is missing", async () => {
      const missing = await service
        .entry({ providerId, dn: `uid=nobody,${peopleDn()}` })
        .catch((caught: unknown) => caught);
      expect(missing).toBeInstanceOf(DirectoryEntryNotFoundError);
      expect(missing).toBeInstanceOf(NotFoundError);
      await expect(
        service.entry({ providerId, dn: `cn=nosuchgroup,${rootDn()}` }),
      ).rejects.toBeInstanceOf(DirectoryEntryNotFoundError);
      await expect(
        service.entry({ providerId: "00000000-0000-4000-8000-000000000000", dn: peopleDn() }),
      ).rejects.toBeInstanceOf(NotFoundError);

      await t.db.delete(directorySettings);
      await expect(service.entry({ providerId, dn: peopleDn() })).rejects.toBeInstanceOf(
        DirectoryNotConfiguredError,
      );
    });
  });
});
