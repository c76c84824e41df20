import {
  type EventDelivery,
  type EventReceiver,
  type EventReply,
  OrgsyncError,
  type ProviderRegistry,
} from "@orgsync/core";
import type { RunTargets } from "../db/schema.ts";
import { NotFoundError, RunAlreadyActiveError } from "../errors.ts";
import type { Repositories } from "../repositories/index.ts";
import type { ProviderRecord } from "../repositories/providers.ts";
import { isTerminalRunStatus, type RunEvents, watchRun } from "../runs/run-events.ts";
import { errorDetails, type RunLogger, silentRunLogger } from "../runs/run-logger.ts";
import type { RunService } from "../runs/run-service.ts";
import { openProvider } from "../sync/sync-setup.ts";

/**
 * IM change events → targeted runs. Each provider's event receiver (its plugin's `events`)
 * verifies and decodes a delivery; the ids it names are collected per provider and, once the
 * IM has been quiet for `quietMs` (or `maxDelayMs` after the first), ONE targeted run of their
 * union is queued. Events are hints, not data: the run re-reads what they name.
 *
 * Guarantees, and their limits:
 * - an id stays pending until a run that will re-read it was queued: a busy provider (one run
 *   at a time) makes the ids wait for the active run to end, a failed queue (preflight refused,
 *   the database away) retries with a growing delay; only the provider's deletion drops them;
 * - a re-pushed delivery is not planned twice: the receiver de-duplicates by the IM's event id
 *   (Feishu's does, in memory, which is why receivers are cached per provider), and ids
 *   already pending merge into the same run;
 * - pending ids live in this process's memory: `stop()` (and a crash) lose them, and a run
 *   that failed after it was queued is not retried. The periodic full reconcile — a scheduled
 *   ALL run — is what catches those, and events lost by the IM itself.
 */

export interface EventIngestOptions {
  repositories: Pick<Repositories, "providers" | "runs">;
  registry: ProviderRegistry;
  runService: Pick<RunService, "run">;
  /** Run status changes: how a busy provider's end is noticed without polling (same process). */
  events: RunEvents;
  /** @default a logger that logs nothing */
  logger?: RunLogger;
  /**
   * A provider's changes are queued as a run once no new one arrived for this long, so a
   * burst (a reorganisation, a bulk import) becomes one run. Feishu pushes a burst's events
   * milliseconds apart; half a second still catches it and keeps one change's path under 2 s.
   * @default 500
   * @example 3000
   */
  quietMs?: number;
  /**
   * Longest wait after a provider's first pending change, even if changes keep coming.
   * @default 10000
   * @example 60000
   */
  maxDelayMs?: number;
  /**
   * How often a busy provider's active run is looked at in the database (it may run in another
   * process), and the first retry after a failed queue (then doubling, up to a minute).
   * @default 1000
   * @example 100 (tests)
   */
  retryMs?: number;
}

/** What became of a delivery; the HTTP route turns each kind into a status. */
export type EventIngestResult =
  /** The IM checks the URL: send `reply` back, or else `response` as JSON. */
  | { kind: "challenge"; response: unknown; reply?: EventReply }
  /** Verified; these ids wait for the provider's next targeted run. */
  | { kind: "accepted"; departmentIds: string[]; userIds: string[]; reply?: EventReply }
  /** Verified, but nothing to sync (another event type, a re-push, a disabled provider). */
  | { kind: "ignored"; reason: string; reply?: EventReply }
  /** No provider with this flag, or it has no event receiver configured. */
  | { kind: "notFound"; reason: string }
  /** Failed verification or decoding (bad signature, wrong key, not the IM's format). */
  | { kind: "rejected"; reason: string }
  /** This service cannot take it now (stopping, the provider's stored settings are broken). */
  | { kind: "unavailable"; reason: string };

/** See `createEventIngest`. */
export interface EventIngest {
  /** Verifies and decodes one delivery for the provider `flag`, collecting what it changed. */
  receive(flag: string, delivery: EventDelivery): Promise<EventIngestResult>;
  /** Whether the provider's settings configure an event receiver (for `Provider.webhookUrl`). */
  hasReceiver(provider: ProviderRecord): Promise<boolean>;
  /** The ids waiting for a run of this provider (for tests and metrics); none → `undefined`. */
  pending(providerId: string): RunTargets | undefined;
  /**
   * Stops: clears every timer and stops watching busy providers. Pending ids are NOT queued
   * (a run started while the service shuts down would only be interrupted); they are lost, and
   * the next full reconcile catches what they named. Deliveries after `stop()` are answered
   * `unavailable`, so the IM pushes them again later.
   */
  stop(): void;
}

interface Batch {
  providerId: string;
  flag: string;
  departmentIds: Set<string>;
  userIds: Set<string>;
  /** When the oldest pending id arrived (for `maxDelayMs`); `undefined` when none is pending. */
  firstAt: number | undefined;
  quiet?: NodeJS.Timeout;
  deadline?: NodeJS.Timeout;
  retry?: NodeJS.Timeout;
  /** Queuing a run or waiting for the provider's active run: no timer queues meanwhile. */
  busy: boolean;
  /** Failed queues in a row, for the retry delay. */
  failures: number;
}

