import {
  normalizeDn,
  parentDn,
  parseDn,
  type SourceDepartment,
  type SourceSnapshot,
  type SourceUser,
} from "@orgsync/core";
import type { LdifEntry } from "@orgsync/ldap/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunRecord } from "../../src/repositories/runs.ts";
import { type RunStack, startRunStack } from "../harness/run-stack.ts";
import { INITIAL_PASSWORD, useSyncEnvironment } from "../harness/sync-environment.ts";
import { allItems, runToEnd } from "../runs/helpers.ts";

/**
 * Hostile data through the whole service: the Feishu sandbox serves an org built to break DNs,
 * usernames and trees, and the run stack (job runner, run records) writes it into a real slapd.
 * Syncs in a row: the baseline (and again, writing nothing), a resignation, a day of changes
 * (the resigned person rehired, a department moved under its former child, people renamed),
 * and one more over the final org that must write nothing — no item, no LDAP entry touched.
 * After every sync the directory is read back with ldapsearch and must mirror the source
 * exactly; the runs' items must be exactly the changes, nothing more.
 *
 * Why: RFC 4514 specials, insignificant spaces, emoji, over-long names, duplicate pinyin and
 * polyphonic surnames are what real Chinese org charts contain; one of them refused by slapd,
 * or written differently from how it is read back, makes every later run fail or rewrite
 * forever. The component test (`packages/ldap/test/hostile-data.test.ts`) covers the target;
 * this one proves the service (provider, planner, runner, target) carries them end to end.
 */

const FLAG = "feishu";
const anchor = (id: string) => `${FLAG}:${id}`;

// ---- the org ------------------------------------------------------------------------------------

/** Every character RFC 4514 escapes anywhere in a value, and no Han: its group cn is the name itself. */
const SPECIALS = ',+"\\<>;= R&D';
/** A leading `#` must be escaped in a DN, an inner one must not. */
const LEADING_HASH = "#1 产品 #";
const SPACED = "  前后空格  ";
/** 200 characters of specials, ending with a space: cut to 64, the cut ends in a backslash. */
const LONG_SPECIALS = ',+"\\<>;=# '.repeat(20);
const LONG_HAN = "研发中心".repeat(50);
const PLATFORM = "#平台, R&D + <核心>";
const INFRA = '基础架构;"infra"=1';
const HOSTILE_PERSON = ` O'Brien, Jr. <"ceo"> + #1; a=b 🚀 `;
const HOSTILE_PERSON_RENAMED = `O'Brien-Smith \\ <"cfo">; x=y, 🎉 `;
const SYMBOLS_ONLY = '\\,+"<>;=#';
const LEVELS = 15;
const PROJECTS = 20;

const dept = (id: string, parentId: string, name: string, order = 0): SourceDepartment => ({
  id,
  parentId,
  name,
  order,
  raw: { name },
});
const person = (
  id: string,
  name: string,
  departmentIds: string[],
  raw: Record<string, unknown> = {},
): SourceUser => ({ id, name, departmentIds, status: "active", raw: { name, ...raw } });

const levelId = (level: number) => `od_level_${level}`;
const projectIds = Array.from({ length: PROJECTS }, (_, n) => `od_project_${n + 1}`);

