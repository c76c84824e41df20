import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as lark from "@larksuiteoapi/node-sdk";
import type { SourceSnapshot } from "@orgsync/core";
import { generateOrg } from "@orgsync/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { decryptEvent, encryptEvent, signEvent } from "./event-crypto.ts";
import { type RunningFeishuSandbox, startFeishuSandbox } from "./start-sandbox.ts";

// Events pushed by the sandbox, received by the SDK's own EventDispatcher: if the SDK decrypts
// and verifies them, Feishu-shaped receivers (the provider's included) will too.

const ENCRYPT_KEY = "sandbox-encrypt-key";
const VERIFICATION_TOKEN = "sandbox-verification-token";
const silentLogger = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

interface Received {
  type: string;
  data: Record<string, unknown>;
}

interface Receiver {
  url: string;
  received: Received[];
  raw: { headers: Record<string, string | string[] | undefined>; body: string }[];
  /** Status to answer with; 200 unless a test wants the push to fail. */
  status: number;
  server: Server;
}

const EVENT_TYPES = [
  "contact.user.created_v3",
  "contact.user.updated_v3",
  "contact.user.deleted_v3",
  "contact.department.created_v3",
  "contact.department.updated_v3",
  "contact.department.deleted_v3",
] as const;

async function startReceiver(encryptKey: string | undefined): Promise<Receiver> {
  const receiver = { received: [], raw: [], status: 200 } as unknown as Receiver;
  const dispatcher = new lark.EventDispatcher({
    ...(encryptKey ? { encryptKey } : {}),
    verificationToken: VERIFICATION_TOKEN,
    loggerLevel: lark.LoggerLevel.error,
    logger: silentLogger,
  });
  const handlers: Record<string, (data: Record<string, unknown>) => Promise<string>> = {};
  for (const type of EVENT_TYPES) {
    handlers[type] = async (data) => {
      receiver.received.push({ type, data });
      return "ok";
    };
  }
  dispatcher.register(handlers as Parameters<typeof dispatcher.register>[0]);
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    receiver.raw.push({ headers: request.headers, body });
    // As the SDK's adapters do: headers on the prototype, so JSON.stringify(data) skips them.
    const data = Object.assign(Object.create({ headers: request.headers }), JSON.parse(body));
    const { isChallenge, challenge } = lark.generateChallenge(data, {
      encryptKey: encryptKey ?? "",
    });
    if (isChallenge) {
      response.end(JSON.stringify(challenge));
      return;
    }
    const value = await dispatcher.invoke(data);
    // The SDK answers 200 even when verification fails; this receiver says so, for the test.
    response.statusCode = value === undefined ? 401 : receiver.status;
    response.end(JSON.stringify(value ?? null));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.server = server;
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  return receiver;
}

let sandbox: RunningFeishuSandbox | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await sandbox?.close();
  if (receiver) {
    receiver.server.closeAllConnections();
    await new Promise((resolve) => receiver?.server.close(resolve));
  }
  sandbox = undefined;
  receiver = undefined;
});

const org = (): SourceSnapshot => generateOrg({ departments: 6, users: 20, seed: 11 });

async function start(key: string | null = ENCRYPT_KEY) {
  const encryptKey = key ?? undefined;
  receiver = await startReceiver(encryptKey);
  sandbox = await startFeishuSandbox({
    org: org(),
    events: {
      url: receiver.url,
      verificationToken: VERIFICATION_TOKEN,
      ...(encryptKey ? { encryptKey } : {}),
    },
  });
  return { sandbox, receiver };
}

describe("event crypto", () => {
  it("round-trips, and the SDK's AESCipher decrypts it", () => {
    const json = JSON.stringify({ hello: "飞书", n: 1 });
    const encrypted = encryptEvent(json, "k");
    expect(decryptEvent(encrypted, "k")).toBe(json);
    expect(new lark.AESCipher("k").decrypt(encrypted)).toBe(json);
    expect(() => decryptEvent(encrypted, "other")).toThrow();
  });

  it("signs as sha256(ts + nonce + key + body)", () => {
    // Fixed vector: recomputed independently with `printf %s … | sha256sum`.
    expect(signEvent("1", "n", "k", "{}")).toBe(
      "fbd3ecb62fa42b9df3d6535b48b10c06baffa1d019f207aa63dc69364da02a05",
    );
    expect(signEvent("1", "n", "k", "{}")).not.toBe(signEvent("1", "n", "k", "{ }"));
  });
});

