import type { IncomingMessage, ServerResponse } from "node:http";

/** A reply the router sends as is: Feishu's envelope, or a raw body for gateway-style 5xx. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Send `body` verbatim (a string) instead of JSON. */
  raw?: boolean;
}

const MAX_BODY = 10 * 1024 * 1024;

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY) throw new Error("feishu sandbox: request body over 10 MiB");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a JSON body; an empty body is `{}` (the SDK sends `{}` on GETs, others send nothing). */
export function parseJson(text: string): unknown {
  if (text.trim() === "") return {};
  return JSON.parse(text);
}

export function send(response: ServerResponse, reply: Reply): void {
  const text = reply.raw ? String(reply.body) : JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    "content-type": reply.raw ? "text/html; charset=utf-8" : "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...reply.headers,
  });
  response.end(text);
}

export function ok(data: unknown): Reply {
  return { status: 200, body: { code: 0, msg: "success", data } };
}

export function fail(
  status: number,
  code: number,
  msg: string,
  extra?: Record<string, unknown>,
): Reply {
  return { status, body: { code, msg, ...extra } };
}
