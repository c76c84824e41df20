import * as lark from "@larksuiteoapi/node-sdk";
import type { SourceSnapshot } from "@orgsync/core";
import { generateOrg } from "@orgsync/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningFeishuSandbox, startFeishuSandbox } from "./start-sandbox.ts";
import type { SandboxOptions } from "./types.ts";

// The real SDK against the sandbox: whatever passes here is what the provider will meet.

const silentLogger = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

let sandbox: RunningFeishuSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(options: SandboxOptions = {}): Promise<RunningFeishuSandbox> {
  sandbox = await startFeishuSandbox(options);
  return sandbox;
}

function clientFor(
  running: RunningFeishuSandbox,
  credentials: { appId?: string; appSecret?: string } = {},
): lark.Client {
  return new lark.Client({
    appId: credentials.appId ?? running.app.appId,
    appSecret: credentials.appSecret ?? running.app.appSecret,
    domain: running.url,
    // Per-client cache: the default one is process-global and would leak tokens between tests.
    cache: new lark.DefaultCache(),
    loggerLevel: lark.LoggerLevel.error,
    // Rejections are asserted below; the SDK would also print each one.
    logger: silentLogger,
  });
}

/** The HTTP status and Feishu code of a call, whether the SDK resolved or rejected. */
async function outcome(call: Promise<{ code?: number }>): Promise<{
  status: number;
  code: number | undefined;
  headers?: Record<string, string>;
}> {
  try {
    const result = await call;
    return { status: 200, code: result.code };
  } catch (error) {
    const response = (
      error as { response?: { status: number; data: unknown; headers: Record<string, string> } }
    ).response;
    if (!response) throw error;
    return {
      status: response.status,
      code: (response.data as { code?: number } | undefined)?.code,
      headers: response.headers,
    };
  }
}

type Department = {
  open_department_id?: string;
  department_id?: string;
  parent_department_id?: string;
  order?: string;
  name?: string;
};
type User = Record<string, unknown> & {
  union_id?: string;
  open_id?: string;
  department_ids?: string[];
};

async function allChildren(
  client: lark.Client,
  id: string,
  params: Record<string, unknown> = {},
): Promise<{ items: Department[]; pages: number; tokens: string[] }> {
  const items: Department[] = [];
  const tokens: string[] = [];
  let pageToken: string | undefined;
  let pages = 0;
  do {
    const page = await client.contact.v3.department.children({
      path: { department_id: id },
      params: {
        fetch_child: true,
        page_size: 7,
        ...params,
        ...(pageToken ? { page_token: pageToken } : {}),
      },
    });
    expect(page.code).toBe(0);
    pages++;
    items.push(...((page.data?.items ?? []) as Department[]));
    if (page.data?.has_more) {
      expect(page.data.page_token).toBeTruthy();
      tokens.push(page.data.page_token as string);
    } else {
      expect(page.data).not.toHaveProperty("page_token");
    }
    pageToken = page.data?.has_more ? page.data.page_token : undefined;
  } while (pageToken);
  return { items, pages, tokens };
}

async function allMembers(
  client: lark.Client,
  departmentId: string,
  params: Record<string, string> = {},
): Promise<User[]> {
  const users: User[] = [];
  let pageToken: string | undefined;
  do {
    const page = await client.contact.v3.user.findByDepartment({
      params: {
        department_id: departmentId,
        page_size: 3,
        ...params,
        ...(pageToken ? { page_token: pageToken } : {}),
      },
    });
    expect(page.code).toBe(0);
    users.push(...((page.data?.items ?? []) as User[]));
    pageToken = page.data?.has_more ? page.data.page_token : undefined;
  } while (pageToken);
  return users;
}

const org = (): SourceSnapshot =>
  generateOrg({
    departments: 30,
    users: 120,
    seed: 7,
    rootUserShare: 0.05,
    multiDepartmentShare: 0.2,
  });

