import type { SourceSnapshot } from "@orgsync/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LdapTarget, type LdapTargetOptions, ldapTarget } from "../src/ldap-target.ts";
import { type Slapd, startSlapd } from "../src/testing/index.ts";
import { syncInto, unsuccessful } from "./sync.ts";

let slapd: Slapd;
const targets: LdapTarget[] = [];

beforeAll(async () => {
  slapd = await startSlapd({ tls: true });
}, 30_000);

afterAll(async () => {
  await Promise.allSettled(targets.map((target) => target.close?.()));
  await slapd?.stop();
});

function connect(extra: Partial<LdapTargetOptions>): LdapTarget {
  const target = ldapTarget({
    url: slapd.url,
    bindDn: slapd.adminDn,
    bindPassword: slapd.adminPassword,
    baseDn: slapd.baseDn,
    ...extra,
  });
  targets.push(target);
  return target;
}

const org: SourceSnapshot = {
  departments: [
    { id: "d1", parentId: "0", name: "研发", order: 0, raw: { name: "研发" } },
    { id: "d2", parentId: "d1", name: "后端", order: 0, raw: { name: "后端" } },
  ],
  users: [
    { id: "u1", name: "周芷若", departmentIds: ["d2"], status: "active", raw: { name: "周芷若" } },
    { id: "u2", name: "赵敏", departmentIds: ["0"], status: "active", raw: { name: "赵敏" } },
  ],
};

async function sync(target: LdapTarget, flag: string, source: SourceSnapshot = org) {
  const { plan, report } = await syncInto(target, flag, source);
  expect(unsuccessful(report)).toEqual([]);
  return plan;
}

describe("ldap target: encrypted connections", () => {
  it("works over ldaps:// with the directory's CA", async () => {
    const target = connect({
      url: slapd.ldapsUrl as string,
      tls: { caCertPath: slapd.caCertPath as string },
    });
    await sync(target, "ldaps");
    expect((await target.read("ldaps")).groupRoot.exists).toBe(true);
  });

  it("works over StartTLS", async () => {
    const target = connect({ startTls: true, tls: { caCertPath: slapd.caCertPath as string } });
    await expect(target.read("starttls")).resolves.toMatchObject({ groupRoot: { exists: false } });
  });

  it("refuses a certificate it cannot verify, as a permission-free connection error", async () => {
    const target = connect({ url: slapd.ldapsUrl as string });
    await expect(target.read("untrusted")).rejects.toThrow(
      /ldap: bind as cn=admin,dc=example,dc=com: .*(certificate|self.signed)/i,
    );
  });
});

describe("ldap target: layouts", () => {
  it("writes departments as an OU tree without memberships, and converges", async () => {
    const target = connect({ layout: { groups: "organizationalUnit", usersOu: "ouusers" } });
    expect(target.capabilities.memberships).toBe(false);
    const first = await sync(target, "outree");
    expect(first.summary.setMembers).toBe(0);
    const [backend] = await slapd.ldapsearch(`ou=outreeroot,${slapd.baseDn}`, "(ou=houduan)", [
      "objectClass",
    ]);
    expect(backend?.dn).toBe(`ou=houduan,ou=yanfa,ou=outreeroot,${slapd.baseDn}`);
    expect(backend?.attributes.objectClass).toEqual(
      expect.arrayContaining(["organizationalUnit", "orgsyncManaged"]),
    );
    expect((await sync(target, "outree")).operations).toEqual([]);
  });

  it("writes posixGroup departments with gidNumbers from the range and memberUid, and converges", async () => {
    const target = connect({
      layout: {
        groups: "posixGroup",
        usersOu: "posixusers",
        posix: { uidNumbers: [30000, 30999], gidNumber: 30000, gidNumbers: [40000, 40999] },
      },
    });
    await sync(target, "pgroup");
    const groups = await slapd.ldapsearch(
      `ou=pgrouproot,${slapd.baseDn}`,
      "(objectClass=posixGroup)",
      ["gidNumber", "memberUid"],
    );
    expect(groups.map((g) => g.attributes.gidNumber?.[0]).sort()).toEqual(["40000", "40001"]);
    expect(groups.find((g) => g.dn.startsWith("cn=houduan"))?.attributes.memberUid).toEqual([
      "zhouzhiruo",
    ]);
    const [user] = await slapd.ldapsearch(`ou=posixusers,${slapd.baseDn}`, "(uid=zhouzhiruo)", [
      "uidNumber",
      "gidNumber",
      "loginShell",
    ]);
    expect(user?.attributes).toMatchObject({
      uidNumber: [expect.stringMatching(/^30\d{3}$/)],
      gidNumber: ["30000"],
      loginShell: ["/bin/bash"],
    });
    expect((await sync(target, "pgroup")).operations).toEqual([]);
    // A move out of the department removes the memberUid again.
    const moved = {
      ...org,
      users: [
        { ...org.users[0], departmentIds: ["d1"] } as SourceSnapshot["users"][number],
        org.users[1] as SourceSnapshot["users"][number],
      ],
    };
    await sync(target, "pgroup", moved);
    const [backend] = await slapd.ldapsearch(`ou=pgrouproot,${slapd.baseDn}`, "(cn=houduan)", [
      "memberUid",
    ]);
    expect(backend?.attributes.memberUid ?? []).toEqual([]);
  });

  it("refuses posixGroup departments without a gidNumber range, naming the setting", () => {
    expect(() =>
      connect({
        layout: { groups: "posixGroup", posix: { uidNumbers: [1000, 2000], gidNumber: 1000 } },
      }),
    ).toThrow(/layout.posix.gidNumbers/);
  });

  it("writes groupOfNames with member", async () => {
    const target = connect({ layout: { groups: "groupOfNames", usersOu: "gonusers" } });
    await sync(target, "gon");
    const [backend] = await slapd.ldapsearch(`ou=gonroot,${slapd.baseDn}`, "(cn=houduan)", [
      "member",
    ]);
    expect(backend?.attributes.member).toEqual([
      slapd.adminDn,
      `uid=zhouzhiruo,ou=gonusers,${slapd.baseDn}`,
    ]);
  });
});

describe("ldap target: password schemes", () => {
  it.each([["ssha"], ["clear"], ["exop"]] as const)(
    "%s: a new account binds with the initial password",
    async (scheme) => {
      const target = connect({
        layout: { usersOu: `pw${scheme}` },
        passwords: { initial: "Start-2026!", scheme },
      });
      await sync(target, `pw${scheme}`);
      const dn = `uid=zhaomin,ou=pw${scheme},${slapd.baseDn}`;
      expect(await slapd.ldapwhoami(dn, "Start-2026!")).toBe(true);
      const [entry] = await slapd.ldapsearch(dn, "(objectClass=*)", ["userPassword"], {
        scope: "base",
      });
      const stored = entry?.attributes.userPassword?.[0] ?? "";
      // exop: the server hashed it with its own password-hash policy ({SSHA} in the harness).
      expect(stored.startsWith("{SSHA}")).toBe(scheme !== "clear");
    },
  );

  it("random initial passwords are hashed and differ per account", async () => {
    const target = connect({ layout: { usersOu: "pwrandom" }, passwords: { initial: "random" } });
    await sync(target, "pwrandom");
    const users = await slapd.ldapsearch(`ou=pwrandom,${slapd.baseDn}`, "(uid=*)", [
      "userPassword",
    ]);
    const hashes = users.map((user) => user.attributes.userPassword?.[0]);
    expect(new Set(hashes).size).toBe(2);
    expect(hashes.every((hash) => hash?.startsWith("{SSHA}"))).toBe(true);
  });
});
