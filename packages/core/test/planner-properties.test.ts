import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DirectoryError, SafetyError } from "../src/errors.ts";
import { executePlan } from "../src/executor/index.ts";
import { normalizeDn, parentDn } from "../src/model/dn.ts";
import type {
  SourceDepartment,
  SourceSnapshot,
  SourceUser,
  SourceUserStatus,
} from "../src/model/source.ts";
import type { DepartedUserPolicy } from "../src/planner/plan-users.ts";
import { type MemoryTarget, memoryTarget } from "../src/testing/memory-target.ts";
import { FLAG, plan, sync } from "./harness.ts";

// Small pools on purpose: collisions (same names, same pinyin) are what break planners.
const DEPARTMENT_NAMES = [
  "研发",
  "销售",
  "研发",
  "R&D, Asia",
  "#ops",
  " 市场 ",
  "Ops+Dev",
  "后端",
  "研发2",
];
const PERSON_NAMES = ["张伟", "张卫", "李娜", "王芳", "Zhang Wei", "曾小明", "😀", "单雄信"];

interface OrgModel {
  departments: { id: string; parent: number; name: string; order: number }[];
  users: { id: string; name: string; departments: number[]; status: SourceUserStatus }[];
}

const orgArbitrary = (idBase: number): fc.Arbitrary<OrgModel> =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(...DEPARTMENT_NAMES), fc.nat(3)), {
        maxLength: 10,
      }),
      fc.array(
        fc.tuple(
          fc.constantFrom(...PERSON_NAMES),
          fc.array(fc.nat(), { maxLength: 3 }),
          fc.constantFrom<SourceUserStatus>(
            "active",
            "active",
            "active",
            "active",
            "frozen",
            "resigned",
            "notJoined",
          ),
        ),
        { maxLength: 14 },
      ),
    )
    .map(([departments, users]) => ({
      // Parent index -1 is the root; a department's parent is always an earlier one: a tree.
      departments: departments.map(([parent, name, order], index) => ({
        id: `d${idBase + index}`,
        parent: index === 0 ? -1 : (parent % (index + 1)) - 1,
        name,
        order,
      })),
      users: users.map(([name, departmentIndexes, status], index) => ({
        id: `u${idBase + index}`,
        name,
        departments: departmentIndexes.map((d) =>
          departments.length === 0 ? -1 : (d % (departments.length + 1)) - 1,
        ),
        status,
      })),
    }));

/** A second org chart: some of the first (renamed, moved, reassigned) plus newcomers. */
const mutationArbitrary = (first: OrgModel): fc.Arbitrary<OrgModel> =>
  orgArbitrary(100).chain((extra) =>
    fc
      .tuple(
        fc.array(fc.boolean(), {
          minLength: first.departments.length,
          maxLength: first.departments.length,
        }),
        fc.array(fc.boolean(), { minLength: first.users.length, maxLength: first.users.length }),
        fc.array(fc.nat(), {
          minLength: first.departments.length,
          maxLength: first.departments.length,
        }),
        fc.array(fc.constantFrom(...PERSON_NAMES), {
          minLength: first.users.length,
          maxLength: first.users.length,
        }),
      )
      .map(([keepDepartment, keepUser, moves, renames]) => {
        const all = [
          ...first.departments.map((d) => ({ ...d })),
          ...extra.departments.map((d) => ({ ...d })),
        ];
        const firstCount = first.departments.length;
        // Re-point parents into the combined list; moves pick any earlier department (no cycles).
        for (let i = 0; i < all.length; i++) {
          const department = all[i] as (typeof all)[number];
          if (i >= firstCount)
            department.parent = department.parent === -1 ? -1 : department.parent + firstCount;
          if (i < firstCount && (moves[i] as number) % 3 === 0)
            department.parent = ((moves[i] as number) % (i + 1)) - 1;
          if (i < firstCount && (moves[i] as number) % 5 === 1)
            department.name = DEPARTMENT_NAMES[
              (moves[i] as number) % DEPARTMENT_NAMES.length
            ] as string;
        }
        const kept = all.filter((_, i) => i >= firstCount || keepDepartment[i]);
        const index = new Map(all.map((d, i) => [i, d]));
        const departments = kept.map((d) => {
          let parent = index.get(d.parent);
          while (parent && !kept.includes(parent)) parent = index.get(parent.parent); // orphans move up
          return { ...d, parent: parent ? kept.indexOf(parent) : -1 };
        });
        const users = [
          ...first.users
            .filter((_, i) => keepUser[i])
            .map((u, i) => ({ ...u, name: i % 2 === 0 ? (renames[i] as string) : u.name })),
          ...extra.users.map((u) => ({
            ...u,
            departments: u.departments.map((d) => (d === -1 ? -1 : d + firstCount)),
          })),
        ].map((u) => ({
          ...u,
          // -2: the department was removed; the user simply is not in it any more.
          departments: u.departments
            .map((d) => (d === -1 ? -1 : kept.indexOf(all[d] as (typeof all)[number])))
            .map((d, i) => (d === -1 && u.departments[i] !== -1 ? -2 : d))
            .filter((d) => d >= -1),
        }));
        // Parents still precede children: moves only ever pick an earlier department.
        return { departments, users };
      }),
  );

