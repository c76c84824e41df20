import { describe, expect, it } from "vitest";
import { CancelledError, SourceReadError } from "../errors.ts";
import type { SourceSnapshot } from "../model/source.ts";
import { memoryProvider } from "../testing/memory-provider.ts";
import { readSource } from "./read-source.ts";

const org: SourceSnapshot = {
  departments: [
    { id: "rd", parentId: "0", name: "研发", order: 0, raw: {} },
    { id: "ops", parentId: "rd", name: "运维", order: 1, raw: {} },
  ],
  users: [
    {
      id: "u1",
      name: "张伟",
      departmentIds: ["rd", "ops"],
      primaryDepartmentId: "ops",
      status: "active",
      raw: {},
    },
    { id: "u2", name: "李娜", departmentIds: ["0"], status: "resigned", raw: {} },
  ],
};

describe("readSource", () => {
  it("merges a person yielded once per department into one user", async () => {
    const source = await readSource(memoryProvider({ flag: "feishu", org }));
    expect(source.departments.map((d) => d.id)).toEqual(["rd", "ops"]);
    expect(source.users).toHaveLength(2);
    expect(source.users.find((u) => u.id === "u1")).toMatchObject({
      departmentIds: ["rd", "ops"],
      primaryDepartmentId: "ops",
    });
  });

  it("fails the whole read when a stream breaks midway: no partial org reaches the planner", async () => {
    for (const stream of ["departments", "users"] as const) {
      const provider = memoryProvider({ flag: "feishu", org, fail: { stream, after: 1 } });
      const read = readSource(provider);
      await expect(read).rejects.toBeInstanceOf(SourceReadError);
      await expect(read).rejects.toThrow(/feishu/);
    }
  });

  it("wraps a provider's own error, keeping it as the cause", async () => {
    const boom = new Error("socket hang up");
    const provider = memoryProvider({
      flag: "feishu",
      org,
      fail: { stream: "users", after: 1, error: boom },
    });
    const error = await readSource(provider).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceReadError);
    expect((error as Error).message).toMatch(
      /the read did not complete, nothing was planned: socket hang up/,
    );
    expect((error as Error).cause).toBe(boom);
  });

  it("stops with CancelledError when the signal aborts", async () => {
    const controller = new AbortController();
    const provider = memoryProvider({ flag: "feishu", org, latency: 20 });
    const read = readSource(provider, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(read).rejects.toBeInstanceOf(CancelledError);
  });

  it("refuses records a planner cannot trust", async () => {
    const bad = {
      ...org,
      users: [{ ...org.users[0], status: "on-leave" }],
    } as unknown as SourceSnapshot;
    await expect(readSource(memoryProvider({ flag: "feishu", org: bad }))).rejects.toThrow(
      /user u1 has unknown status "on-leave"/,
    );
  });
});