function hostileOrg(): SourceSnapshot {
  const departments = [
    dept("od_specials", "0", SPECIALS),
    dept("od_hash", "0", LEADING_HASH),
    dept("od_spaced", "0", SPACED),
    dept("od_emoji", "0", "产品部 🚀✨"),
    dept("od_long_han", "0", LONG_HAN),
    dept("od_long_specials", "0", LONG_SPECIALS),
    // Same-named siblings, and siblings slapd cannot tell apart: it folds case, runs of spaces
    // and compatibility forms (fullwidth letters and brackets, the ideographic space U+3000).
    dept("od_sales_a", "0", "销售", 1),
    dept("od_sales_b", "0", "销售", 2),
    dept("od_emea_a", "0", "Sales EMEA", 1),
    dept("od_emea_b", "0", "ＳＡＬＥＳ\u3000\u3000emea", 2),
    dept("od_paren_ascii", "0", "研发(一)部", 1),
    dept("od_paren_fullwidth", "0", "研发（一）部", 2),
    // 重 is polyphonic (zhong/chong): 重庆 must read chongqing.
    dept("od_chongqing", "0", "重庆分公司"),
    // The platform holds infra now; after the changes infra holds the platform.
    dept("od_platform", "0", PLATFORM),
    dept("od_infra", "od_platform", INFRA),
  ];
  for (let level = 1; level <= LEVELS; level++) {
    departments.push(dept(levelId(level), level === 1 ? "0" : levelId(level - 1), `第${level}层`));
  }
  projectIds.forEach((id, n) => {
    departments.push(dept(id, "0", `项目组${n + 1}`));
  });
  const users = [
    ...[1, 2, 3, 4, 5].map((n) =>
      person(`on_zhangwei_${n}`, "张伟", ["od_sales_a"], { email: `wei${n}@example.com` }),
    ),
    person("on_lina_1", "李娜", ["od_sales_b"], { mobile: "+8613800000001" }),
    // Resigns before the second sync and is rehired before the third.
    person("on_lina_2", "李娜", ["od_platform", "od_sales_b"], { email: "lina2@example.com" }),
    person("on_fang_a", "王芳", ["od_chongqing"]),
    person("on_fang_b", "汪芳", ["od_chongqing"]),
    // Polyphonic surnames: 曾 zeng (not ceng), 单 shan (not dan), 解 xie (not jie), 仇 qiu (not chou).
    person("on_zeng", "曾国藩", ["od_chongqing"]),
    person("on_shan", "单田芳", ["od_chongqing"]),
    person("on_xie", "解缙", ["od_chongqing"]),
    person("on_qiu", "仇英", ["od_chongqing"]),
    person(
      "on_obrien",
      HOSTILE_PERSON,
      ["od_specials", "od_hash", "od_spaced", "od_emoji", "od_long_specials"],
      { email: "obrien@example.com" },
    ),
    person("on_symbols", SYMBOLS_ONLY, ["od_emea_b", "od_paren_fullwidth"]),
    person("on_rocket", "🚀 火箭 Rocket 😀", ["od_emoji"], { mobile: "+8613800000002" }),
    person("on_ouyang", "欧阳".repeat(100), ["od_long_han"]),
    person("on_busy", "钱多多", projectIds),
    // No email and no mobile at all.
    person("on_bare", "无邮箱", [levelId(LEVELS)]),
    person("on_upper", "大写", ["od_infra"], { email: "Xiao.Ming@Example.COM" }),
  ];
  return { departments, users };
}

/**
 * Usernames as the product allocates them: pinyin, the first character read as a surname,
 * duplicates numbered from 2 in source-id order, the source id when no letter survives
 * (`packages/core/src/identity/username.ts`).
 */
const EXPECTED_UIDS: Record<string, string> = {
  on_zhangwei_1: "zhangwei",
  on_zhangwei_2: "zhangwei2",
  on_zhangwei_3: "zhangwei3",
  on_zhangwei_4: "zhangwei4",
  on_zhangwei_5: "zhangwei5",
  on_lina_1: "lina",
  on_lina_2: "lina2",
  on_fang_a: "wangfang",
  on_fang_b: "wangfang2",
  on_zeng: "zengguofan",
  on_shan: "shantianfang",
  on_xie: "xiejin",
  on_qiu: "qiuying",
  // Letters, digits and `.` survive; specials, spaces and emoji are dropped.
  on_obrien: "obrienjr.ceo1ab",
  on_rocket: "huojianrocket",
  on_symbols: "on_symbols",
};

// ---- reading LDAP back ------------------------------------------------------------------------

const anchorOfEntry = (entry: LdifEntry) => entry.attributes.orgsyncAnchor?.[0] ?? "";
const byAnchor = (entries: LdifEntry[]) => new Map(entries.map((e) => [anchorOfEntry(e), e]));

/** "op anchor" per run item, sorted: what a run wrote, to compare with exactly the changes. */
const opsOf = (items: { op: string; anchor: string }[]) =>
  items.map((item) => `${item.op} ${item.anchor}`).sort();

