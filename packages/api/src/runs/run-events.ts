import { type RunCounts, type RunStatus, TERMINAL_RUN_STATUSES } from "../db/schema.ts";
import { NotFoundError } from "../errors.ts";
import type { Repositories } from "../repositories/index.ts";
import type { RunRecord } from "../repositories/runs.ts";

/** What subscribers learn about a run: its status and progress, as of one moment. */
export interface RunEvent {
  runId: string;
  status: RunStatus;
  progressDone: number;
  /** Operations in the plan; `null` until planning has counted them. */
  progressTotal: number | null;
  counts: RunCounts;
}

/** A watch ends after one of these: the run never leaves it. */
export const isTerminalRunStatus = (status: RunStatus): boolean =>
  (TERMINAL_RUN_STATUSES as readonly RunStatus[]).includes(status);

/** The event a stored run stands for. */
export function runEventOf(run: RunRecord): RunEvent {
  return {
    runId: run.id,
    status: run.status,
    progressDone: run.progressDone,
    progressTotal: run.progressTotal,
    counts: run.counts,
  };
}

/**
 * In-process pub/sub of run changes. Workers publish every status change and (throttled)
 * progress; GraphQL subscriptions read it through `watchRun`, which adds the database for runs
 * executing in another process.
 */
export interface RunEvents {
  publish(event: RunEvent): void;
  /**
   * The run's events published from now on (the subscription starts when `subscribe` returns,
   * not at the first `next()`), until one with a terminal status, `signal` aborts or the
   * consumer stops iterating. A slow consumer does not grow memory without bound: queued
   * progress events of one status are coalesced into the latest; status changes are all kept.
   */
  subscribe(runId: string, signal?: AbortSignal): AsyncIterable<RunEvent>;
  /** Live subscriptions, all runs together (for tests and metrics). */
  subscriberCount(): number;
}

interface Subscriber {
  queue: RunEvent[];
  wake: (() => void) | undefined;
  closed: boolean;
}

export function createRunEvents(): RunEvents {
  const subscribers = new Map<string, Set<Subscriber>>();

  function remove(runId: string, subscriber: Subscriber): void {
    subscriber.closed = true;
    const set = subscribers.get(runId);
    set?.delete(subscriber);
    if (set?.size === 0) subscribers.delete(runId);
    subscriber.wake?.();
  }

  return {
    publish(event) {
      const set = subscribers.get(event.runId);
      if (!set) return;
      for (const subscriber of set) {
        const last = subscriber.queue.at(-1);
        // Coalesce: a newer progress beat of the same status replaces an unread one.
        if (last && last.status === event.status)
          subscriber.queue[subscriber.queue.length - 1] = event;
        else subscriber.queue.push(event);
        subscriber.wake?.();
      }
    },

    subscribe(runId, signal) {
      const subscriber: Subscriber = { queue: [], wake: undefined, closed: false };
      const close = () => remove(runId, subscriber);
      if (signal?.aborted) subscriber.closed = true;
      else {
        let set = subscribers.get(runId);
        if (!set) {
          set = new Set();
          subscribers.set(runId, set);
        }
        set.add(subscriber);
        signal?.addEventListener("abort", close, { once: true });
      }
      const detach = () => {
        signal?.removeEventListener("abort", close);
        close();
      };
      const iterator: AsyncIterator<RunEvent> = {
        async next() {
          while (subscriber.queue.length === 0 && !subscriber.closed) {
            await new Promise<void>((resolve) => {
              subscriber.wake = resolve;
            });
            subscriber.wake = undefined;
          }
          const event = subscriber.queue.shift();
          if (!event) return { done: true, value: undefined };
          if (isTerminalRunStatus(event.status)) detach();
          return { done: false, value: event };
        },
        async return() {
          detach();
          subscriber.queue.length = 0;
          return { done: true, value: undefined };
        },
      };
      return { [Symbol.asyncIterator]: () => iterator };
    },

    subscriberCount() {
      let count = 0;
      for (const set of subscribers.values()) count += set.size;
      return count;
    },
  };
}

export interface WatchRunOptions {
  repositories: Pick<Repositories, "runs">;
  events: RunEvents;
  /**
   * How often the database is read for changes made by another process (a peer executes the
   * run, or cancelled it). Local events arrive at once regardless.
   * @default 1000
   * @example 250
   */
  pollIntervalMs?: number;
  /** Ends the watch (e.g. the GraphQL client went away). */
  signal?: AbortSignal;
}

/**
 * A run's changes wherever it executes: first the stored record, then every local event and
 * every change a database poll sees, ending after a terminal status (or when `signal` aborts).
 * Progress never goes backwards: the database is written less often than events are published,
 * so a poll older than the last event is not repeated. Throws `NotFoundError` for an unknown run.
 */
export async function* watchRun(runId: string, options: WatchRunOptions): AsyncGenerator<RunEvent> {
  const { repositories, events, pollIntervalMs = 1000, signal } = options;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  // Subscribe before reading, so nothing published in between is lost.
  const local = events.subscribe(runId, stop.signal)[Symbol.asyncIterator]();
  try {
    const run = await repositories.runs.get(runId);
    if (!run) throw new NotFoundError("run", runId);
    let last = runEventOf(run);
    yield last;
    if (isTerminalRunStatus(last.status)) return;

    let pendingLocal: Promise<IteratorResult<RunEvent>> | undefined;
    const aborted = new Promise<"abort">((resolve) => {
      if (stop.signal.aborted) resolve("abort");
      stop.signal.addEventListener("abort", () => resolve("abort"), { once: true });
    });
    while (!stop.signal.aborted) {
      pendingLocal ??= local.next();
      let timer: NodeJS.Timeout | undefined;
      const tick = new Promise<"poll">((resolve) => {
        timer = setTimeout(() => resolve("poll"), pollIntervalMs);
      });
      const winner = await Promise.race([pendingLocal, tick, aborted]);
      clearTimeout(timer);
      if (winner === "abort") return;

      let next: RunEvent;
      if (winner === "poll") {
        const current = await repositories.runs.get(runId);
        if (!current) return;
        next = runEventOf(current);
      } else {
        pendingLocal = undefined;
        if (winner.done) {
          // The local subscription ended without a terminal event (only an abort does that):
          // keep watching the database alone.
          pendingLocal = new Promise<never>(() => {});
          continue;
        }
        next = winner.value;
      }
      if (!isNewer(next, last)) continue;
      last = next;
      yield next;
      if (isTerminalRunStatus(next.status)) return;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    stop.abort();
    await local.return?.();
  }
}

/**
 * Whether `next` tells a watcher something `last` did not. Progress only counts when it moved
 * forward: the database lags the events, so an older poll must not make progress jump back.
 */
function isNewer(next: RunEvent, last: RunEvent): boolean {
  return (
    next.status !== last.status ||
    next.progressDone > last.progressDone ||
    next.progressTotal !== last.progressTotal
  );
}
