import type { Plan, SourceDepartment, SourceSnapshot, SourceUser } from "@orgsync/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type LdapTarget, ldapTarget } from "../src/ldap-target.ts";
import { type Slapd, startSlapd } from "../src/testing/index.ts";
import { syncInto, unsuccessful } from "./sync.ts";

let slapd: Slapd;
let target: LdapTarget;
const flag = "hostile";

beforeAll(async () => {
  slapd = await startSlapd();
  target = ldapTarget({
    url: slapd.url,
    bindDn: slapd.adminDn,
    bindPassword: slapd.adminPassword,
    baseDn: slapd.baseDn,
    passwords: { initial: "Initial-Pass-1" },
  });
}, 30_000);

afterAll(async () => {
  await target?.close?.();
  await slapd?.stop();
});

const dept = (id: string, parentId: string, name: string): SourceDepartment => ({
  id,
  parentId,
  name,
  order: 0,
  raw: { name },
});
const person = (
  id: string,
  name: string,
  departmentIds: string[],
  raw: Record<string, unknown> = {},
  status: SourceUser["status"] = "active",
): SourceUser => ({
  id,
  name,
  departmentIds,
  status,
  raw: { name, ...raw },
});

/** The hostile org of issue #8, before the changes. */
function before(): SourceSnapshot {
  const departments = [
    dept("special", "0", ',+"\\<>;= R&D'),
    dept("hash", "0", "#开头"),
    dept("spaces", "0", "  前后空格  "),
    dept("emoji", "0", "产品部 🚀✨"),
    dept("long", "0", "长".repeat(200)),
    dept("twin-a", "0", "销售"),
    dept("twin-b", "0", "销售"),
    dept("poly", "0", "银行行长办公室"),
  ];
  // A 15-level chain.
  for (let level = 1; level <= 15; level++)
    departments.push(dept(`l${level}`, level === 1 ? "0" : `l${level - 1}`, `第${level}层`));
  // 20 departments for one person.
  for (let n = 1; n <= 20; n++) departments.push(dept(`many${n}`, "0", `项目组${n}`));
  const users = [
    ...["p1", "p2", "p3", "p4", "p5"].map((id) =>
      person(id, "张伟", ["twin-a"], { email: `${id}@example.com` }),
    ),
    person("zeng", "曾小明", ["poly"], { email: "Xiao.Ming@Example.COM" }),
    person(
      "busy",
      "钱多多",
      Array.from({ length: 20 }, (_, n) => `many${n + 1}`),
    ),
    person("bare", "无邮箱", ["l15"]),
    person("quote", "O'Brien, Jr. 🚀", ["special", "hash", "spaces", "emoji", "long"], {
      email: "obrien@example.com",
    }),
    person("leaver", "李娜", ["twin-b"], { mobile: "+8613800000000" }),
  ];
  return { departments, users };
}

/** The same org after a day of changes: a move under a former child, renames, a resignation. */
function after(): SourceSnapshot {
  const org = before();
  const byId = new Map(org.departments.map((d) => [d.id, d]));
  // l1 moves under l3, its former grandchild (l2 keeps l1 as parent, so l3 first re-roots).
  (byId.get("l3") as SourceDepartment).parentId = "0";
  (byId.get("l1") as SourceDepartment).parentId = "l3";
  (byId.get("twin-b") as SourceDepartment).name = "销售 ";
  org.users = org.users.map((user) => {
    if (user.id === "p2") return { ...user, name: "张卫", raw: { ...user.raw, name: "张卫" } };
    if (user.id === "leaver") return { ...user, status: "resigned" as const };
    return user;
  });
  return org;
}

async function sync(source: SourceSnapshot): Promise<Plan> {
  const { plan, report } = await syncInto(target, flag, source);
  const failed = unsuccessful(report);
  expect(failed, JSON.stringify(failed.slice(0, 3), null, 2)).toEqual([]);
  return plan;
}

it("syncs hostile data three times; the third run writes nothing", async () => {
  const first = await sync(before());
  expect(first.summary.createGroup).toBe(before().departments.length);
  expect((await sync(before())).operations).toEqual([]);

  const second = await sync(after());
  expect(second.summary.moveGroup).toBeGreaterThanOrEqual(2);
  expect(second.summary.disableUser).toBe(1);
  const third = await sync(after());
  expect(third.operations).toEqual([]);

  const snapshot = await target.read(flag);
  const users = snapshot.entries.filter(
    (e) => e.kind === "user" && e.anchor?.startsWith(`${flag}:`),
  );
  // Everyone has exactly one account (the resigned one kept, disabled).
  expect(users.map((u) => u.anchor).sort()).toEqual(
    ["bare", "busy", "leaver", "p1", "p2", "p3", "p4", "p5", "quote", "zeng"]
      .map((id) => `${flag}:${id}`)
      .sort(),
  );
  const names = new Set(users.map((u) => u.name));
  expect(names.size).toBe(users.length);
  for (const wei of ["zhangwei", "zhangwei2", "zhangwei3", "zhangwei4", "zhangwei5"])
    expect(names.has(wei)).toBe(true);
  expect(users.find((u) => u.anchor === `${flag}:zeng`)?.name).toBe("zengxiaoming");
  // No email: the configured default; upper-case email kept as given.
  expect(users.find((u) => u.anchor === `${flag}:bare`)?.attributes.mail).toEqual([
    `${users.find((u) => u.anchor === `${flag}:bare`)?.name}@example.com`,
  ]);
  expect(users.find((u) => u.anchor === `${flag}:zeng`)?.attributes.mail).toEqual([
    "Xiao.Ming@Example.COM",
  ]);
  // Same-named siblings get distinct, stable names.
  const twins = snapshot.entries.filter(
    (e) => e.anchor === `${flag}:twin-a` || e.anchor === `${flag}:twin-b`,
  );
  expect(new Set(twins.map((t) => t.name.trim())).size).toBe(2);
  // The person in 20 departments is a member of all 20.
  const busyDn = users.find((u) => u.anchor === `${flag}:busy`)?.dn.toLowerCase();
  const memberOf = snapshot.entries.filter((e) =>
    e.members?.some((m) => m.toLowerCase() === busyDn),
  );
  expect(memberOf).toHaveLength(20);
  // The resigned person cannot log in any more.
  const leaver = users.find((u) => u.anchor === `${flag}:leaver`);
  expect(leaver?.disabled).toBe(true);
  expect(await slapd.ldapwhoami(leaver?.dn as string, "Initial-Pass-1")).toBe(false);
}, 60_000);
