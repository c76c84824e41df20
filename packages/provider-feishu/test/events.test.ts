import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { EventOutcome, EventReceiver, SourceUser } from "@orgsync/core";
import { generateOrg } from "@orgsync/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { EventRejectedError, type FeishuProvider, feishuProvider } from "../src/index.ts";
import {
  encryptEvent,
  type RunningFeishuSandbox,
  signEvent,
  startFeishuSandbox,
} from "../src/sandbox/index.ts";
import { FAST_RETRY } from "./helpers.ts";

const ENCRYPT_KEY = "test-encrypt-key";
const TOKEN = "test-verification-token";

interface Delivery {
  headers: Record<string, string>;
  body: string;
  status: number;
  outcome?: EventOutcome;
  error?: Error;
}

/** The tiny webhook endpoint an app would run: hands each request to `receiver.receive`. */
async function webhook(
  receiver: () => EventReceiver,
): Promise<{ url: string; deliveries: Delivery[]; server: Server }> {
  const deliveries: Delivery[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string") headers[name] = value;
    }
    const delivery: Delivery = { headers, body, status: 200 };
    deliveries.push(delivery);
    try {
      delivery.outcome = await receiver().receive({ headers, body });
      const answer = delivery.outcome.kind === "challenge" ? delivery.outcome.response : {};
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    } catch (error) {
      delivery.error = error as Error;
      delivery.status = error instanceof EventRejectedError ? error.status : 500;
      response.writeHead(delivery.status).end((error as Error).message);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/webhook/event`, deliveries, server };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.reverse()) await close();
  cleanup = [];
});

async function setup(keys: {
  sandbox: { encryptKey?: string; verificationToken: string };
  provider: { encryptKey?: string; verificationToken?: string };
}): Promise<{
  sandbox: RunningFeishuSandbox;
  provider: FeishuProvider;
  deliveries: Delivery[];
}> {
  let provider: FeishuProvider | undefined;
  const hook = await webhook(() => {
    if (!provider?.events) throw new Error("provider has no event receiver");
    return provider.events;
  });
  cleanup.push(() => new Promise((resolve) => hook.server.close(() => resolve())));
  const org = generateOrg({ departments: 6, users: 20, seed: 31 });
  const sandbox = await startFeishuSandbox({ org, events: { url: hook.url, ...keys.sandbox } });
  cleanup.push(() => sandbox.close());
  provider = feishuProvider({
    appId: sandbox.app.appId,
    appSecret: sandbox.app.appSecret,
    domain: sandbox.url,
    retry: FAST_RETRY,
    ...keys.provider,
  });
  return { sandbox, provider, deliveries: hook.deliveries };
}

const signed = {
  sandbox: { encryptKey: ENCRYPT_KEY, verificationToken: TOKEN },
  provider: { encryptKey: ENCRYPT_KEY, verificationToken: TOKEN },
};

function newHire(departmentId: string): SourceUser {
  return {
    id: "on_newhire000000000000000000000001",
    name: "新 同事",
    departmentIds: [departmentId],
    primaryDepartmentId: departmentId,
    status: "active",
    raw: { name: "新 同事", email: "xin@example.com", mobile: "+8613800000001" },
  };
}

describe("events", () => {
  it("answers the URL verification challenge", async () => {
    const { sandbox } = await setup(signed);
    const answer = await sandbox.sendChallenge();
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ challenge: answer.challenge });
  });

  it("turns a verified hire, rename and resignation into ids that re-read correctly", async () => {
    const { sandbox, provider, deliveries } = await setup(signed);
    const department = sandbox.org().departments[2]?.id as string;
    const hire = newHire(department);

    await sandbox.hire(hire);
    expect(deliveries.at(-1)?.headers["x-lark-signature"]).toBeDefined();
    expect(deliveries.at(-1)?.outcome).toEqual({
      kind: "changes",
      departmentIds: [],
      userIds: [hire.id],
    });
    const hired = await provider.targeted.users([hire.id]);
    expect(hired.found.map((user) => [user.id, user.name, user.departmentIds])).toEqual([
      [hire.id, "新 同事", [department]],
    ]);

    await sandbox.renameDepartment(department, "改名后的部门");
    expect(deliveries.at(-1)?.outcome).toEqual({
      kind: "changes",
      departmentIds: [department],
      userIds: [],
    });
    const renamed = await provider.targeted.departments([department]);
    expect(renamed.found[0]?.name).toBe("改名后的部门");

    await sandbox.updateUser(hire.id, { name: "新 名字" });
    expect(deliveries.at(-1)?.outcome).toMatchObject({ kind: "changes", userIds: [hire.id] });

    await sandbox.resign(hire.id);
    expect(deliveries.at(-1)?.outcome).toEqual({
      kind: "changes",
      departmentIds: [],
      userIds: [hire.id],
    });
    const resigned = await provider.targeted.users([hire.id]);
    expect(resigned.found[0]?.status).toBe("resigned");
    expect(deliveries.every((delivery) => delivery.status === 200)).toBe(true);
  });

  it("handles the same event delivered twice once", async () => {
    const { sandbox, deliveries } = await setup(signed);
    await sandbox.hire(newHire(sandbox.org().departments[0]?.id as string));
    const first = deliveries.at(-1) as Delivery;
    const replay = await sandbox.pushRaw(first.body, {
      "X-Lark-Request-Timestamp": first.headers["x-lark-request-timestamp"] ?? "",
      "X-Lark-Request-Nonce": first.headers["x-lark-request-nonce"] ?? "",
      "X-Lark-Signature": first.headers["x-lark-signature"] ?? "",
    });
    expect(replay.status).toBe(200);
    expect(deliveries.at(-1)?.outcome).toMatchObject({
      kind: "ignored",
      reason: expect.stringContaining("already received"),
    });
  });

  it("refuses a wrong signature", async () => {
    const { sandbox, deliveries } = await setup(signed);
    await sandbox.hire(newHire(sandbox.org().departments[0]?.id as string));
    const genuine = deliveries.at(-1) as Delivery;
    const result = await sandbox.pushRaw(genuine.body, {
      "X-Lark-Request-Timestamp": genuine.headers["x-lark-request-timestamp"] ?? "",
      "X-Lark-Request-Nonce": "another-nonce",
      "X-Lark-Signature": genuine.headers["x-lark-signature"] ?? "",
    });
    expect(result.status).toBe(401);
    expect(result.body).toMatch(/^feishu \(feishu\): event refused: X-Lark-Signature/);
  });

  it("refuses a body signed and encrypted with another key", async () => {
    const { sandbox } = await setup(signed);
    const body = JSON.stringify({ encrypt: encryptEvent('{"schema":"2.0"}', "other-key") });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const result = await sandbox.pushRaw(body, {
      "X-Lark-Request-Timestamp": timestamp,
      "X-Lark-Request-Nonce": "n",
      "X-Lark-Signature": signEvent(timestamp, "n", "other-key", body),
    });
    expect(result.status).toBe(401);
  });

  it("refuses a correctly signed push older than five minutes (a replay)", async () => {
    const { sandbox } = await setup(signed);
    const event = {
      schema: "2.0",
      header: { event_id: "ev-old", event_type: "contact.user.created_v3", token: TOKEN },
      event: { object: { union_id: "on_x" } },
    };
    const body = JSON.stringify({ encrypt: encryptEvent(JSON.stringify(event), ENCRYPT_KEY) });
    const timestamp = String(Math.floor(Date.now() / 1000) - 600);
    const result = await sandbox.pushRaw(body, {
      "X-Lark-Request-Timestamp": timestamp,
      "X-Lark-Request-Nonce": "n",
      "X-Lark-Signature": signEvent(timestamp, "n", ENCRYPT_KEY, body),
    });
    expect(result.status).toBe(401);
    expect(result.body).toContain("replay");
  });

  it("refuses a wrong verification token (encrypted and plaintext modes)", async () => {
    const encrypted = await setup({
      sandbox: { encryptKey: ENCRYPT_KEY, verificationToken: "the-real-token" },
      provider: { encryptKey: ENCRYPT_KEY, verificationToken: TOKEN },
    });
    await expect(
      encrypted.sandbox.hire(newHire(encrypted.sandbox.org().departments[0]?.id as string)),
    ).rejects.toThrow(/answered 401/);
    expect(encrypted.deliveries.at(-1)?.error?.message).toContain("verification token");

    const plain = await setup({
      sandbox: { verificationToken: "the-real-token" },
      provider: { verificationToken: TOKEN },
    });
    await expect(
      plain.sandbox.hire(newHire(plain.sandbox.org().departments[0]?.id as string)),
    ).rejects.toThrow(/answered 401/);
  });

  it("accepts plaintext pushes with the right token when no Encrypt Key is set", async () => {
    const { sandbox, deliveries } = await setup({
      sandbox: { verificationToken: TOKEN },
      provider: { verificationToken: TOKEN },
    });
    const department = sandbox.org().departments[1]?.id as string;
    await sandbox.renameDepartment(department, "新名字");
    expect(deliveries.at(-1)?.outcome).toEqual({
      kind: "changes",
      departmentIds: [department],
      userIds: [],
    });
  });

  it("maps a scope change to every id added or removed, and ignores other event types", async () => {
    const { sandbox, deliveries } = await setup({
      sandbox: { verificationToken: TOKEN },
      provider: { verificationToken: TOKEN },
    });
    const envelope = (type: string, event: unknown) =>
      JSON.stringify({
        schema: "2.0",
        header: { event_id: `ev-${type}`, event_type: type, token: TOKEN },
        event,
      });
    await sandbox.pushRaw(
      envelope("contact.scope.updated_v3", {
        added: { departments: [{ open_department_id: "od-a" }], users: [{ union_id: "on_a" }] },
        removed: { departments: [{ open_department_id: "od-b" }], users: [{ union_id: "on_b" }] },
      }),
    );
    expect(deliveries.at(-1)?.outcome).toEqual({
      kind: "changes",
      departmentIds: ["od-a", "od-b"],
      userIds: ["on_a", "on_b"],
    });
    await sandbox.pushRaw(envelope("im.message.receive_v1", {}));
    expect(deliveries.at(-1)?.outcome).toMatchObject({ kind: "ignored" });
  });
});