describe("pushed events", () => {
  it("pushes an encrypted, signed contact.user.created_v3 the SDK verifies", async () => {
    const { sandbox, receiver } = await start();
    const departmentId = sandbox.org().departments[0]?.id as string;
    await sandbox.hire({
      id: "on_new_hire",
      name: "新 员工",
      departmentIds: [departmentId],
      status: "active",
      raw: { email: "new@example.com", employee_no: "E999" },
    });
    expect(receiver.received).toHaveLength(1);
    const [event] = receiver.received;
    expect(event?.type).toBe("contact.user.created_v3");
    expect(event?.data).toMatchObject({
      schema: "2.0",
      token: VERIFICATION_TOKEN,
      app_id: sandbox.app.appId,
      object: {
        union_id: "on_new_hire",
        name: "新 员工",
        department_ids: [departmentId],
        email: "new@example.com",
      },
    });
    const raw = receiver.raw[0];
    expect(raw?.body).toMatch(/^\{"encrypt":"[A-Za-z0-9+/=]+"\}$/);
    const headers = raw?.headers ?? {};
    expect(headers["x-lark-signature"]).toBe(
      signEvent(
        headers["x-lark-request-timestamp"] as string,
        headers["x-lark-request-nonce"] as string,
        ENCRYPT_KEY,
        raw?.body as string,
      ),
    );
  });

  it("sends old_object with only the changed fields, and unique event ids", async () => {
    const { sandbox, receiver } = await start();
    const snapshot = sandbox.org();
    const user = snapshot.users.find((u) => u.departmentIds[0] !== "0");
    const [first, second] = snapshot.departments;
    if (!user || !first || !second) throw new Error("test org too small");
    await sandbox.updateUser(user.id, { name: "改 名" });
    await sandbox.renameDepartment(first.id, "新名字");
    await sandbox.resign(user.id);
    const nth = (index: number): Received => {
      const event = receiver.received[index];
      if (!event) throw new Error(`event #${index} was not received`);
      return event;
    };
    const updated = nth(0).data;
    expect(updated.old_object).toEqual({ name: user.name });
    expect((updated.object as { name: string }).name).toBe("改 名");
    const renamed = nth(1).data;
    expect(renamed.event_type).toBe("contact.department.updated_v3");
    // Only what changed: the name (and its zh_cn translation), never the untouched fields.
    expect(renamed.old_object).toMatchObject({ name: first.name });
    expect(Object.keys(renamed.old_object as object).sort()).toEqual(["i18n_name", "name"]);
    expect(typeof (renamed.object as { order: unknown }).order).toBe("number");
    const deleted = nth(2);
    expect(deleted.type).toBe("contact.user.deleted_v3");
    expect(deleted.data.old_object).toMatchObject({ department_ids: user.departmentIds });
    expect((deleted.data.object as { status: { is_resigned: boolean } }).status.is_resigned).toBe(
      true,
    );
    const ids = receiver.received.map((r) => r.data.event_id);
    expect(new Set(ids).size).toBe(3);
    expect(sandbox.org().users.find((u) => u.id === user.id)?.status).toBe("resigned");
  });

  it("pushes department created, moved and deleted events", async () => {
    const { sandbox, receiver } = await start();
    const parent = sandbox.org().departments[0]?.id as string;
    await sandbox.addDepartment({ id: "od-new", parentId: "0", name: "新部门", order: 5, raw: {} });
    await sandbox.moveDepartment("od-new", parent);
    await sandbox.deleteDepartment("od-new");
    expect(receiver.received.map((r) => r.type)).toEqual([
      "contact.department.created_v3",
      "contact.department.updated_v3",
      "contact.department.deleted_v3",
    ]);
    expect(receiver.received[1]?.data.old_object).toEqual({ parent_department_id: "0" });
    expect(receiver.received[2]?.data.old_object).toEqual({
      status: { is_deleted: false },
      open_department_id: "od-new",
    });
    await expect(sandbox.moveDepartment(parent, parent)).rejects.toThrow(
      /feishu sandbox: .*own subtree/,
    );
  });

  it("pushes plain JSON with the verification token when there is no encrypt key", async () => {
    const { sandbox, receiver } = await start(null);
    await sandbox.renameDepartment(sandbox.org().departments[0]?.id as string, "X");
    const raw = receiver.raw[0];
    expect(raw?.headers["x-lark-signature"]).toBeUndefined();
    expect(JSON.parse(raw?.body as string).header.token).toBe(VERIFICATION_TOKEN);
  });

  it("answers a url_verification challenge", async () => {
    const { sandbox } = await start();
    const result = await sandbox.sendChallenge();
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ challenge: result.challenge });
  });

  it("rejects when the receiver answers non-2xx; pushRaw lets tests send bad signatures", async () => {
    const { sandbox, receiver } = await start();
    receiver.status = 500;
    await expect(
      sandbox.renameDepartment(sandbox.org().departments[0]?.id as string, "Y"),
    ).rejects.toThrow(/feishu sandbox: event receiver .* answered 500/);
    receiver.status = 200;
    const body = JSON.stringify({
      encrypt: encryptEvent(
        JSON.stringify({
          schema: "2.0",
          header: { event_type: "contact.user.created_v3" },
          event: {},
        }),
        ENCRYPT_KEY,
      ),
    });
    const forged = await sandbox.pushRaw(body, {
      "X-Lark-Request-Timestamp": "1",
      "X-Lark-Request-Nonce": "n",
      "X-Lark-Signature": "0".repeat(64),
    });
    expect(forged.status).toBe(401);
    const genuine = await sandbox.pushRaw(body, {
      "X-Lark-Request-Timestamp": "1",
      "X-Lark-Request-Nonce": "n",
      "X-Lark-Signature": signEvent("1", "n", ENCRYPT_KEY, body),
    });
    expect(genuine.status).toBe(200);
  });
});
