import {
  DirectoryError,
  type DirectoryTarget,
  executePlan,
  type Operation,
  type SourceSnapshot,
} from "@orgsync/core";
import {
  describeTargetConformance,
  generateOrg,
  type UnanchoredSeedEntry,
} from "@orgsync/core/testing";
import fc from "fast-check";
import { Client } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wireDn } from "../src/escape.ts";
import { type LdapTarget, type LdapTargetOptions, ldapTarget } from "../src/ldap-target.ts";
import { type Slapd, startSlapd } from "../src/testing/index.ts";
import { planInto, syncInto } from "./sync.ts";

let slapd: Slapd;
const targets: DirectoryTarget[] = [];

beforeAll(async () => {
  slapd = await startSlapd();
}, 30_000);

afterAll(async () => {
  await Promise.allSettled(targets.map((target) => target.close?.()));
  await slapd?.stop();
});

function connect(extra: Partial<LdapTargetOptions> = {}): LdapTarget {
  const target = ldapTarget({
    url: slapd.url,
    bindDn: slapd.adminDn,
    bindPassword: slapd.adminPassword,
    baseDn: slapd.baseDn,
    passwords: { initial: "Initial-Pass-1" },
    ...extra,
  });
  targets.push(target);
  return target;
}

/** Writes entries the way go-ldap-admin did: no orgsync class, no anchor. */
async function seedUnanchored(
  entries: UnanchoredSeedEntry[],
  groupClass: "groupOfUniqueNames" | "groupOfNames" = "groupOfUniqueNames",
): Promise<void> {
  const memberAttribute = groupClass === "groupOfNames" ? "member" : "uniqueMember";
  const client = new Client({ url: slapd.url, strictDN: false });
  await client.bind(slapd.adminDn, slapd.adminPassword);
  try {
    const ensure = async (dn: string, ou: string) => {
      await client.add(wireDn(dn), { objectClass: ["organizationalUnit"], ou }).catch(() => {});
    };
    for (const entry of entries) {
      const parent = entry.dn.slice(entry.dn.indexOf(",") + 1);
      if (/^ou=[^,]+,dc=example,dc=com$/i.test(parent))
        await ensure(parent, parent.slice(3, parent.indexOf(",")));
      const attributes =
        entry.kind === "user"
          ? {
              objectClass: ["inetOrgPerson"],
              uid: entry.name,
              cn: entry.name,
              sn: entry.name,
              ...entry.attributes,
            }
          : {
              objectClass: [groupClass],
              cn: entry.name,
              [memberAttribute]: [slapd.adminDn, ...(entry.members ?? [])],
              ...entry.attributes,
            };
      await client.add(wireDn(entry.dn), attributes);
    }
  } finally {
    await client.unbind();
  }
}

describeTargetConformance("ldap (slapd, groupOfUniqueNames)", async () => ({
  target: connect(),
  seedUnanchored: (entries) => seedUnanchored(entries),
}));

describeTargetConformance("ldap (slapd, groupOfNames)", async () => ({
  target: connect({ layout: { groups: "groupOfNames" } }),
  seedUnanchored: (entries) => seedUnanchored(entries, "groupOfNames"),
}));