describe("token", () => {
  it("issues a tenant_access_token the SDK uses", async () => {
    const running = await start({ org: org() });
    const result = await clientFor(running).contact.v3.department.children({
      path: { department_id: "0" },
    });
    expect(result.code).toBe(0);
    expect(running.stats.tokensIssued).toBe(1);
    expect(running.stats.calls).toMatchObject({ token: 1, children: 1 });
  });

  it("answers 10003 for an unknown app id and 10014 for a wrong secret", async () => {
    const running = await start();
    const call = (credentials: { appId?: string; appSecret?: string }) =>
      clientFor(running, credentials).contact.v3.department.children({
        path: { department_id: "0" },
      });
    await expect(call({ appId: "cli_nobody" })).rejects.toThrow(/code: 10003/);
    await expect(call({ appSecret: "wrong" })).rejects.toThrow(/code: 10014/);
    const body = await fetch(`${running.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: "POST",
      body: JSON.stringify({ app_id: running.app.appId, app_secret: running.app.appSecret }),
    });
    expect(body.status).toBe(200);
    expect(await body.json()).toMatchObject({
      code: 0,
      expire: 7200,
      tenant_access_token: expect.stringMatching(/^t-/),
    });
  });

  it("answers 99991661 without a token and 99991663 for a bad one", async () => {
    const running = await start();
    const path = `${running.url}/open-apis/contact/v3/departments/0/children`;
    const missing = await fetch(path);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: 99991661 });
    const bad = await fetch(path, { headers: { authorization: "Bearer t-forged" } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 99991663 });
  });

  it("expires a token after tokenTtlCalls calls, with a configurable status", async () => {
    const running = await start({
      org: org(),
      faults: { tokenTtlCalls: 2 },
      invalidTokenStatus: 200,
    });
    const client = clientFor(running);
    const call = () => client.contact.v3.department.children({ path: { department_id: "0" } });
    expect((await call()).code).toBe(0);
    expect((await call()).code).toBe(0);
    // HTTP 200 + code: the SDK resolves, and keeps its cached token (it never refreshes itself).
    expect((await call()).code).toBe(99991663);
    expect((await call()).code).toBe(99991663);
    expect(running.stats.calls.token).toBe(1);
  });
});

describe("departments", () => {
  it("lists every department exactly once under the root with fetch_child, paged", async () => {
    const snapshot = org();
    const running = await start({ org: snapshot });
    const { items, pages, tokens } = await allChildren(clientFor(running), "0");
    expect(pages).toBe(Math.ceil(snapshot.departments.length / 7));
    expect(items.map((d) => d.open_department_id).sort()).toEqual(
      snapshot.departments.map((d) => d.id).sort(),
    );
    // Opaque tokens that need URL-encoding: the SDK's qs does it, a hand-rolled client must too.
    for (const token of tokens) expect(token).toMatch(/[+/=]/);
    const first = items[0] as Department & Record<string, unknown>;
    expect(typeof first.order).toBe("string");
    expect(first).toMatchObject({ status: { is_deleted: false } });
  });

  it("lists direct children by order then id, each with its parent", async () => {
    const snapshot = org();
    const running = await start({ org: snapshot });
    const { items } = await allChildren(clientFor(running), "0", { fetch_child: false });
    const expected = snapshot.departments
      .filter((d) => d.parentId === "0")
      .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
    expect(items.map((d) => d.open_department_id)).toEqual(expected.map((d) => d.id));
    expect(items.every((d) => d.parent_department_id === "0")).toBe(true);
  });

  it("renders and reads custom department ids with department_id_type=department_id", async () => {
    const snapshot = org();
    const running = await start({ org: snapshot });
    const client = clientFor(running);
    const nested = snapshot.departments.find((d) => d.parentId !== "0");
    if (!nested) throw new Error("test org has no nested department");
    const parent = snapshot.departments.find((d) => d.id === nested.parentId);
    const custom = parent?.raw.department_id as string;
    const { items } = await allChildren(client, custom, {
      department_id_type: "department_id",
      fetch_child: false,
    });
    const rendered = items.find((d) => d.open_department_id === nested.id);
    expect(rendered?.parent_department_id).toBe(custom);
    expect(rendered?.department_id).toBe(nested.raw.department_id);

    const single = await client.contact.v3.department.get({
      path: { department_id: nested.raw.department_id as string },
      params: { department_id_type: "department_id" },
    });
    expect(single.data?.department?.open_department_id).toBe(nested.id);

    const batch = await client.contact.v3.department.batch({
      params: { department_ids: [nested.id, parent?.id as string] },
    });
    expect(batch.data?.items?.map((d) => d.open_department_id)).toEqual([nested.id, parent?.id]);
  });

  it("shows the root as the tenant on GET departments/0", async () => {
    const snapshot = org();
    const running = await start({ org: snapshot });
    const root = await clientFor(running).contact.v3.department.get({
      path: { department_id: "0" },
    });
    expect(root.data?.department).toMatchObject({
      open_department_id: "0",
      member_count: snapshot.users.length,
    });
  });

  it("answers 40011 for page_size 51, 40012 for a bad page_token, 40015 for an unknown department", async () => {
    const running = await start({ org: org() });
    const client = clientFor(running);
    expect(
      await outcome(
        client.contact.v3.department.children({
          path: { department_id: "0" },
          params: { page_size: 51 },
        }),
      ),
    ).toMatchObject({ status: 400, code: 40011 });
    expect(
      await outcome(
        client.contact.v3.department.children({
          path: { department_id: "0" },
          params: { page_token: "not-a-token" },
        }),
      ),
    ).toMatchObject({ status: 400, code: 40012 });
    expect(
      await outcome(client.contact.v3.department.get({ path: { department_id: "od-nope" } })),
    ).toMatchObject({ status: 400, code: 40015 });
    expect(
      await outcome(
        client.contact.v3.user.findByDepartment({ params: { department_id: "0", page_size: 51 } }),
      ),
    ).toMatchObject({ status: 400, code: 40011 });
  });

  it("rejects a page token from another listing", async () => {
    const snapshot = org();
    const running = await start({ org: snapshot });
    const client = clientFor(running);
    const first = await client.contact.v3.department.children({
      path: { department_id: "0" },
      params: { fetch_child: true, page_size: 2 },
    });
    const token = first.data?.page_token as string;
    // Same listing but not recursive: a different listing, so the token is unknown there.
    expect(
      await outcome(
        client.contact.v3.department.children({
          path: { department_id: "0" },
          params: { page_size: 2, page_token: token },
        }),
      ),
    ).toMatchObject({ code: 40012 });
  });
});

describe("users", () => {
  it("pages direct members; a multi-department user is in each; root users come from 0", async () => {
    const snapshot = org();
    const running = await start({ org: snapshot });
    const client = clientFor(running);
    const seen = new Map<string, string[]>();
    for (const id of ["0", ...snapshot.departments.map((d) => d.id)]) {
      for (const user of await allMembers(client, id, { user_id_type: "union_id" })) {
        seen.set(user.union_id as string, [...(seen.get(user.union_id as string) ?? []), id]);
        expect(user.department_ids).toContain(id);
      }
    }
    for (const user of snapshot.users) {
      expect(seen.get(user.id)?.sort(), user.id).toEqual([...user.departmentIds].sort());
    }
    expect(snapshot.users.some((u) => u.departmentIds.length > 1)).toBe(true);
    expect(snapshot.users.some((u) => u.departmentIds[0] === "0")).toBe(true);
  });

  it("renders the id types, statuses and orders", async () => {
    const snapshot = org();
    const frozen = snapshot.users[0];
    if (!frozen) throw new Error("empty org");
    frozen.status = "frozen";
    frozen.departmentIds = ["0"];
    frozen.primaryDepartmentId = "0";
    const running = await start({ org: snapshot });
    const client = clientFor(running);
    const [byUnion] = (await allMembers(client, "0", { user_id_type: "union_id" })).filter(
      (u) => u.union_id === frozen.id,
    );
    expect(byUnion).toMatchObject({
      union_id: frozen.id,
      name: frozen.name,
      status: { is_frozen: true, is_resigned: false, is_unjoin: false },
      orders: [{ department_id: "0", is_primary_dept: true }],
    });
    expect(byUnion?.open_id).toMatch(/^ou_/);
    expect(byUnion?.open_id).not.toBe(frozen.id);
    expect(byUnion?.user_id).toBe(frozen.raw.user_id);
    // The open_id it was given is also what a get by open_id finds.
    const single = await client.contact.v3.user.get({
      path: { user_id: byUnion?.open_id as string },
    });
    expect(single.data?.user?.union_id).toBe(frozen.id);
  });

  it("renders department_ids in the requested department_id_type", async () => {
    const snapshot = org();
    const running = await start({ org: snapshot });
    const member = snapshot.users.find((u) => u.departmentIds[0] !== "0");
    const department = snapshot.departments.find((d) => d.id === member?.departmentIds[0]);
    const users = await allMembers(clientFor(running), department?.raw.department_id as string, {
      department_id_type: "department_id",
      user_id_type: "union_id",
    });
    const found = users.find((u) => u.union_id === member?.id);
    expect(found?.department_ids).toContain(department?.raw.department_id);
  });
});

describe("permissions and contact scope", () => {
  it("answers 99991672 naming the scopes when the app may not read departments or users", async () => {
    const running = await start({
      org: org(),
      app: { appId: "cli_p", appSecret: "s", scopes: ["contact:user.base:readonly"] },
    });
    const client = clientFor(running);
    const denied = await outcome(
      client.contact.v3.department.children({ path: { department_id: "0" } }),
    );
    expect(denied).toMatchObject({ status: 400, code: 99991672 });
    const raw = await client.contact.v3.user.findByDepartment({ params: { department_id: "0" } });
    expect(raw.code).toBe(0);

    running.setApp({ scopes: ["contact:department.organize:readonly"] });
    try {
      await client.contact.v3.user.findByDepartment({ params: { department_id: "0" } });
      expect.unreachable();
    } catch (error) {
      const data = (
        error as {
          response: {
            data: { code: number; error: { permission_violations: { subject: string }[] } };
          };
        }
      ).response.data;
      expect(data.code).toBe(99991672);
      expect(data.error.permission_violations.map((v) => v.subject)).toEqual(
        expect.arrayContaining(["contact:user.base:readonly", "contact:contact:readonly_as_app"]),
      );
    }
  });

  it("hides fields silently without their field permissions", async () => {
    const running = await start({
      org: org(),
      app: { appId: "cli_f", appSecret: "s", scopes: ["contact:contact:readonly_as_app"] },
    });
    const client = clientFor(running);
    const users = await allMembers(client, "0");
    expect(users.length).toBeGreaterThan(0);
    for (const user of users) {
      for (const field of [
        "email",
        "enterprise_email",
        "mobile",
        "user_id",
        "employee_no",
        "job_title",
        "employee_type",
      ]) {
        expect(user, field).not.toHaveProperty(field);
      }
      expect(user.name).toBeTruthy();
    }
    running.setApp({ scopes: ["contact:contact:readonly_as_app", "contact:user.email:readonly"] });
    const withEmail = await allMembers(client, "0");
    expect(withEmail.some((u) => typeof u.email === "string")).toBe(true);
    expect(withEmail.some((u) => "mobile" in u)).toBe(false);
  });

  it("answers 403/40004 outside a limited contact scope", async () => {
    const snapshot = org();
    const top = snapshot.departments.filter((d) => d.parentId === "0");
    const [inside, outside] = top;
    if (!inside || !outside) throw new Error("test org needs two top-level departments");
    const running = await start({
      org: snapshot,
      app: { appId: "cli_s", appSecret: "s", contactScope: [inside.id] },
    });
    const client = clientFor(running);
    expect(
      await outcome(client.contact.v3.department.children({ path: { department_id: "0" } })),
    ).toMatchObject({ status: 403, code: 40004 });
    expect(
      await outcome(client.contact.v3.user.findByDepartment({ params: { department_id: "0" } })),
    ).toMatchObject({ status: 403, code: 40004 });
    expect(
      await outcome(client.contact.v3.department.get({ path: { department_id: outside.id } })),
    ).toMatchObject({ status: 403, code: 40004 });
    expect(
      (await client.contact.v3.department.children({ path: { department_id: inside.id } })).code,
    ).toBe(0);
    const scopes = await client.contact.v3.scope.list({});
    expect(scopes.data?.department_ids).toEqual([inside.id]);
  });

  it("answers 40004 for noAuthorityDepartments", async () => {
    const snapshot = org();
    const target = snapshot.departments[3]?.id as string;
    const running = await start({ org: snapshot, faults: { noAuthorityDepartments: [target] } });
    const client = clientFor(running);
    expect(
      await outcome(client.contact.v3.user.findByDepartment({ params: { department_id: target } })),
    ).toMatchObject({ status: 403, code: 40004 });
  });
});

describe("faults", () => {
  it("injects 429s at a seeded rate, with Feishu's headers and body", async () => {
    const run = async () => {
      const running = await start({
        org: org(),
        seed: 42,
        faults: { rate429: 0.3, resetSeconds: 2 },
      });
      const client = clientFor(running);
      const results = [];
      for (let i = 0; i < 20; i++) {
        results.push(
          await outcome(client.contact.v3.department.children({ path: { department_id: "0" } })),
        );
      }
      const throttled = running.stats.throttled;
      await running.close();
      sandbox = undefined;
      return { results, throttled };
    };
    const first = await run();
    const limited = first.results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.length).toBeLessThan(20);
    expect(first.throttled).toBe(limited.length);
    for (const result of limited) {
      expect(result.code).toBe(99991400);
      expect(result.headers?.["x-ogw-ratelimit-reset"]).toBe("2");
      expect(result.headers?.["x-ogw-ratelimit-limit"]).toBeTruthy();
    }
    // Same seed, same faults.
    const second = await run();
    expect(second.results.map((r) => r.status)).toEqual(first.results.map((r) => r.status));
  });

  it("enforces 50 calls per second per app", async () => {
    const running = await start({ org: org(), faults: { enforceLimits: true } });
    const client = clientFor(running);
    await client.contact.v3.department.children({ path: { department_id: "0" } }); // fetches the token
    const results = await Promise.all(
      Array.from({ length: 51 }, () =>
        outcome(client.contact.v3.department.children({ path: { department_id: "0" } })),
      ),
    );
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(limited[0]?.headers?.["x-ogw-ratelimit-limit"]).toBe("50");
    expect(Number(limited[0]?.headers?.["x-ogw-ratelimit-reset"])).toBe(1);
    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(49);
  });

  it("answers 5xx at a rate, some not JSON", async () => {
    const running = await start({ org: org(), seed: 3, faults: { rate5xx: 1 } });
    const statuses = new Set<number>();
    const client = clientFor(running);
    for (let i = 0; i < 12; i++) {
      statuses.add(
        (await outcome(client.contact.v3.department.children({ path: { department_id: "0" } })))
          .status,
      );
    }
    expect([...statuses].every((s) => s >= 500)).toBe(true);
    expect(statuses.size).toBeGreaterThan(1);
    expect(running.stats.serverErrors).toBe(12);
  });

  it("fails the n-th call of a route once (failCall)", async () => {
    const running = await start({
      org: org(),
      faults: { failCall: [{ route: "findByDepartment", nth: 2, status: 500, code: 55001 }] },
    });
    const client = clientFor(running);
    const call = () =>
      outcome(client.contact.v3.user.findByDepartment({ params: { department_id: "0" } }));
    expect((await call()).status).toBe(200);
    expect(await call()).toMatchObject({ status: 500, code: 55001 });
    expect((await call()).status).toBe(200);
  });

  it("adds latency", async () => {
    const running = await start({ org: org(), faults: { latencyMs: 60 } });
    const client = clientFor(running);
    await client.contact.v3.department.children({ path: { department_id: "0" } });
    const started = performance.now();
    await client.contact.v3.department.children({ path: { department_id: "0" } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("logs every request and resets stats", async () => {
    const running = await start({ org: org() });
    await clientFor(running).contact.v3.department.children({
      path: { department_id: "0" },
      params: { page_size: 5 },
    });
    expect(running.log.map((e) => [e.method, e.path, e.status])).toEqual([
      ["POST", "/open-apis/auth/v3/tenant_access_token/internal", 200],
      ["GET", "/open-apis/contact/v3/departments/0/children", 200],
    ]);
    expect(running.log[1]?.query).toBe("page_size=5");
    running.resetStats();
    expect(running.stats.calls).toEqual({});
    expect(running.log).toEqual([]);
  });
});
