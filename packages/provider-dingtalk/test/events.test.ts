import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CallbackCryptoError,
  callbackCrypto,
  type EventDelivery,
  type EventOutcome,
  type EventReceiver,
} from "@orgsync/core";
import { afterEach, describe, expect, it } from "vitest";
import { dingtalkProvider } from "../src/index.ts";
import {
  DEFAULT_APP,
  type RunningDingTalkSandbox,
  startDingTalkSandbox,
} from "../src/sandbox/index.ts";
import { dingtalkOrg } from "./helpers.ts";

const TOKEN = "callback-token";
const AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

const receiver = (overrides: { callbackAesKey?: string; callbackReceiverId?: string } = {}) => {
  const events = dingtalkProvider({
    ...DEFAULT_APP,
    callbackToken: TOKEN,
    callbackAesKey: AES_KEY,
    ...overrides,
  }).events;
  if (!events) throw new Error("no event receiver");
  return events;
};

/** A tiny callback endpoint: hands each push to the receiver and answers what it says. */
async function listen(
  events: EventReceiver,
): Promise<{ url: string; outcomes: EventOutcome[]; server: Server }> {
  const outcomes: EventOutcome[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? "/", "http://x");
    try {
      const outcome = await events.receive({
        method: "POST",
        query: Object.fromEntries(url.searchParams),
        headers: {},
        body: Buffer.concat(chunks).toString(),
      });
      outcomes.push(outcome);
      const reply = outcome.reply && "json" in outcome.reply ? outcome.reply.json : {};
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
    } catch (error) {
      response.writeHead(401).end((error as Error).message);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    outcomes,
    server,
  };
}

/** A delivery as DingTalk makes it, from any crypto (a wrong one, for the refusals). */
function delivery(
  payload: unknown,
  crypto = callbackCrypto(TOKEN, AES_KEY, DEFAULT_APP.appKey, "t"),
): EventDelivery {
  const encrypt = crypto.encrypt(JSON.stringify(payload));
  const timestamp = "1700000000000";
  const nonce = "abc123";
  return {
    method: "POST",
    query: { signature: crypto.sign(timestamp, nonce, encrypt), timestamp, nonce },
    headers: {},
    body: JSON.stringify({ encrypt }),
  };
}

let sandbox: RunningDingTalkSandbox | undefined;
let server: Server | undefined;
afterEach(async () => {
  await sandbox?.close();
  server?.close();
  sandbox = undefined;
  server = undefined;
});

describe("DingTalk callbacks", () => {
  it("turns the sandbox's pushes into hints and acknowledges each with an encrypted success", async () => {
    const endpoint = await listen(receiver());
    server = endpoint.server;
    const org = dingtalkOrg({ departments: 4, users: 10, seed: 1 });
    sandbox = await startDingTalkSandbox({
      org,
      events: { url: endpoint.url, token: TOKEN, aesKey: AES_KEY },
    });
    const user = org.users[0]?.id as string;
    const department = org.departments[0]?.id as string;

    await sandbox.hire({
      id: "newbie",
      name: "新人",
      departmentIds: [department],
      status: "active",
      raw: {},
    });
    await sandbox.updateUser(user, { name: "改名" });
    await sandbox.resign(user);
    await sandbox.addDepartment({ id: "777", parentId: "1", name: "新部门", order: 9, raw: {} });
    await sandbox.renameDepartment("777", "改名部门");
    await sandbox.moveDepartment("777", department);
    await sandbox.deleteDepartment("777");
    await sandbox.push("bpms_task_change", { processInstanceId: "x" });

    expect(endpoint.outcomes.map(({ reply: _, ...rest }) => rest)).toEqual([
      { kind: "changes", departmentIds: [], userIds: ["newbie"] },
      { kind: "changes", departmentIds: [], userIds: [user] },
      { kind: "changes", departmentIds: [], userIds: [user] },
      { kind: "changes", departmentIds: ["777"], userIds: [] },
      { kind: "changes", departmentIds: ["777"], userIds: [] },
      { kind: "changes", departmentIds: ["777"], userIds: [] },
      { kind: "changes", departmentIds: ["777"], userIds: [] },
      { kind: "ignored", reason: expect.stringContaining("bpms_task_change") },
    ]);
    expect(sandbox.stats).toMatchObject({ pushes: 8, pushFailures: 0 });
  });

  it("answers the URL check with the encrypted success", async () => {
    const endpoint = await listen(receiver());
    server = endpoint.server;
    sandbox = await startDingTalkSandbox({
      events: { url: endpoint.url, token: TOKEN, aesKey: AES_KEY },
    });
    const result = await sandbox.push("check_url");
    expect(result?.acknowledged).toBe(true);
    expect(endpoint.outcomes[0]?.kind).toBe("challenge");
    const reply = endpoint.outcomes[0]?.reply as { json: Record<string, string> };
    const crypto = callbackCrypto(TOKEN, AES_KEY, DEFAULT_APP.appKey, "t");
    expect(crypto.decrypt(reply.json.encrypt as string)).toBe("success");
    expect(reply.json.msg_signature).toBe(
      crypto.sign(
        reply.json.timeStamp as string,
        reply.json.nonce as string,
        reply.json.encrypt as string,
      ),
    );
  });

  it("counts a push the receiver does not acknowledge", async () => {
    const endpoint = await listen(receiver({ callbackReceiverId: "someone-else" }));
    server = endpoint.server;
    sandbox = await startDingTalkSandbox({
      events: { url: endpoint.url, token: TOKEN, aesKey: AES_KEY },
    });
    expect((await sandbox.push("check_url"))?.acknowledged).toBe(false);
    expect(sandbox.stats.pushFailures).toBe(1);
  });

  it("decodes numeric DeptId lists and accepts msg_signature", async () => {
    const d = delivery({ EventType: "org_dept_remove", DeptId: [12, 13] });
    const query = { ...d.query, msg_signature: d.query?.signature ?? "" };
    delete (query as Record<string, string>).signature;
    const outcome = await receiver().receive({ ...d, query });
    expect(outcome).toMatchObject({ kind: "changes", departmentIds: ["12", "13"], userIds: [] });
  });

  it("refuses a bad signature, a wrong key and a wrong receiver id with what to check", async () => {
    const good = delivery({ EventType: "user_add_org", UserId: ["u1"] });
    await expect(
      receiver().receive({ ...good, query: { ...good.query, signature: "0".repeat(40) } }),
    ).rejects.toThrow(/signature does not match.*Token/);

    const wrongKey = callbackCrypto(TOKEN, "a".repeat(43), DEFAULT_APP.appKey, "t");
    await expect(receiver().receive(delivery({ EventType: "x" }, wrongKey))).rejects.toThrow(
      /EncodingAESKey/,
    );

    const otherApp = callbackCrypto(TOKEN, AES_KEY, "another-app", "t");
    const error = await receiver()
      .receive(delivery({ EventType: "x" }, otherApp))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CallbackCryptoError);
    expect((error as Error).message).toMatch(/^dingtalk \(dingtalk\): .*"another-app"/);

    await expect(receiver().receive({ headers: {}, body: "{}" })).rejects.toThrow(
      /lacks signature/,
    );
  });
});