describe("ldap target: what an independent client sees", () => {
  it("a created user binds with the initial password; a disabled one cannot", async () => {
    const target = connect();
    const flag = "bindcheck";
    const source: SourceSnapshot = {
      departments: [{ id: "d1", parentId: "0", name: "研发", order: 0, raw: { name: "研发" } }],
      users: [
        {
          id: "u1",
          name: "钱多多",
          departmentIds: ["d1"],
          status: "active",
          raw: { name: "钱多多" },
        },
      ],
    };
    const { report } = await syncInto(target, flag, source);
    expect(report.counts.failed).toBe(0);
    const dn = `uid=qianduoduo,ou=people,${slapd.baseDn}`;
    expect(await slapd.ldapwhoami(dn, "Initial-Pass-1")).toBe(true);
    expect(await slapd.ldapwhoami(dn, "wrong")).toBe(false);

    const left = await syncInto(target, flag, {
      ...source,
      users: [{ ...source.users[0], status: "resigned" } as SourceSnapshot["users"][number]],
    });
    expect(left.plan.summary.disableUser).toBe(1);
    expect(await slapd.ldapwhoami(dn, "Initial-Pass-1")).toBe(false);
    const [entry] = await slapd.ldapsearch(dn, "(objectClass=*)", ["orgsyncDisabled"], {
      scope: "base",
    });
    expect(entry?.attributes.orgsyncDisabled).toEqual(["TRUE"]);
    const [group] = await slapd.ldapsearch(`ou=${flag}root,${slapd.baseDn}`, "(cn=yanfa)", [
      "uniqueMember",
    ]);
    expect(group?.attributes.uniqueMember).toEqual([slapd.adminDn]);
  });

  it("a moved department keeps its entryUUID and its members", async () => {
    const target = connect();
    const flag = "movecheck";
    const people = [
      {
        id: "u1",
        name: "孙悟空",
        departmentIds: ["d2"],
        status: "active" as const,
        raw: { name: "孙悟空" },
      },
    ];
    const before: SourceSnapshot = {
      departments: [
        { id: "d1", parentId: "0", name: "西天", order: 0, raw: { name: "西天" } },
        { id: "d2", parentId: "d1", name: "取经", order: 0, raw: { name: "取经" } },
      ],
      users: people,
    };
    await syncInto(target, flag, before);
    const root = `ou=${flag}root,${slapd.baseDn}`;
    const [old] = await slapd.ldapsearch(root, "(cn=qujing)", ["entryUUID", "uniqueMember"]);
    const after: SourceSnapshot = {
      departments: [
        { id: "d1", parentId: "0", name: "西天", order: 0, raw: { name: "西天" } },
        { id: "d2", parentId: "0", name: "取经团队", order: 0, raw: { name: "取经团队" } },
      ],
      users: people,
    };
    const { plan } = await syncInto(target, flag, after);
    expect(plan.operations.map((op) => op.type)).toEqual(["moveGroup", "updateGroup"]);
    const [moved] = await slapd.ldapsearch(root, "(cn=qujingtuandui)", [
      "entryUUID",
      "uniqueMember",
    ]);
    expect(moved?.dn.toLowerCase()).toBe(`cn=qujingtuandui,${root}`.toLowerCase());
    expect(moved?.attributes.entryUUID).toEqual(old?.attributes.entryUUID);
    expect(moved?.attributes.uniqueMember).toEqual(old?.attributes.uniqueMember);
  });

  it("names with every RFC 4514 special character, spaces and emoji survive create → read", async () => {
    const target = connect();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc
          .string({ unit: "grapheme", minLength: 1, maxLength: 12 })
          .filter((s) => s.trim().length > 0 && !s.includes("\0")),
        async (name) => {
          const flag = "names";
          const id = `g${n++}`;
          const dn = target.layout.groupDn(name, target.layout.groupRootDn(flag));
          await target.apply({
            id: `createGroup:${flag}:${id}`,
            type: "createGroup",
            anchor: `${flag}:${id}`,
            dn,
            name,
            attributes: { description: [name] },
            dependsOn: [],
          });
          const entry = (await target.read(flag)).entries.find((e) => e.anchor === `${flag}:${id}`);
          expect(entry?.name).toBe(name);
          expect(entry?.attributes.description).toEqual([name]);
          await target.apply({
            id: `deleteGroup:${flag}:${id}`,
            type: "deleteGroup",
            anchor: `${flag}:${id}`,
            dn,
            dependsOn: [],
          });
        },
      ),
      { numRuns: 60, examples: [[',+"\\<>;='], ["#lead"], [" lead"], ["trail "], ["🚀 产品"]] },
    );
  }, 60_000);

  it("maps refusals to categories naming the DN and the attribute", async () => {
    const target = connect();
    const dn = `uid=mailcheck,ou=people,${slapd.baseDn}`;
    const op: Operation = {
      id: "createUser:errors:1",
      type: "createUser",
      anchor: "errors:1",
      dn,
      name: "mailcheck",
      attributes: { cn: ["mailcheck"], sn: ["张"], mail: ["张·三（销售）@example.com"] },
      dependsOn: [],
    };
    const error = await target.apply(op).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryError);
    expect(error).toMatchObject({
      category: "schemaViolation",
      details: { dn, attribute: "mail" },
    });
    expect((error as Error).message).toMatch(
      /^ldap: add uid=mailcheck,ou=people,dc=example,dc=com: mail: /,
    );

    await target.apply({ ...op, attributes: { cn: ["mailcheck"], sn: ["张"] } });
    await expect(
      target.apply({ ...op, attributes: { cn: ["mailcheck"], sn: ["张"] } }),
    ).rejects.toMatchObject({ category: "alreadyExists" });
  });

  it("allocates POSIX uidNumbers from the configured range", async () => {
    const target = connect({
      layout: { usersOu: "posixpeople", posix: { uidNumbers: [20000, 20010], gidNumber: 20000 } },
    });
    const source = generateOrg({
      users: 5,
      departments: 1,
      seed: 5,
      statusShares: { frozen: 0, resigned: 0, notJoined: 0 },
    });
    await syncInto(target, "posix", source);
    const users = await slapd.ldapsearch(
      `ou=posixpeople,${slapd.baseDn}`,
      "(objectClass=posixAccount)",
      ["uidNumber", "homeDirectory"],
    );
    expect(users.map((u) => Number(u.attributes.uidNumber?.[0])).sort()).toEqual([
      20000, 20001, 20002, 20003, 20004,
    ]);
    expect(users[0]?.attributes.homeDirectory?.[0]).toMatch(/^\/home\/[a-z0-9.]+$/);
  });
});

