import { afterEach, describe, expect, it } from "vitest";
import { CancelledError } from "../errors.ts";
import type {
  SourceDepartment,
  SourceSnapshot,
  SourceUser,
  SourceUserStatus,
} from "../model/source.ts";
import type { FetchOptions, Provider } from "../provider/provider.ts";
import { numericDepartmentIds } from "./numeric-ids.ts";
import { generateOrg } from "./org-generator.ts";

/**
 * The suite every provider plugin runs: the kit picks an org chart, the harness serves it (the
 * memory provider directly; Feishu through its sandbox server), and the suite checks that the
 * provider reads back exactly that org, cancels promptly and reports its connection honestly.
 */

export interface ProviderConformanceSetup {
  provider: Provider;
  /** Called after each test. */
  cleanup?: () => Promise<void>;
}

export interface ProviderConformanceOptions {
  /**
   * The provider's root department id; the kit's org hangs off it.
   * @default "0" (Feishu)
   * @example "1" (DingTalk, WeCom)
   */
  rootDepartmentId?: string;
  /**
   * How long an aborted read may take to reject, in ms.
   * @default 2000
   */
  cancelWithinMs?: number;
  /**
   * How the IM spells department ids: `"numeric"` (DingTalk, WeCom: integers on the wire) gives
   * the kit's departments numbers instead of `od-…` ids.
   * @default "opaque"
   */
  departmentIds?: DepartmentIdStyle;
  /**
   * The statuses the IM can express. The kit's users of other statuses are left out of its org
   * (DingTalk has no suspended state, so no frozen user).
   * @default every status
   * @example ["active", "resigned", "notJoined"]
   */
  statuses?: readonly SourceUserStatus[];
}

export type DepartmentIdStyle = "opaque" | "numeric";

/** The kit's well-known departments, spelled as the IM spells ids. */
export function conformanceDepartmentIds(style: DepartmentIdStyle = "opaque") {
  return style === "numeric"
    ? { edgeA: "9001", edgeB: "9002", edgeC: "9003", unknown: "9999" }
    : {
        edgeA: "od-conformance-edge-a",
        edgeB: "od-conformance-edge-b",
        edgeC: "od-conformance-edge-c",
        unknown: "od-conformance-no-such",
      };
}

/**
 * The org chart the kit serves: a small generated tree plus the cases providers get wrong — a
 * user directly in the root, one in three departments, resigned and frozen users, names full
 * of characters that need escaping somewhere downstream.
 */
export function conformanceOrg(
  rootId = "0",
  options: Pick<ProviderConformanceOptions, "departmentIds" | "statuses"> = {},
): SourceSnapshot {
  const org = opaqueConformanceOrg(rootId);
  const statuses = options.statuses;
  const users = statuses ? org.users.filter((user) => statuses.includes(user.status)) : org.users;
  if (options.departmentIds !== "numeric") return { departments: org.departments, users };
  const opaque = conformanceDepartmentIds("opaque");
  const numeric = conformanceDepartmentIds("numeric");
  return numericDepartmentIds(
    { departments: org.departments, users },
    {
      ids: {
        [opaque.edgeA]: numeric.edgeA,
        [opaque.edgeB]: numeric.edgeB,
        [opaque.edgeC]: numeric.edgeC,
      },
    },
  );
}

function opaqueConformanceOrg(rootId: string): SourceSnapshot {
  const generated = generateOrg({
    departments: 12,
    users: 40,
    seed: 20240601,
    rootId,
    multiDepartmentShare: 0.2,
    rootUserShare: 0,
    statusShares: { frozen: 0, resigned: 0, notJoined: 0 },
  });
  const department = (
    id: string,
    parentId: string,
    name: string,
    order: number,
  ): SourceDepartment => ({
    id,
    parentId,
    name,
    order,
    raw: { name, open_department_id: id, parent_department_id: parentId, order: String(order) },
  });
  const edgeA = department("od-conformance-edge-a", rootId, "边界测试部", 900);
  const edgeB = department("od-conformance-edge-b", edgeA.id, 'R&D, "Core" <研发>; #1 + \\ =', 1);
  const edgeC = department("od-conformance-edge-c", rootId, "🚀 Launch 发射台 ", 901);
  const someGenerated = generated.departments[0]?.id ?? edgeC.id;
  const user = (
    id: string,
    name: string,
    departmentIds: string[],
    status: SourceUser["status"] = "active",
  ): SourceUser => ({
    id,
    name,
    departmentIds,
    status,
    raw: {
      name,
      open_id: id,
      email: `${id.replace(/[^a-z0-9]/g, "")}@example.com`,
      department_ids: departmentIds,
      employee_no: id.slice(-6),
      status: {
        is_activated: status === "active",
        is_frozen: status === "frozen",
        is_resigned: status === "resigned",
        is_unjoin: status === "notJoined",
      },
    },
  });
  return {
    departments: [...generated.departments, edgeA, edgeB, edgeC],
    users: [
      ...generated.users,
      user("ou_conformance_root", "创始人", [rootId]),
      user("ou_conformance_three", "欧阳 三部门", [edgeA.id, edgeB.id, someGenerated]),
      user("ou_conformance_resigned", "离职 员工", [edgeA.id], "resigned"),
      user("ou_conformance_frozen", "冻结员工", [edgeB.id], "frozen"),
      user("ou_conformance_special", `O'Brien, "Seán" <#1>; a+b=c \\ `, [edgeC.id]),
      user("ou_conformance_emoji", "张伟 🚀", [edgeC.id, edgeA.id]),
    ],
  };
}