function toSource(model: OrgModel): SourceSnapshot {
  const departments: SourceDepartment[] = model.departments.map((d) => ({
    id: d.id,
    parentId: d.parent === -1 ? "0" : (model.departments[d.parent] as { id: string }).id,
    name: d.name,
    order: d.order,
    raw: { name: d.name },
  }));
  const users: SourceUser[] = model.users.map((u) => ({
    id: u.id,
    name: u.name,
    departmentIds: [
      ...new Set(
        u.departments.map((d) => (d === -1 ? "0" : (model.departments[d] as { id: string }).id)),
      ),
    ],
    status: u.status,
    raw: { name: u.name, email: `${u.id}@example.com` },
  }));
  return { departments, users };
}

const hasContent = (source: SourceSnapshot) =>
  source.departments.length > 0 || source.users.length > 0;
const noGates = { safety: { maxDestructive: null, maxDestructivePercent: null } };

/** The directory matches the org chart: tree shape, accounts, status and memberships. */
async function expectConverged(
  target: MemoryTarget,
  source: SourceSnapshot,
  policy: DepartedUserPolicy,
) {
  const entries = target.entries();
  const byAnchor = new Map(
    entries.filter((e) => e.anchor?.startsWith(`${FLAG}:`)).map((e) => [e.anchor, e]),
  );
  const groupDn = (id: string) => byAnchor.get(`${FLAG}:${id}`)?.dn;
  for (const department of source.departments) {
    const dn = groupDn(department.id);
    expect(dn, `group of ${department.id}`).toBeDefined();
    const parent =
      department.parentId === "0"
        ? "ou=feishuroot,dc=example,dc=com"
        : groupDn(department.parentId);
    expect(normalizeDn(parentDn(dn as string) as string)).toBe(normalizeDn(parent as string));
  }
  const groupCount = entries.filter(
    (e) => e.kind === "group" && e.anchor?.startsWith(`${FLAG}:`),
  ).length;
  expect(groupCount).toBe(source.departments.length);

  // Accounts whose memberships a sync leaves as they are: kept departures, people not joined yet.
  const untouched = new Set<string>();
  const inSource = new Set(source.users.map((user) => `${FLAG}:${user.id}`));
  for (const entry of byAnchor.values()) {
    if (entry.kind !== "user" || inSource.has(entry.anchor as string)) continue;
    if (policy === "delete") expect.fail(`${entry.anchor} left but was not deleted`);
    if (policy === "disable") expect(entry.disabled, `${entry.anchor} left`).toBe(true);
    else untouched.add(normalizeDn(entry.dn));
  }
  for (const user of source.users) {
    const entry = byAnchor.get(`${FLAG}:${user.id}`);
    const kept = user.status === "notJoined" || (user.status === "resigned" && policy === "keep");
    if (entry && kept) untouched.add(normalizeDn(entry.dn));
  }
  const expectedMembers = new Map<string, Set<string>>();
  for (const department of source.departments) expectedMembers.set(department.id, new Set());
  for (const user of source.users) {
    const entry = byAnchor.get(`${FLAG}:${user.id}`);
    if (user.status === "active") {
      expect(entry, `account of ${user.id}`).toBeDefined();
      expect(entry?.disabled ?? false).toBe(false);
      for (const id of user.departmentIds)
        expectedMembers.get(id)?.add(normalizeDn(entry?.dn as string));
    } else if (entry && user.status !== "notJoined") {
      if (user.status === "frozen" || policy === "disable") expect(entry.disabled).toBe(true);
    }
  }
  for (const [id, members] of expectedMembers) {
    const entry = byAnchor.get(`${FLAG}:${id}`);
    const actual = (entry?.members ?? []).map(normalizeDn).filter((dn) => !untouched.has(dn));
    expect(new Set(actual), `members of ${id}`).toEqual(members);
  }
  const names = entries.filter((e) => e.kind === "user").map((e) => e.name.toLowerCase());
  expect(new Set(names).size).toBe(names.length);
}