interface CachedReceiver {
  updatedAt: number;
  receiver: Promise<EventReceiver | undefined>;
}

const MAX_RETRY_MS = 60_000;

export function createEventIngest(options: EventIngestOptions): EventIngest {
  const { repositories, registry, runService, events } = options;
  const logger = options.logger ?? silentRunLogger;
  const quietMs = options.quietMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const retryMs = options.retryMs ?? 1000;
  const receivers = new Map<string, CachedReceiver>();
  const batches = new Map<string, Batch>();
  const stopping = new AbortController();

  /**
   * The provider's receiver, made once per stored version of its settings: a receiver keeps
   * state (the event ids it saw), so it must outlive a delivery.
   */
  function receiverOf(record: ProviderRecord): Promise<EventReceiver | undefined> {
    const updatedAt = record.updatedAt.getTime();
    const cached = receivers.get(record.id);
    if (cached && cached.updatedAt === updatedAt) return cached.receiver;
    const receiver = repositories.providers
      .getWithSecrets(record.id)
      .then((stored) => openProvider(registry, stored).provider.events);
    receivers.set(record.id, { updatedAt, receiver });
    // A failure is not cached: the next delivery tries again (the settings may be fixed).
    receiver.catch(() => {
      if (receivers.get(record.id)?.receiver === receiver) receivers.delete(record.id);
    });
    return receiver;
  }

  function clearTimers(batch: Batch): void {
    clearTimeout(batch.quiet);
    clearTimeout(batch.deadline);
    clearTimeout(batch.retry);
    batch.quiet = batch.deadline = batch.retry = undefined;
  }

  function timer(ms: number, action: () => void): NodeJS.Timeout {
    const handle = setTimeout(action, Math.max(0, ms));
    // The HTTP server keeps a service alive; pending events alone must not keep a process up.
    handle.unref();
    return handle;
  }

  /** (Re)arms the batch's quiet timer, and its deadline once. */
  function schedule(batch: Batch): void {
    if (stopping.signal.aborted || batch.busy) return;
    const now = Date.now();
    batch.firstAt ??= now;
    clearTimeout(batch.quiet);
    batch.quiet = timer(quietMs, () => void flush(batch));
    batch.deadline ??= timer(batch.firstAt + maxDelayMs - now, () => void flush(batch));
  }

  function isEmpty(batch: Batch): boolean {
    return batch.departmentIds.size === 0 && batch.userIds.size === 0;
  }

  /** Puts ids that did not make it into a run back in front of the pending ones. */
  function restore(batch: Batch, taken: RunTargets, takenFirstAt: number | undefined): void {
    for (const id of taken.departmentIds) batch.departmentIds.add(id);
    for (const id of taken.userIds) batch.userIds.add(id);
    if (takenFirstAt !== undefined) {
      batch.firstAt = Math.min(takenFirstAt, batch.firstAt ?? takenFirstAt);
    }
  }

  /** Queues one targeted run of everything pending, then waits for the provider to be free. */
  async function flush(batch: Batch): Promise<void> {
    if (stopping.signal.aborted || batch.busy) return;
    clearTimers(batch);
    if (isEmpty(batch)) {
      batches.delete(batch.providerId);
      return;
    }
    batch.busy = true;
    // Taken out, not copied: an event for the same id arriving from here on needs a new run.
    const taken: RunTargets = {
      departmentIds: [...batch.departmentIds],
      userIds: [...batch.userIds],
    };
    const takenFirstAt = batch.firstAt;
    batch.departmentIds = new Set();
    batch.userIds = new Set();
    batch.firstAt = undefined;
    const log = logger.child({ providerId: batch.providerId, flag: batch.flag });
    let waitFor: string | undefined;
    try {
      const run = await runService.run({
        providerId: batch.providerId,
        scope: "ALL",
        trigger: "event",
        targets: taken,
        requestedBy: "event",
      });
      batch.failures = 0;
      log.info(
        {
          runId: run.id,
          departments: taken.departmentIds.length,
          users: taken.userIds.length,
        },
        "events: targeted run queued",
      );
      waitFor = run.id;
    } catch (error) {
      if (error instanceof NotFoundError && error.entity === "provider") {
        log.warn({}, "events: the provider was deleted; its pending changes are dropped");
        clearTimers(batch);
        batches.delete(batch.providerId);
        return;
      }
      restore(batch, taken, takenFirstAt);
      if (error instanceof RunAlreadyActiveError) {
        log.info(
          { activeRunId: error.activeRunId, pending: pendingCounts(batch) },
          "events: the provider is busy; its changes wait for the active run to end",
        );
        waitFor = error.activeRunId;
      } else {
        batch.failures++;
        const delay = Math.min(retryMs * 2 ** (batch.failures - 1), MAX_RETRY_MS);
        log.warn(
          { ...errorDetails(error), retryInMs: delay, pending: pendingCounts(batch) },
          "events: queuing the targeted run failed; the changes stay pending",
        );
        batch.busy = false;
        if (!stopping.signal.aborted) batch.retry = timer(delay, () => void flush(batch));
        return;
      }
    }
    if (!stopping.signal.aborted) await untilFinished(waitFor, log);
    batch.busy = false;
    if (stopping.signal.aborted) return;
    if (isEmpty(batch)) batches.delete(batch.providerId);
    // What arrived meanwhile: its deadline may have passed already, then it goes at once.
    else schedule(batch);
  }

  /** Resolves when the run is finished (wherever it executes), or after `retryMs` without one. */
  async function untilFinished(runId: string | undefined, log: RunLogger): Promise<void> {
    const signal = stopping.signal;
    // An aborted signal never fires "abort" again: without this, a watch would outlive `stop()`.
    if (signal.aborted) return;
    try {
      if (runId) {
        for await (const event of watchRun(runId, {
          repositories,
          events,
          pollIntervalMs: retryMs,
          signal,
        })) {
          if (isTerminalRunStatus(event.status)) return;
        }
        return;
      }
    } catch (error) {
      if (!(error instanceof NotFoundError)) {
        log.warn(errorDetails(error), "events: watching the provider's run failed; retrying");
      }
    }
    // No run to watch (it ended in between, or the watch failed): look again a moment later.
    await new Promise<void>((resolve) => {
      const handle = timer(retryMs, resolve);
      signal.addEventListener(
        "abort",
        () => {
          clearTimeout(handle);
          resolve();
        },
        { once: true },
      );
    });
  }

  function pendingCounts(batch: Batch) {
    return { departments: batch.departmentIds.size, users: batch.userIds.size };
  }

  function collect(record: ProviderRecord, changes: RunTargets): void {
    let batch = batches.get(record.id);
    if (!batch) {
      batch = {
        providerId: record.id,
        flag: record.flag,
        departmentIds: new Set(),
        userIds: new Set(),
        firstAt: undefined,
        busy: false,
        failures: 0,
      };
      batches.set(record.id, batch);
    }
    for (const id of changes.departmentIds) batch.departmentIds.add(id);
    for (const id of changes.userIds) batch.userIds.add(id);
    // While busy the ids just wait: the active run's end schedules them.
    if (batch.busy) batch.firstAt ??= Date.now();
    else schedule(batch);
  }

  return {
    async receive(flag, delivery) {
      if (stopping.signal.aborted) {
        return { kind: "unavailable", reason: "events: the service is stopping; push again later" };
      }
      const record = await repositories.providers.getByFlag(flag);
      if (!record) {
        return { kind: "notFound", reason: `events: no provider has the flag "${flag}"` };
      }
      const where = `events (${record.flag})`;
      if (!record.enabled) {
        return {
          kind: "ignored",
          reason: `${where}: the provider is disabled; enable it to sync on events`,
        };
      }
      let receiver: EventReceiver | undefined;
      try {
        receiver = await receiverOf(record);
      } catch (error) {
        logger
          .child({ providerId: record.id, flag: record.flag })
          .warn(errorDetails(error), "events: the provider's stored settings do not open");
        return {
          kind: "unavailable",
          reason: `${where}: the provider's stored settings are invalid; fix them (the provider's connection test says how)`,
        };
      }
      if (!receiver) {
        return {
          kind: "notFound",
          reason: `${where}: the provider has no event receiver configured; set its event secrets (Feishu: encryptKey and/or verificationToken; DingTalk and WeCom: callbackToken and callbackAesKey)`,
        };
      }
      let outcome: Awaited<ReturnType<EventReceiver["receive"]>>;
      try {
        outcome = await receiver.receive(delivery);
      } catch (error) {
        // Receivers throw only for deliveries they refuse; their messages name no secret.
        if (!(error instanceof OrgsyncError)) throw error;
        logger
          .child({ providerId: record.id, flag: record.flag })
          .warn({ reason: error.message }, "events: delivery refused");
        return { kind: "rejected", reason: error.message };
      }
      if (outcome.kind === "challenge") return outcome;
      if (outcome.kind === "ignored") return outcome;
      const changes = {
        departmentIds: [...new Set(outcome.departmentIds)],
        userIds: [...new Set(outcome.userIds)],
      };
      if (changes.departmentIds.length === 0 && changes.userIds.length === 0) {
        return {
          kind: "ignored",
          reason: `${where}: the event names no department and no user`,
          ...(outcome.reply ? { reply: outcome.reply } : {}),
        };
      }
      collect(record, changes);
      return { kind: "accepted", ...changes, ...(outcome.reply ? { reply: outcome.reply } : {}) };
    },

    async hasReceiver(provider) {
      try {
        return (await receiverOf(provider)) !== undefined;
      } catch {
        // Broken stored settings: no receiver until they are fixed.
        return false;
      }
    },

    pending(providerId) {
      const batch = batches.get(providerId);
      if (!batch || isEmpty(batch)) return undefined;
      return { departmentIds: [...batch.departmentIds], userIds: [...batch.userIds] };
    },

    stop() {
      stopping.abort();
      for (const batch of batches.values()) clearTimers(batch);
      batches.clear();
    },
  };
}
