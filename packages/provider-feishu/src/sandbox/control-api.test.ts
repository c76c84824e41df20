import { generateOrg } from "@orgsync/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningFeishuSandbox, startFeishuSandbox } from "./start-sandbox.ts";

let sandbox: RunningFeishuSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function call(method: string, name: string, body?: unknown) {
  const response = await fetch(`${sandbox?.url}/_sandbox/${name}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("control API over HTTP", () => {
  it("reads the org, changes it and reports stats", async () => {
    sandbox = await startFeishuSandbox({
      org: generateOrg({ departments: 4, users: 10, seed: 5 }),
    });
    const org = await call("GET", "org");
    expect((org.body.departments as unknown[]).length).toBe(4);
    const department = (org.body.departments as { id: string; name: string }[])[0];
    if (!department) throw new Error("no department");

    expect(
      (
        await call("POST", "hire", {
          id: "on_x",
          name: "X",
          departmentIds: [department.id],
          status: "active",
        })
      ).status,
    ).toBe(200);
    expect(sandbox.org().users.some((u) => u.id === "on_x")).toBe(true);
    expect((await call("POST", "resign", { id: "on_x" })).status).toBe(200);
    expect(sandbox.org().users.find((u) => u.id === "on_x")?.status).toBe("resigned");
    expect(
      (await call("POST", "rename-department", { id: department.id, name: "改名" })).status,
    ).toBe(200);
    expect(sandbox.org().departments.find((d) => d.id === department.id)?.name).toBe("改名");
    expect(
      (await call("POST", "add-department", { id: "od-c", parentId: "0", name: "C", order: 1 }))
        .status,
    ).toBe(200);
    expect(
      (await call("POST", "move-department", { id: "od-c", parentId: department.id })).status,
    ).toBe(200);
    expect(sandbox.org().departments.find((d) => d.id === "od-c")?.parentId).toBe(department.id);
    expect((await call("POST", "delete-department", { id: "od-c" })).status).toBe(200);
    expect(sandbox.org().departments.some((d) => d.id === "od-c")).toBe(false);

    const faults = await call("POST", "faults", { rate429: 1, resetSeconds: 3 });
    expect(faults.body.faults).toEqual({ rate429: 1, resetSeconds: 3 });
    const stats = await call("GET", "stats");
    expect(stats.body).toMatchObject({ throttled: 0, tokensIssued: 0 });
  });

  it("answers 400 naming the problem for bad input, 404 for unknown endpoints", async () => {
    sandbox = await startFeishuSandbox();
    const bad = await call("POST", "hire", {
      id: "u",
      name: "U",
      departmentIds: [],
      status: "active",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^feishu sandbox: user is invalid: departmentIds/);
    const unknownDepartment = await call("POST", "hire", {
      id: "u",
      name: "U",
      departmentIds: ["od-none"],
      status: "active",
    });
    expect(unknownDepartment.body.error).toMatch(/no department "od-none"/);
    expect((await call("POST", "faults", { rate429: 2 })).status).toBe(400);
    expect((await call("POST", "nothing", {})).status).toBe(404);
  });
});