function expectDependenciesRespected(target: MemoryTarget) {
  const done = new Set<string>();
  for (const operation of target.applied) {
    for (const dependency of operation.dependsOn)
      expect(done.has(dependency), `${operation.id} after ${dependency}`).toBe(true);
    done.add(operation.id);
  }
}

describe("planner properties", () => {
  it("converges in one apply, then plans nothing, for any org chart and any change to it", async () => {
    await fc.assert(
      fc.asyncProperty(
        orgArbitrary(0).chain((first) => fc.tuple(fc.constant(first), mutationArbitrary(first))),
        fc.constantFrom<DepartedUserPolicy>("disable", "delete", "keep"),
        async ([firstModel, secondModel], policy) => {
          const first = toSource(firstModel);
          const second = toSource(secondModel);
          fc.pre(hasContent(first) && hasContent(second));
          const target = memoryTarget();
          const options = { ...noGates, departedUsers: policy };

          await sync(target, first, options);
          await expectConverged(target, first, policy);
          expect((await plan(target, first, options)).operations).toEqual([]);
          const usernames = new Map(
            target
              .entries()
              .filter((e) => e.kind === "user")
              .map((e) => [e.anchor, e.name]),
          );

          if (second.users.length === 0 && usernames.size > 0) {
            // Everyone gone at once reads as a broken source: refused, not applied.
            await expect(plan(target, second, options)).rejects.toMatchObject({
              rule: "emptySource",
            });
            return;
          }
          await sync(target, second, options);
          await expectConverged(target, second, policy);
          expect((await plan(target, second, options)).operations).toEqual([]);
          expectDependenciesRespected(target);
          // Usernames never change once allocated.
          for (const entry of target.entries()) {
            if (entry.kind === "user" && usernames.has(entry.anchor))
              expect(entry.name).toBe(usernames.get(entry.anchor));
          }
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
  }, 600_000);

  it("continues past failed objects, skips only their dependants, and converges on the next run", async () => {
    await fc.assert(
      fc.asyncProperty(orgArbitrary(0), fc.integer({ min: 1, max: 1_000 }), async (model, salt) => {
        const source = toSource(model);
        fc.pre(hasContent(source));
        const target = memoryTarget();
        // Roughly one operation in four fails for good (e.g. a value the schema refuses).
        const failing = (id: string) =>
          [...`${id}${salt}`].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1009, 7) % 4 === 0;
        const removeFault = target.inject((op) =>
          failing(op.id)
            ? new DirectoryError("schemaViolation", `refused ${op.id}`, { dn: op.dn })
            : undefined,
        );
        const first = await plan(target, source, noGates);
        const report = await executePlan(first.operations, target, {
          parallelism: 3,
          breaker: false,
        });
        const outcome = new Map(
          report.results.map((result) => [result.operationId, result.outcome]),
        );
        for (const operation of first.operations) {
          const result = outcome.get(operation.id);
          const blocked = operation.dependsOn.some(
            (dependency) => outcome.get(dependency) !== "succeeded",
          );
          expect(result).toBe(blocked ? "skipped" : failing(operation.id) ? "failed" : "succeeded");
        }
        removeFault();
        await sync(target, source, noGates);
        await expectConverged(target, source, "disable");
        expect((await plan(target, source, noGates)).operations).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it("never plans anything, let alone a deletion, from an empty source", async () => {
    await fc.assert(
      fc.asyncProperty(orgArbitrary(0), async (model) => {
        const source = toSource(model);
        fc.pre(hasContent(source));
        const target = memoryTarget();
        await sync(target, source, noGates);
        for (const scope of ["ALL", "GROUPS", "USERS"] as const) {
          await expect(
            plan(target, { departments: [], users: [] }, { ...noGates, scope }),
          ).rejects.toBeInstanceOf(SafetyError);
        }
      }),
      { numRuns: 50 },
    );
  });

  it("lists every operation after the operations it depends on", async () => {
    await fc.assert(
      fc.asyncProperty(orgArbitrary(0), async (model) => {
        const source = toSource(model);
        fc.pre(hasContent(source));
        const result = await plan(memoryTarget(), source, noGates);
        const seen = new Set<string>();
        for (const operation of result.operations) {
          for (const dependency of operation.dependsOn) expect(seen.has(dependency)).toBe(true);
          seen.add(operation.id);
        }
      }),
      { numRuns: 100 },
    );
  });
});
