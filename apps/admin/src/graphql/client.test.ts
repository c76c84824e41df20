import { afterEach, describe, expect, it, vi } from "vitest";
import { GraphQLRequestError, request, subscribe, UnauthenticatedError } from "./client.ts";
import { graphql } from "./graphql.ts";

afterEach(() => vi.unstubAllGlobals());

const Progress = graphql(`
  subscription ClientTestProgress($id: ID!) {
    runProgress(id: $id) {
      status
      progress {
        done
        total
      }
    }
  }
`);

const Me = graphql(`
  query ClientTestMe {
    me {
      username
    }
  }
`);

/** A text/event-stream body delivered in the given chunks, split wherever the test likes. */
function eventStream(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

const next = (done: number) =>
  `event: next\ndata: ${JSON.stringify({ data: { runProgress: { status: "applying", progress: { done, total: 3 } } } })}\n\n`;

describe("subscribe", () => {
  it("reads events split across chunks and stops at complete", async () => {
    const whole = `${next(1)}${next(2)}:\n\n${next(3)}event: complete\ndata:\n\n${next(4)}`;
    vi.stubGlobal("fetch", async () =>
      eventStream([whole.slice(0, 17), whole.slice(17, 150), whole.slice(150)]),
    );
    const seen: number[] = [];
    await subscribe(Progress, { id: "1" }, (data) => {
      seen.push(data.runProgress.progress.done);
      return false;
    });
    expect(seen).toEqual([1, 2, 3]);
  });

  it("stops when the listener says it has seen enough", async () => {
    vi.stubGlobal("fetch", async () => eventStream([next(1), next(2), next(3)]));
    const seen: number[] = [];
    await subscribe(Progress, { id: "1" }, (data) => {
      seen.push(data.runProgress.progress.done);
      return data.runProgress.progress.done === 2;
    });
    expect(seen).toEqual([1, 2]);
  });

  it("rejects with the service's message on an error event", async () => {
    const error = `event: next\ndata: ${JSON.stringify({ errors: [{ message: "no run 9" }] })}\n\n`;
    vi.stubGlobal("fetch", async () => eventStream([error]));
    await expect(subscribe(Progress, { id: "9" }, () => false)).rejects.toThrow("no run 9");
  });

  it("asks for server-sent events with the session cookie", async () => {
    const fetchSpy = vi.fn(async () => eventStream([]));
    vi.stubGlobal("fetch", fetchSpy);
    await subscribe(Progress, { id: "1" }, () => false);
    const [url, init] = fetchSpy.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/graphql");
    expect(init.credentials).toBe("same-origin");
    expect(new Headers(init.headers).get("accept")).toBe("text/event-stream");
  });
});

describe("request", () => {
  it("returns the data", async () => {
    vi.stubGlobal("fetch", async () => Response.json({ data: { me: { username: "admin" } } }));
    await expect(request(Me, {})).resolves.toEqual({ me: { username: "admin" } });
  });

  it("turns a lost session into UnauthenticatedError", async () => {
    vi.stubGlobal("fetch", async () =>
      Response.json(
        { errors: [{ message: "log in first", extensions: { code: "UNAUTHENTICATED" } }] },
        { status: 401 },
      ),
    );
    await expect(request(Me, {})).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("says the service cannot be reached when the network fails, and passes other errors on", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(request(Me, {})).rejects.toThrow("the service cannot be reached");
    vi.stubGlobal("fetch", async () =>
      Response.json({ errors: [{ message: "Unexpected error." }] }, { status: 200 }),
    );
    const failure = await request(Me, {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphQLRequestError);
    expect((failure as GraphQLRequestError).messages).toEqual(["Unexpected error."]);
  });
});