/** Reads everything a provider yields, merging a person yielded once per department. */
export async function collectSource(
  provider: Provider,
  options: FetchOptions = {},
): Promise<{ departments: SourceDepartment[]; users: SourceUser[]; userYields: number }> {
  const departments: SourceDepartment[] = [];
  for await (const department of provider.fetchDepartments(options)) departments.push(department);
  const users = new Map<string, SourceUser>();
  let userYields = 0;
  for await (const user of provider.fetchUsers(options)) {
    userYields++;
    const seen = users.get(user.id);
    if (!seen) {
      users.set(user.id, { ...user, departmentIds: [...new Set(user.departmentIds)] });
      continue;
    }
    // Two yields of one person must agree on who they are; departments add up.
    expect(user.name, `user ${user.id} name`).toBe(seen.name);
    expect(user.status, `user ${user.id} status`).toBe(seen.status);
    seen.departmentIds = [...new Set([...seen.departmentIds, ...user.departmentIds])];
  }
  return { departments, users: [...users.values()], userYields };
}

export function describeProviderConformance(
  name: string,
  setup: (org: SourceSnapshot) => Promise<ProviderConformanceSetup>,
  options: ProviderConformanceOptions = {},
): void {
  const rootId = options.rootDepartmentId ?? "0";
  const cancelWithinMs = options.cancelWithinMs ?? 2000;
  const ids = conformanceDepartmentIds(options.departmentIds);
  const expresses = (status: SourceUserStatus) =>
    !options.statuses || options.statuses.includes(status);

  describe(`Provider conformance: ${name}`, () => {
    const org = conformanceOrg(rootId, options);
    let current: ProviderConformanceSetup | undefined;

    async function start(): Promise<Provider> {
      current = await setup(structuredClone(org));
      return current.provider;
    }

    afterEach(async () => {
      await current?.cleanup?.();
      current = undefined;
    });

    it("identifies itself", async () => {
      const provider = await start();
      expect(provider.rootDepartmentId).toBe(rootId);
      expect(provider.flag).toMatch(/^[a-z][a-z0-9_-]{0,31}$/);
      expect(provider.kind).toMatch(/^[a-z][a-z0-9-]*$/);
    });

    it("reads every department but the root, with ids, parents and names", async () => {
      const provider = await start();
      const { departments } = await collectSource(provider);
      expect(departments.some((department) => department.id === rootId)).toBe(false);
      const ids = departments.map((department) => department.id);
      expect(new Set(ids).size, "each department once").toBe(ids.length);
      const summary = (list: SourceDepartment[]) =>
        list
          .map((department) => ({
            id: department.id,
            parentId: department.parentId,
            name: department.name,
          }))
          .sort((a, b) => a.id.localeCompare(b.id));
      expect(summary(departments)).toEqual(summary(org.departments));
      for (const department of departments) {
        expect(typeof department.order).toBe("number");
        expect(department.raw).toBeTypeOf("object");
      }
    });

    it("reads every user once merged, with names, statuses and department sets", async () => {
      const provider = await start();
      const { users } = await collectSource(provider);
      const summary = (list: SourceUser[]) =>
        list
          .map((user) => ({
            id: user.id,
            name: user.name,
            status: user.status,
            departmentIds: [...new Set(user.departmentIds)].sort(),
          }))
          .sort((a, b) => a.id.localeCompare(b.id));
      expect(summary(users)).toEqual(summary(org.users));
    });

    it("keeps the edge cases intact", async () => {
      const provider = await start();
      const { users, departments } = await collectSource(provider);
      const byId = new Map(users.map((user) => [user.id, user]));
      expect(byId.get("ou_conformance_root")?.departmentIds).toEqual([rootId]);
      expect(byId.get("ou_conformance_three")?.departmentIds).toHaveLength(3);
      if (expresses("resigned")) {
        expect(byId.get("ou_conformance_resigned")?.status).toBe("resigned");
      }
      if (expresses("frozen")) expect(byId.get("ou_conformance_frozen")?.status).toBe("frozen");
      expect(byId.get("ou_conformance_special")?.name).toBe(`O'Brien, "Seán" <#1>; a+b=c \\ `);
      expect(departments.find((department) => department.id === ids.edgeB)?.name).toBe(
        'R&D, "Core" <研发>; #1 + \\ =',
      );
      expect(departments.find((department) => department.id === ids.edgeC)?.name).toBe(
        "🚀 Launch 发射台 ",
      );
    });

    it("rejects with CancelledError when the signal is aborted before a read", async () => {
      const provider = await start();
      const controller = new AbortController();
      controller.abort();
      await expect(
        drain(provider.fetchDepartments({ signal: controller.signal })),
      ).rejects.toBeInstanceOf(CancelledError);
      await expect(
        drain(provider.fetchUsers({ signal: controller.signal })),
      ).rejects.toBeInstanceOf(CancelledError);
    });

    it("rejects promptly with CancelledError when the signal aborts mid-read", async () => {
      const provider = await start();
      for (const read of [
        (signal: AbortSignal) => provider.fetchDepartments({ signal }),
        (signal: AbortSignal) => provider.fetchUsers({ signal }),
      ]) {
        const controller = new AbortController();
        const iterator = read(controller.signal)[Symbol.asyncIterator]();
        const first = await iterator.next();
        expect(first.done).toBe(false);
        controller.abort();
        const started = Date.now();
        const rest = (async () => {
          for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
            // Items already buffered may still arrive; the read must end in CancelledError.
          }
        })();
        await expect(rest).rejects.toBeInstanceOf(CancelledError);
        expect(Date.now() - started).toBeLessThan(cancelWithinMs);
      }
    });

    it("reports its connection, ok exactly when every check is ok or a warning", async () => {
      const provider = await start();
      const report = await provider.testConnection();
      expect(report.checks.length).toBeGreaterThan(0);
      for (const check of report.checks) {
        expect(check.id).toBeTypeOf("string");
        expect(check.label).toBeTypeOf("string");
        expect(["ok", "missing", "failed", "warning", "skipped"]).toContain(check.status);
      }
      expect(report.ok).toBe(
        report.checks.every((check) => check.status === "ok" || check.status === "warning"),
      );
      expect(report.ok, "the kit's org is served with working credentials").toBe(true);
    });

    it("re-reads chosen departments and users, listing unknown ids as missing", async (test) => {
      const provider = await start();
      if (!provider.targeted) test.skip();
      const targeted = provider.targeted;
      if (!targeted) return;
      const departments = await targeted.departments([ids.edgeB, ids.unknown]);
      expect(departments.missing).toEqual([ids.unknown]);
      expect(
        departments.found.map((department) => [
          department.id,
          department.parentId,
          department.name,
        ]),
      ).toEqual([[ids.edgeB, ids.edgeA, 'R&D, "Core" <研发>; #1 + \\ =']]);

      // A user the IM can express besides the one in three departments.
      const second = expresses("frozen") ? "ou_conformance_frozen" : "ou_conformance_emoji";
      const users = await targeted.users([
        "ou_conformance_three",
        second,
        "ou_conformance_no_such",
      ]);
      expect(users.missing).toEqual(["ou_conformance_no_such"]);
      const found = new Map<string, Set<string>>();
      for (const user of users.found) {
        const ids = found.get(user.id) ?? new Set();
        for (const id of user.departmentIds) ids.add(id);
        found.set(user.id, ids);
      }
      expect([...found.keys()].sort()).toEqual([second, "ou_conformance_three"].sort());
      const expected =
        org.users.find((user) => user.id === "ou_conformance_three")?.departmentIds ?? [];
      expect([...(found.get("ou_conformance_three") ?? [])].sort()).toEqual([...expected].sort());
      expect(users.found.find((user) => user.id === second)?.status).toBe(
        expresses("frozen") ? "frozen" : "active",
      );
    });
  });
}

async function drain(iterable: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const _ of iterable) count++;
  return count;
}
