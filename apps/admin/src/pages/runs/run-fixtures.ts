import { vi } from "vitest";
import type { RunDetail, RunItem } from "./run-documents.ts";

/** Runs, items and a controllable `runProgress` stream for the sync and runs component tests. */

export function makeRun(overrides: Partial<RunDetail> = {}): RunDetail {
  return {
    id: "run-1",
    providerId: "1",
    provider: { id: "1", name: "Acme Feishu", flag: "feishu" },
    scope: "GROUPS",
    trigger: "manual",
    dryRun: false,
    status: "succeeded",
    error: null,
    requestedBy: "admin",
    approvedBy: null,
    approvedAt: null,
    cancelRequested: false,
    createdAt: "2026-03-02T08:00:00.000Z",
    startedAt: "2026-03-02T08:00:01.000Z",
    finishedAt: "2026-03-02T08:00:13.500Z",
    durationMs: 12_500,
    progress: { done: 0, total: 0 },
    counts: [],
    approval: null,
    warnings: [],
    targets: null,
    ...overrides,
  };
}

export function makeItem(overrides: Partial<RunItem> = {}): RunItem {
  return {
    seq: 0,
    op: "createUser",
    anchor: "feishu:ou_1",
    dn: "uid=zhangwei,ou=people,dc=example,dc=com",
    outcome: "planned",
    errorCategory: null,
    message: null,
    attempts: 0,
    durationMs: null,
    changes: [{ attribute: "cn", old: [], new: ["张伟"] }],
    ...overrides,
  };
}

export function itemsPage(nodes: RunItem[], endCursor: string | null = null, id = "run-1") {
  return { run: { id, items: { nodes, endCursor } } };
}

export interface ProgressEvent {
  status: string;
  done: number;
  total: number | null;
  counts?: { op: string; outcome: string; count: number }[];
}

export interface ProgressStream {
  /** Subscriptions opened so far (their variables). */
  readonly opened: Record<string, unknown>[];
  push(event: ProgressEvent, runId?: string): void;
  /** Ends the stream without a terminal event (a proxy cut it). */
  end(): void;
}

/**
 * Answers the `RunProgressLive` subscription with a server-sent event stream the test feeds;
 * everything else goes to the fetch `answerGraphQL` installed. With `fail`, the subscription is
 * refused (HTTP 502) so the page must fall back to polling.
 */
export function streamRunProgress({ fail = false }: { fail?: boolean } = {}): ProgressStream {
  const answer = globalThis.fetch;
  const encoder = new TextEncoder();
  const controllers: ReadableStreamDefaultController<Uint8Array>[] = [];
  const opened: Record<string, unknown>[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as {
        query: string;
        variables: Record<string, unknown>;
      };
      if (!/subscription\s+RunProgressLive/.test(body.query)) return answer(url, init);
      opened.push(body.variables);
      if (fail) return new Response("bad gateway", { status: 502 });
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controllers.push(controller);
          // The page unsubscribes by aborting: end the stream as a server would.
          init.signal?.addEventListener("abort", () => {
            const index = controllers.indexOf(controller);
            if (index >= 0) controllers.splice(index, 1);
            controller.error(new DOMException("aborted", "AbortError"));
          });
        },
      });
      return new Response(stream, { headers: { "content-type": "text/event-stream" } });
    }),
  );
  const send = (text: string) => {
    for (const controller of controllers) controller.enqueue(encoder.encode(text));
  };
  return {
    opened,
    push(event, runId = "run-1") {
      const data = {
        runProgress: {
          runId,
          status: event.status,
          progress: { done: event.done, total: event.total },
          counts: event.counts ?? [],
        },
      };
      send(`event: next\ndata: ${JSON.stringify({ data })}\n\n`);
    },
    end() {
      send("event: complete\ndata:\n\n");
      for (const controller of controllers.splice(0)) controller.close();
    },
  };
}
