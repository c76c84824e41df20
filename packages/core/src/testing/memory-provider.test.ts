import { describe, expect, it } from "vitest";
import { CancelledError, ConfigError, SourceReadError } from "../errors.ts";
import type { SourceSnapshot } from "../model/source.ts";
import { ProviderRegistry } from "../provider/registry.ts";
import { memoryProvider, memoryProviderPlugin } from "./memory-provider.ts";
import { generateOrg } from "./org-generator.ts";
import { collectSource, describeProviderConformance } from "./provider-conformance.ts";

describeProviderConformance("memory", async (org) => ({ provider: memoryProvider({ org }) }));
describeProviderConformance(
  "memory (DingTalk-style root, with latency)",
  async (org) => ({
    provider: memoryProvider({ org, flag: "dingtalk", rootDepartmentId: "1", latency: 1 }),
  }),
  {
    rootDepartmentId: "1",
    departmentIds: "numeric",
    statuses: ["active", "resigned", "notJoined"],
  },
);

const org: SourceSnapshot = {
  departments: [
    { id: "0", parentId: "", name: "root", order: 0, raw: {} },
    { id: "a", parentId: "0", name: "A", order: 0, raw: {} },
    { id: "b", parentId: "a", name: "B", order: 0, raw: {} },
  ],
  users: [
    {
      id: "u1",
      name: "张伟",
      departmentIds: ["a", "b"],
      status: "active",
      raw: { email: "zw@example.com" },
    },
    { id: "u2", name: "李娜", departmentIds: ["0"], status: "active", raw: {} },
    { id: "u3", name: "王芳", departmentIds: ["gone"], status: "resigned", raw: {} },
  ],
};

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("memoryProvider", () => {
  it("yields a multi-department user once per department, and users of unknown departments", async () => {
    const provider = memoryProvider({ org });
    const users = await all(provider.fetchUsers());
    expect(users.map((user) => user.id)).toEqual(["u2", "u1", "u1", "u3"]);
    expect(users[1]?.departmentIds).toEqual(["a", "b"]);
    expect((await all(provider.fetchDepartments())).map((department) => department.id)).toEqual([
      "a",
      "b",
    ]);
  });

  it("hands out copies", async () => {
    const provider = memoryProvider({ org });
    const [first] = await all(provider.fetchUsers());
    if (first) first.raw.email = "changed";
    const again = await provider.targeted.users(["u1"]);
    expect(again.found[0]?.raw.email).toBe("zw@example.com");
  });

  it("fails mid-stream with a SourceReadError, then heals", async () => {
    const provider = memoryProvider({ org, fail: { stream: "users", after: 2, times: 1 } });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const user of provider.fetchUsers()) seen.push(user.id);
      })(),
    ).rejects.toBeInstanceOf(SourceReadError);
    expect(seen).toHaveLength(2);
    expect(await all(provider.fetchUsers())).toHaveLength(4);
    expect(provider.reads.users).toBe(2);
  });

  it("fails with a chosen error, including at the end of a stream", async () => {
    const provider = memoryProvider({ org });
    const error = new Error("boom");
    const remove = provider.fail({ stream: "departments", after: 2, error });
    await expect(all(provider.fetchDepartments())).rejects.toBe(error);
    remove();
    await expect(all(provider.fetchDepartments())).resolves.toHaveLength(2);
  });

  it("reports an injected testConnection fault as a failed check", async () => {
    const provider = memoryProvider({
      org,
      fail: { stream: "testConnection", error: new Error("bad secret") },
    });
    const report = await provider.testConnection();
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({
      id: "credentials",
      status: "failed",
      detail: "bad secret",
    });
  });

  it("reads the org afresh from a function, and after setOrg", async () => {
    let current = org;
    const provider = memoryProvider({ org: () => current });
    current = { ...org, users: [] };
    expect(await all(provider.fetchUsers())).toEqual([]);
    provider.setOrg(org);
    expect(await all(provider.fetchUsers())).toHaveLength(4);
  });

  it("cancels a slow read promptly", async () => {
    const provider = memoryProvider({
      org: generateOrg({ departments: 5, users: 50 }),
      latency: 10_000,
    });
    const controller = new AbortController();
    const pending = all(provider.fetchUsers({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });

  it("refuses an invalid flag", () => {
    expect(() => memoryProvider({ org, flag: "Bad Flag" })).toThrow(ConfigError);
  });
});

describe("memoryProviderPlugin", () => {
  it("registers, validates config and creates a provider over a generated org", async () => {
    const registry = new ProviderRegistry([memoryProviderPlugin]);
    expect(() => registry.parseConfig("memory", { flag: "Nope" })).toThrow(/flag/);
    const config = memoryProviderPlugin.configSchema.parse({
      flag: "demo",
      users: 30,
      departments: 4,
    });
    expect(config).toEqual({ flag: "demo", users: 30, departments: 4, seed: 1 });
    const provider = memoryProviderPlugin.create(config);
    expect(provider.flag).toBe("demo");
    const source = await collectSource(provider);
    expect(source.users).toHaveLength(30);
    expect(source.departments).toHaveLength(4);
  });

  it("describes its fields and ships go-ldap-admin-like relations", () => {
    const fields = memoryProviderPlugin.describeFields();
    expect(fields.user.map((field) => field.path)).toEqual(
      expect.arrayContaining(["name", "email", "employee_no"]),
    );
    expect(fields.group.map((field) => field.path)).toContain("name");
    expect(memoryProviderPlugin.defaultFieldRelations.user.attributes).toMatchObject({
      sn: "name",
      mail: "email",
    });
  });
});