describe("hostile data through the whole service", () => {
  // Core's default safety thresholds: one disable among ~70 managed entries is not held.
  const env = useSyncEnvironment("pglite", { org: hostileOrg() });
  let stack: RunStack;
  beforeAll(async () => {
    stack = await startRunStack(env);
  });
  afterAll(() => stack?.stop());

  /** One full run through the job runner; it must succeed with every item succeeded. */
  async function sync(): Promise<{ run: RunRecord; ops: string[] }> {
    const run = await runToEnd(stack.service, env.provider.id);
    expect(run.status, run.error ?? "").toBe("succeeded");
    const items = await allItems(stack.service, run.id);
    const unsuccessful = items.filter((item) => item.outcome !== "succeeded");
    expect(unsuccessful.map((item) => [item.op, item.dn, item.message])).toEqual([]);
    return { run, ops: opsOf(items) };
  }

  const entries = async () => {
    const { users, groups } = await env.managedEntries();
    return { users, groups, user: byAnchor(users), group: byAnchor(groups) };
  };

  /**
   * The directory mirrors `org` exactly: every person and department once by anchor, names
   * read back byte for byte, each group under its parent's group, members exactly the active
   * people of the department, resigned people disabled.
   */
  async function expectDirectoryToMirror(org: SourceSnapshot): Promise<void> {
    const { users, groups, user, group } = await entries();
    expect(users.map(anchorOfEntry).sort()).toEqual(org.users.map((u) => anchor(u.id)).sort());
    expect(groups.map(anchorOfEntry).sort()).toEqual(
      org.departments.map((d) => anchor(d.id)).sort(),
    );
    // Distinct as slapd compares them (case-insensitively), not only as strings.
    const uids = users.map((u) => u.attributes.uid?.[0]?.toLowerCase());
    expect(new Set(uids).size).toBe(users.length);

    for (const source of org.users) {
      const entry = user.get(anchor(source.id));
      expect({
        id: source.id,
        displayName: entry?.attributes.displayName,
        sn: entry?.attributes.sn,
        disabled: entry?.attributes.orgsyncDisabled ?? [],
      }).toEqual({
        id: source.id,
        displayName: [source.name],
        sn: [source.name],
        disabled: source.status === "resigned" ? ["TRUE"] : [],
      });
    }

    const userDns = new Set(users.map((u) => normalizeDn(u.dn)));
    const dnOfDepartment = (id: string) =>
      id === "0" ? env.groupRootDn : (group.get(anchor(id))?.dn ?? `missing ${id}`);
    for (const department of org.departments) {
      const entry = group.get(anchor(department.id)) as LdifEntry;
      const members = (entry.attributes.uniqueMember ?? [])
        .map(normalizeDn)
        .filter((dn) => userDns.has(dn))
        .sort();
      const expectedMembers = org.users
        .filter((u) => u.status === "active" && u.departmentIds.includes(department.id))
        .map((u) => normalizeDn(user.get(anchor(u.id))?.dn ?? ""))
        .sort();
      expect({
        id: department.id,
        description: entry.attributes.description,
        parent: normalizeDn(parentDn(entry.dn) ?? ""),
        members,
      }).toEqual({
        id: department.id,
        description: [department.name],
        parent: normalizeDn(dnOfDepartment(department.parentId)),
        members: expectedMembers,
      });
    }
  }

  /** Every entry under the base with its operational attributes (entryCSN, modifyTimestamp). */
  const dumpDirectory = () => env.ldapsearch(env.slapd.baseDn, "(objectClass=*)", ["*", "+"]);

  const entryUuids = async (...ids: string[]) => {
    const { group } = await entries();
    const found = await Promise.all(
      ids.map((id) =>
        env.ldapsearch(group.get(anchor(id))?.dn as string, "(objectClass=*)", ["entryUUID"], {
          scope: "base",
        }),
      ),
    );
    return found.map((result) => result[0]?.attributes.entryUUID?.[0]);
  };

  let uuidsBeforeMove: (string | undefined)[] = [];

  it("creates every hostile entry once, slapd-safe and read back exactly, and rewrites none", async () => {
    const org = hostileOrg();
    const { ops } = await sync();
    const withMembers = org.departments.filter((d) =>
      org.users.some((u) => u.departmentIds.includes(d.id)),
    );
    expect(ops).toEqual(
      [
        ...org.departments.map((d) => `createGroup ${anchor(d.id)}`),
        ...org.users.map((u) => `createUser ${anchor(u.id)}`),
        ...withMembers.map((d) => `setMembers ${anchor(d.id)}`),
      ].sort(),
    );
    await expectDirectoryToMirror(org);

    const { user, group } = await entries();
    const uid = (id: string) => user.get(anchor(id))?.attributes.uid;
    for (const [id, expected] of Object.entries(EXPECTED_UIDS)) {
      expect({ id, uid: uid(id) }).toEqual({ id, uid: [expected] });
    }
    // cn is the username (go-ldap-admin's layout), so it never carries the hostile name.
    expect(user.get(anchor("on_obrien"))?.attributes.cn).toEqual(uid("on_obrien"));
    expect(uid("on_ouyang")?.[0]?.length).toBeLessThanOrEqual(64);

    // Group names are the pinyin of the department name: specials survive as DN escapes.
    const rdnOf = (id: string) => parseDn(group.get(anchor(id))?.dn as string)[0];
    const cn = (id: string) => group.get(anchor(id))?.attributes.cn;
    expect(rdnOf("od_specials")).toEqual({ attribute: "cn", value: SPECIALS });
    expect(cn("od_specials")).toEqual([SPECIALS]);
    expect(rdnOf("od_hash")).toEqual({ attribute: "cn", value: "#1 chanpin #" });
    expect(cn("od_spaced")).toEqual(["qianhoukongge"]);
    expect(cn("od_chongqing")).toEqual(["chongqingfengongsi"]);
    // Cut to the layout's 64 characters; the cut ends in a backslash.
    const cut = [...LONG_SPECIALS.trim()].slice(0, 64).join("").trimEnd();
    expect(cn("od_long_specials")).toEqual([cut]);
    expect([...(cn("od_long_han")?.[0] ?? "")].length).toBe(64);
    expect([cn("od_sales_a"), cn("od_sales_b")].flat().sort()).toEqual(["xiaoshou", "xiaoshou2"]);
    // The second of two names slapd holds equal is numbered (the order decides which).
    expect([cn("od_emea_a"), cn("od_emea_b")]).toEqual([
      ["Sales EMEA"],
      ["ＳＡＬＥＳ\u3000\u3000emea2"],
    ]);
    expect([cn("od_paren_ascii"), cn("od_paren_fullwidth")]).toEqual([
      ["yanfa(yi)bu"],
      ["yanfa（yi）bu2"],
    ]);

    // The 15-level chain: the deepest group is 15 cn RDNs below the provider's group root.
    const deepest = parseDn(group.get(anchor(levelId(LEVELS)))?.dn as string);
    expect(deepest.slice(0, LEVELS)).toEqual(
      Array.from({ length: LEVELS }, (_, n) => ({
        attribute: "cn",
        value: `di${LEVELS - n}ceng`,
      })),
    );
    expect(deepest.slice(LEVELS)).toEqual(parseDn(env.groupRootDn));

    // The person in 20 departments is a member of exactly those 20 groups.
    const busyDn = normalizeDn(user.get(anchor("on_busy"))?.dn as string);
    const busyGroups = [...group.values()]
      .filter((g) => (g.attributes.uniqueMember ?? []).map(normalizeDn).includes(busyDn))
      .map(anchorOfEntry)
      .sort();
    expect(busyGroups).toEqual(projectIds.map(anchor).sort());

    // mail is the IM's email as given (no lower-casing); no email gives username@default suffix.
    expect(user.get(anchor("on_upper"))?.attributes.mail).toEqual(["Xiao.Ming@Example.COM"]);
    const bare = user.get(anchor("on_bare"));
    expect(bare?.attributes.mail).toEqual([`${bare?.attributes.uid?.[0]}@example.com`]);
    expect(bare?.attributes.mobile).toBeUndefined();

    const lina2 = user.get(anchor("on_lina_2"))?.dn as string;
    expect(await env.slapd.ldapwhoami(lina2, INITIAL_PASSWORD)).toBe(true);

    // Read back exactly: a second sync of the same org has nothing to change.
    expect((await sync()).ops).toEqual([]);
    uuidsBeforeMove = await entryUuids("od_platform", "od_infra");
    expect(uuidsBeforeMove).toEqual([expect.any(String), expect.any(String)]);
  }, 60_000);

  it("disables a resigned person and takes them out of their groups, and nothing else", async () => {
    await env.sandbox.resign("on_lina_2");
    const { ops } = await sync();
    expect(ops).toEqual(
      [
        `setMembers ${anchor("od_platform")}`,
        `setMembers ${anchor("od_sales_b")}`,
        `disableUser ${anchor("on_lina_2")}`,
      ].sort(),
    );
    await expectDirectoryToMirror(env.sandbox.org());
    const lina2 = (await entries()).user.get(anchor("on_lina_2"));
    expect(lina2?.attributes.uid).toEqual(["lina2"]);
    expect(await env.slapd.ldapwhoami(lina2?.dn as string, INITIAL_PASSWORD)).toBe(false);
  }, 60_000);

  it("writes a rehire, a department moved under its former child and renames as exactly those changes", async () => {
    await env.sandbox.updateUser("on_lina_2", { status: "active" });
    // Infra (the platform's child) becomes the platform's parent.
    await env.sandbox.moveDepartment("od_infra", "0");
    await env.sandbox.moveDepartment("od_platform", "od_infra");
    await env.sandbox.updateUser("on_zhangwei_2", { name: "张卫" });
    await env.sandbox.updateUser("on_obrien", { name: HOSTILE_PERSON_RENAMED });

    const { ops } = await sync();
    expect(ops).toEqual(
      [
        `moveGroup ${anchor("od_infra")}`,
        `moveGroup ${anchor("od_platform")}`,
        `enableUser ${anchor("on_lina_2")}`,
        `setMembers ${anchor("od_platform")}`,
        `setMembers ${anchor("od_sales_b")}`,
        `updateUser ${anchor("on_zhangwei_2")}`,
        `updateUser ${anchor("on_obrien")}`,
      ].sort(),
    );
    await expectDirectoryToMirror(env.sandbox.org());

    const { user, group } = await entries();
    // Moved, not re-created: the same entries, now platform under infra under the root.
    expect(await entryUuids("od_platform", "od_infra")).toEqual(uuidsBeforeMove);
    const platform = group.get(anchor("od_platform"))?.dn as string;
    const infra = group.get(anchor("od_infra"))?.dn as string;
    expect(normalizeDn(parentDn(platform) ?? "")).toBe(normalizeDn(infra));
    expect(normalizeDn(parentDn(infra) ?? "")).toBe(normalizeDn(env.groupRootDn));
    expect(parseDn(platform)[0]).toEqual({ attribute: "cn", value: "#pingtai, R&D + <hexin>" });

    // A rename updates the names but never the account: uid (and cn, which is the uid) stay.
    expect(user.get(anchor("on_zhangwei_2"))?.attributes).toMatchObject({
      uid: ["zhangwei2"],
      cn: ["zhangwei2"],
      displayName: ["张卫"],
    });
    const obrien = user.get(anchor("on_obrien"));
    expect(obrien?.attributes.displayName).toEqual([HOSTILE_PERSON_RENAMED]);
    expect(obrien?.attributes.uid).toEqual([EXPECTED_UIDS.on_obrien]);

    // The rehired person has the same account, enabled, with the initial password again.
    const lina2 = user.get(anchor("on_lina_2"));
    expect(lina2?.attributes.uid).toEqual(["lina2"]);
    expect(lina2?.attributes.orgsyncDisabled).toBeUndefined();
    expect(await env.slapd.ldapwhoami(lina2?.dn as string, INITIAL_PASSWORD)).toBe(true);
  }, 60_000);

  it("a further sync of the final org plans nothing, applies nothing and leaves LDAP untouched", async () => {
    const before = await dumpDirectory();
    const { run, ops } = await sync();
    expect(ops).toEqual([]);
    expect(run).toMatchObject({ status: "succeeded", progressTotal: 0, counts: {} });
    expect(await dumpDirectory()).toEqual(before);
    await expectDirectoryToMirror(env.sandbox.org());
  }, 60_000);
});
