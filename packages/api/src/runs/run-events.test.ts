import { describe, expect, it } from "vitest";
import type { RunRecord } from "../repositories/runs.ts";
import { createRunEvents, type RunEvent, watchRun } from "./run-events.ts";

const event = (status: RunEvent["status"], progressDone = 0, runId = "r1"): RunEvent => ({
  runId,
  status,
  progressDone,
  progressTotal: 10,
  counts: {},
});

async function take<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const seen: T[] = [];
  for await (const value of iterable) seen.push(value);
  return seen;
}

describe("RunEvents", () => {
  it("delivers a run's events from subscribe on, and ends after a terminal one", async () => {
    const events = createRunEvents();
    events.publish(event("queued"));
    const subscription = events.subscribe("r1");
    events.publish(event("planning"));
    events.publish(event("planning", 0, "other"));
    events.publish(event("applying", 3));
    events.publish(event("succeeded", 10));
    events.publish(event("succeeded", 10));
    expect((await take(subscription)).map((e) => `${e.status} ${e.progressDone}`)).toEqual([
      "planning 0",
      "applying 3",
      "succeeded 10",
    ]);
    expect(events.subscriberCount()).toBe(0);
  });

  it("coalesces unread progress of one status, keeping every status change", async () => {
    const events = createRunEvents();
    const subscription = events.subscribe("r1");
    events.publish(event("planning"));
    for (let done = 1; done <= 100; done++) events.publish(event("applying", done));
    events.publish(event("failed", 100));
    expect((await take(subscription)).map((e) => `${e.status} ${e.progressDone}`)).toEqual([
      "planning 0",
      "applying 100",
      "failed 100",
    ]);
  });

  it("ends a subscription when its signal aborts", async () => {
    const events = createRunEvents();
    const controller = new AbortController();
    const seen = take(events.subscribe("r1", controller.signal));
    events.publish(event("planning"));
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(await seen).toHaveLength(1);
    expect(events.subscriberCount()).toBe(0);
  });
});

describe("watchRun", () => {
  const record = (patch: Partial<RunRecord>): RunRecord =>
    ({
      id: "r1",
      status: "queued",
      progressDone: 0,
      progressTotal: null,
      counts: {},
      ...patch,
    }) as RunRecord;

  it("starts with the stored run, follows local events and polls, and never goes backwards", async () => {
    const events = createRunEvents();
    let stored = record({ status: "applying", progressDone: 2, progressTotal: 10 });
    const repositories = { runs: { get: async () => stored } } as never;
    const seen: string[] = [];
    const watching = (async () => {
      for await (const e of watchRun("r1", { repositories, events, pollIntervalMs: 20 })) {
        seen.push(`${e.status} ${e.progressDone}`);
        if (seen.length === 1) events.publish(event("applying", 6));
        if (seen.length === 2) {
          // The database lags the events: a poll showing less must not be repeated.
          stored = record({ status: "applying", progressDone: 4, progressTotal: 10 });
          await new Promise((resolve) => setTimeout(resolve, 50));
          // Another process finished it: only the database says so.
          stored = record({ status: "succeeded", progressDone: 10, progressTotal: 10 });
        }
      }
    })();
    await watching;
    expect(seen).toEqual(["applying 2", "applying 6", "succeeded 10"]);
    expect(events.subscriberCount()).toBe(0);
  });

  it("ends at once for a finished run, and throws for an unknown one", async () => {
    const events = createRunEvents();
    const finished = { runs: { get: async () => record({ status: "cancelled" }) } } as never;
    expect(await take(watchRun("r1", { repositories: finished, events }))).toHaveLength(1);
    const none = { runs: { get: async () => undefined } } as never;
    await expect(take(watchRun("r1", { repositories: none, events }))).rejects.toThrow(
      /run r1 does not exist/,
    );
  });
});