describe("ldap target: server restarts", () => {
  it("reconnects after slapd restarts", async () => {
    const target = connect();
    await target.read("restart");
    await slapd.restart();
    await expect(target.read("restart")).resolves.toMatchObject({ groupRoot: { exists: false } });
  }, 30_000);

  it("a restart mid-apply fails the affected objects as transient, and the next plan converges", async () => {
    const target = connect();
    const flag = "midapply";
    const source = generateOrg({ users: 400, departments: 20, seed: 11 });
    const plan = await planInto(target, flag, source, { safety: {} });
    let restarting: Promise<void> | undefined;
    const report = await executePlan(plan.operations, target, {
      retry: { attempts: 1 },
      breaker: false,
      onProgress: (progress) => {
        if (!restarting && progress.done > 100) restarting = slapd.restart();
      },
    });
    await restarting;
    const failed = report.results.filter((r) => r.outcome === "failed");
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed.map((r) => r.category))).toEqual(new Set(["transient"]));

    // Nothing half-written: every entry that exists carries its anchor and its attributes.
    const snapshot = await target.read(flag);
    for (const entry of snapshot.entries.filter((e) => e.anchor?.startsWith(`${flag}:`))) {
      if (entry.kind === "user") expect(entry.attributes.sn?.length).toBe(1);
    }
    const again = await syncInto(target, flag, source);
    expect(again.report.counts.failed).toBe(0);
    const third = await syncInto(target, flag, source);
    expect(third.plan.operations).toEqual([]);
  }, 60_000);
});

describe("ldap target: settings", () => {
  it("refuses settings with a message naming each field", () => {
    expect(() =>
      ldapTarget({ url: "http://x", bindDn: "", bindPassword: "", baseDn: "", poolSize: 0 }),
    ).toThrow(
      /url: "http:\/\/x" is not an LDAP URL.*baseDn: is required.*bindDn: is required.*poolSize: must be a whole number/,
    );
  });

  it("says which schema to load when the directory lacks orgsync's", async () => {
    const bare = await startSlapd({ orgsyncSchema: false });
    try {
      const target = ldapTarget({
        url: bare.url,
        bindDn: bare.adminDn,
        bindPassword: bare.adminPassword,
        baseDn: bare.baseDn,
      });
      targets.push(target);
      const dn = target.layout.groupDn("x", target.layout.groupRootDn("bare"));
      await expect(
        target.apply({
          id: "createGroup:bare:1",
          type: "createGroup",
          anchor: "bare:1",
          dn,
          name: "x",
          attributes: {},
          dependsOn: [],
        }),
      ).rejects.toThrow(/lacks orgsync's schema: load packages\/ldap\/schema\/orgsync.schema/);
    } finally {
      await bare.stop();
    }
  }, 30_000);
});
