import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { callbackCrypto, type EventOutcome, type SourceSnapshot } from "@orgsync/core";
import { conformanceOrg } from "@orgsync/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { wecomEventReceiver } from "../src/index.ts";
import { startWeComSandbox } from "../src/sandbox/index.ts";

const TOKEN = "QDG6eK";
const AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
const CORP = "wwsandboxcorp";
const org: SourceSnapshot = conformanceOrg("1", { departmentIds: "numeric" });

const receiver = (overrides: { corpId?: string; encodingAesKey?: string; token?: string } = {}) =>
  wecomEventReceiver({
    flag: "wecom",
    corpId: CORP,
    token: TOKEN,
    encodingAesKey: AES_KEY,
    ...overrides,
  });

/** A callback server as the API would run it: query + body → receiver → the reply's text. */
async function callbackServer() {
  const events = receiver();
  const outcomes: EventOutcome[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://x");
      events
        .receive({
          method: request.method === "GET" ? "GET" : "POST",
          query: Object.fromEntries(url.searchParams),
          headers: {},
          body: Buffer.concat(chunks).toString("utf8"),
        })
        .then(
          (outcome) => {
            outcomes.push(outcome);
            const reply = outcome.reply;
            response.end(reply && "text" in reply ? reply.text : "");
          },
          (error: Error) => {
            response.statusCode = 401;
            response.end(error.message);
          },
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom`;
  return {
    url,
    outcomes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What WeCom would POST for `inner` (a decrypted change_contact XML). */
function delivery(inner: string, crypto = callbackCrypto(TOKEN, AES_KEY, CORP, "test")) {
  const encrypted = crypto.encrypt(inner);
  return {
    method: "POST" as const,
    query: {
      msg_signature: crypto.sign("1700000000", "n1", encrypted),
      timestamp: "1700000000",
      nonce: "n1",
    },
    headers: {},
    body: `<xml><ToUserName><![CDATA[${CORP}]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`,
  };
}

const change = (fields: string) =>
  `<xml><ToUserName><![CDATA[${CORP}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event>${fields}</xml>`;

describe("wecom change_contact events", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("answers the sandbox's URL check and turns its pushes into hints", async () => {
    const callback = await callbackServer();
    cleanups.push(callback.close);
    const sandbox = await startWeComSandbox({
      org,
      events: { url: callback.url, token: TOKEN, aesKey: AES_KEY },
    });
    cleanups.push(() => sandbox.close());

    const check = await sandbox.verifyUrl();
    expect(check).toMatchObject({ status: 200, body: check.echo });
    expect(callback.outcomes[0]).toEqual({
      kind: "challenge",
      response: check.echo,
      reply: { text: check.echo },
    });

    await sandbox.hire({
      id: "new_hire",
      name: "新人",
      departmentIds: ["9001"],
      status: "active",
      raw: {},
    });
    await sandbox.updateUser("new_hire", { name: "新人 二" });
    await sandbox.resign("ou_conformance_emoji");
    await sandbox.addDepartment({
      id: "9100",
      parentId: "9001",
      name: "新部门 <&>",
      order: 1,
      raw: {},
    });
    await sandbox.renameDepartment("9100", "改名");
    await sandbox.moveDepartment("9100", "1");
    await sandbox.deleteDepartment("9100");
    const hints = callback.outcomes.slice(1);
    expect(hints).toEqual([
      { kind: "changes", departmentIds: [], userIds: ["new_hire"], reply: { text: "" } },
      { kind: "changes", departmentIds: [], userIds: ["new_hire"], reply: { text: "" } },
      {
        kind: "changes",
        departmentIds: [],
        userIds: ["ou_conformance_emoji"],
        reply: { text: "" },
      },
      ...Array.from({ length: 4 }, () => ({
        kind: "changes",
        departmentIds: ["9100"],
        userIds: [],
        reply: { text: "" },
      })),
    ]);
    expect(sandbox.org().users.find((u) => u.id === "ou_conformance_emoji")?.status).toBe(
      "resigned",
    );
  });

  it("hints both ids of a changed userid, and ignores tags and other events", async () => {
    const events = receiver();
    await expect(
      events.receive(
        delivery(
          change(
            "<ChangeType>update_user</ChangeType><UserID><![CDATA[old]]></UserID><NewUserID><![CDATA[new]]></NewUserID>",
          ),
        ),
      ),
    ).resolves.toMatchObject({ kind: "changes", userIds: ["old", "new"], departmentIds: [] });
    await expect(
      events.receive(delivery(change("<ChangeType>update_tag</ChangeType><TagId>1</TagId>"))),
    ).resolves.toMatchObject({ kind: "ignored", reply: { text: "" } });
    await expect(
      events.receive(
        delivery(
          `<xml><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event></xml>`,
        ),
      ),
    ).resolves.toMatchObject({ kind: "ignored" });
  });

  it("refuses a bad signature, a wrong key and a wrong receiver with what to check", async () => {
    const good = delivery(change("<ChangeType>create_user</ChangeType><UserID>u</UserID>"));
    await expect(
      receiver().receive({ ...good, query: { ...good.query, msg_signature: "0".repeat(40) } }),
    ).rejects.toThrow(
      /wecom \(wecom\): event refused: the signature does not match; check that the callback token/,
    );
    await expect(receiver({ token: "other" }).receive(good)).rejects.toThrow(
      /signature does not match/,
    );
    await expect(receiver({ encodingAesKey: "a".repeat(43) }).receive(good)).rejects.toThrow(
      /EncodingAESKey/,
    );
    await expect(receiver({ corpId: "wwothercorp" }).receive(good)).rejects.toThrow(
      /encrypted for "wwsandboxcorp", not for this provider's "wwothercorp"/,
    );
    await expect(receiver().receive({ ...good, query: {} })).rejects.toThrow(/no msg_signature/);
    await expect(receiver().receive({ ...good, body: "{}" })).rejects.toThrow(/<Encrypt>/);
  });
});
