import type { EventReply } from "@orgsync/core";
import { Tokens } from "../container/tokens.ts";
import type { HttpRoute, RouteFactory } from "../http/app.ts";
import type { EventIngestResult } from "./event-ingest.ts";

/**
 * `POST /events/<flag>`: the callback URL an admin pastes into the IM's console (Feishu:
 * 开发者后台 → 事件与回调 → 请求地址; DingTalk: 事件订阅 → 请求网址; WeCom: 接收事件服务器 → URL).
 * GraphQL shows it as `Provider.webhookUrl`. `GET` too: WeCom checks the URL with one.
 *
 * Answers: the receiver's reply when it gives one (DingTalk's encrypted "success", WeCom's
 * echoed `echostr`), else the challenge JSON; 200 `{ ok: true }` for a verified delivery (also
 * when it changed nothing, with `ignored` saying why); 400 when verification or decoding failed;
 * 404 for an unknown flag or a provider without a receiver; 413 for an oversized body; 503
 * while stopping or when the provider's stored settings are broken (the IM pushes again later).
 * No answer repeats a header or the body, so nothing secret is ever echoed.
 */
export const eventRoutes: RouteFactory = (service) => {
  const handle: HttpRoute["handle"] = async (request, params) => {
    let flag: string;
    try {
      flag = decodeURIComponent(params.flag ?? "");
    } catch {
      return json(404, { error: "events: the flag in the URL is not valid" });
    }
    const declared = Number(request.headers.get("content-length") ?? 0);
    if (declared > MAX_BODY_BYTES) return tooLarge();
    const body = await request.text();
    if (Buffer.byteLength(body) > MAX_BODY_BYTES) return tooLarge();
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const method = request.method === "GET" ? "GET" : "POST";
    const ingest = service.container.resolve(Tokens.EventIngest);
    try {
      return answer(await ingest.receive(flag, { method, query, headers, body }));
    } catch (error) {
      service.logger.error(
        { err: error instanceof Error ? { name: error.name, message: error.message } : {} },
        "events: a delivery failed unexpectedly",
      );
      return json(500, { error: "events: unexpected error; see the service log" });
    }
  };
  return [
    { method: "POST", path: EVENT_PATH, handle },
    { method: "GET", path: EVENT_PATH, handle },
  ];
};

/** `/events/<flag>`; the flag is the provider's (lower-case letters, digits, `_`, `-`). */
const EVENT_PATH = /^\/events\/(?<flag>[^/]{1,64})\/?$/;

/** Contact events are a few KiB; anything near this is not one. */
const MAX_BODY_BYTES = 1024 * 1024;

function answer(result: EventIngestResult): Response {
  switch (result.kind) {
    case "challenge":
      return result.reply ? reply(result.reply) : json(200, result.response);
    case "accepted":
      return result.reply ? reply(result.reply) : json(200, { ok: true });
    case "ignored":
      return result.reply ? reply(result.reply) : json(200, { ok: true, ignored: result.reason });
    case "notFound":
      return json(404, { error: result.reason });
    case "rejected":
      return json(400, { error: result.reason });
    case "unavailable":
      return json(503, { error: result.reason });
  }
}

function reply(answer: EventReply): Response {
  if ("json" in answer) return json(200, answer.json);
  return new Response(answer.text, {
    status: 200,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

function tooLarge(): Response {
  return json(413, { error: `events: the body is over ${MAX_BODY_BYTES} bytes` });
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}
