import {
  type EventOutcome,
  type FieldRelations,
  OrgsyncError,
  type Provider,
  type ProviderPlugin,
  ProviderRegistry,
} from "@orgsync/core";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { RunStatus } from "../db/schema.ts";
import { NotFoundError, RunAlreadyActiveError } from "../errors.ts";
import type { ProviderRecord } from "../repositories/providers.ts";
import type { RunRecord } from "../repositories/runs.ts";
import { createRunEvents, type RunEvents } from "../runs/run-events.ts";
import type { RunRequest } from "../runs/run-service.ts";
import { createEventIngest, type EventIngest, type EventIngestOptions } from "./event-ingest.ts";

// The ingest's timing and bookkeeping over fakes: a plugin whose receiver returns what the
// delivery's body says, providers and runs held in maps, and a run service told what to do.
// The real parts (Feishu's signed pushes, slapd, the database) are in test/events.

const QUIET_MS = 40;
const MAX_DELAY_MS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const fakePlugin: ProviderPlugin<{ flag: string; events: boolean }> = {
  kind: "fake",
  displayName: "Fake",
  rootDepartmentId: "0",
  configSchema: z.object({ flag: z.string(), events: z.boolean().default(true) }),
  secretFields: [],
  defaultFieldRelations: {} as FieldRelations,
  describeFields: () => ({ group: [], user: [] }),
  create(config) {
    opened++;
    const provider: Provider = {
      kind: "fake",
      flag: config.flag,
      rootDepartmentId: "0",
      fetchDepartments: async function* () {},
      fetchUsers: async function* () {},
      testConnection: async () => ({ ok: true, checks: [] }),
      ...(config.events
        ? {
            events: {
              async receive({ body }) {
                if (body === "forged") throw new OrgsyncError("fake (x): event refused: forged");
                if (body === "bug") throw new TypeError("a bug");
                return JSON.parse(body) as EventOutcome;
              },
            },
          }
        : {}),
    };
    return provider;
  },
};
let opened = 0;

const users = (...userIds: string[]) =>
  JSON.stringify({ kind: "changes", departmentIds: [], userIds } satisfies EventOutcome);

interface Harness {
  ingest: EventIngest;
  events: RunEvents;
  providers: Map<string, ProviderRecord & { config: Record<string, unknown> }>;
  runs: Map<string, RunRecord>;
  requests: RunRequest[];
  /** What the next `run()` calls do, in order; then they queue a run. */
  failures: (Error | "busy")[];
  /** Ends a fake run, publishing it as a worker does. */
  end(runId: string, status?: RunStatus): void;
}

let current: Harness | undefined;
afterEach(() => {
  current?.ingest.stop();
  current = undefined;
});

function harness(options: Partial<EventIngestOptions> = {}): Harness {
  const providers: Harness["providers"] = new Map();
  const runs = new Map<string, RunRecord>();
  const events = createRunEvents();
  const requests: RunRequest[] = [];
  const failures: Harness["failures"] = [];
  const record = (id: string, status: RunStatus) =>
    ({ id, status, progressDone: 0, progressTotal: null, counts: {} }) as unknown as RunRecord;
  const find = (flag: string) => [...providers.values()].find((p) => p.flag === flag);
  const ingest = createEventIngest({
    repositories: {
      providers: {
        getByFlag: async (flag: string) => find(flag),
        getWithSecrets: async (id: string) => {
          const provider = providers.get(id);
          if (!provider) throw new NotFoundError("provider", id);
          return provider;
        },
      },
      runs: { get: async (id: string) => runs.get(id) },
    } as unknown as EventIngestOptions["repositories"],
    registry: new ProviderRegistry([fakePlugin]),
    events,
    runService: {
      async run(request) {
        requests.push(structuredClone(request));
        const failure = failures.shift();
        if (failure === "busy") {
          const active = [...runs.values()].find((run) => run.status === "planning");
          throw new RunAlreadyActiveError(request.providerId, active?.id, active?.status);
        }
        if (failure) throw failure;
        const run = record(`run-${requests.length}`, "planning");
        runs.set(run.id, run);
        return run;
      },
    },
    quietMs: QUIET_MS,
    maxDelayMs: MAX_DELAY_MS,
    retryMs: 20,
    ...options,
  });
  const h: Harness = {
    ingest,
    events,
    providers,
    runs,
    requests,
    failures,
    end(runId, status = "succeeded") {
      const run = record(runId, status);
      runs.set(runId, run);
      events.publish({ runId, status, progressDone: 0, progressTotal: null, counts: {} });
    },
  };
  providers.set("p1", provider("p1", "one"));
  current = h;
  return h;
}

/** A stored provider as the repository returns it (only what the ingest reads is meaningful). */
function provider(id: string, flag: string, config: Record<string, unknown> = {}): ProviderRecord {
  const record: Partial<ProviderRecord> = {
    id,
    kind: "fake",
    flag,
    name: flag,
    config,
    hasSecrets: false,
    enabled: true,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
  return record as ProviderRecord;
}

const delivery = (body: string) => ({ headers: {}, body });

describe("event ingest", () => {
  it("answers challenges, passes on what the receiver ignores, refuses what it rejects", async () => {
    const { ingest, requests } = harness();
    expect(
      await ingest.receive("one", delivery('{"kind":"challenge","response":{"challenge":"c"}}')),
    ).toEqual({ kind: "challenge", response: { challenge: "c" } });
    expect(await ingest.receive("one", delivery('{"kind":"ignored","reason":"r"}'))).toEqual({
      kind: "ignored",
      reason: "r",
    });
    // What the IM must be answered passes through (DingTalk's encrypted "success").
    const reply = { json: { encrypt: "…", msg_signature: "s" } };
    expect(
      await ingest.receive(
        "one",
        delivery(JSON.stringify({ kind: "ignored", reason: "r", reply })),
      ),
    ).toEqual({ kind: "ignored", reason: "r", reply });
    expect(
      await ingest.receive(
        "one",
        delivery(JSON.stringify({ kind: "changes", departmentIds: [], userIds: [], reply })),
      ),
    ).toMatchObject({ kind: "ignored", reply });
    expect(await ingest.receive("one", delivery("forged"))).toEqual({
      kind: "rejected",
      reason: "fake (x): event refused: forged",
    });
    await expect(ingest.receive("one", delivery("bug"))).rejects.toThrow(TypeError);
    expect(
      await ingest.receive("one", delivery('{"kind":"changes","departmentIds":[],"userIds":[]}')),
    ).toMatchObject({ kind: "ignored" });
    await sleep(QUIET_MS * 3);
    expect(requests).toEqual([]);
  });

  it("tells unknown flags, disabled providers and providers without a receiver apart", async () => {
    const { ingest, providers } = harness();
    providers.set("p2", { ...provider("p2", "off"), enabled: false });
    providers.set("p3", provider("p3", "plain", { events: false }));
    expect(await ingest.receive("nope", delivery(users("u1")))).toMatchObject({
      kind: "notFound",
      reason: 'events: no provider has the flag "nope"',
    });
    expect(await ingest.receive("off", delivery(users("u1")))).toMatchObject({
      kind: "ignored",
      reason: expect.stringMatching(/disabled/),
    });
    expect(await ingest.receive("plain", delivery(users("u1")))).toMatchObject({
      kind: "notFound",
      reason: expect.stringMatching(/no event receiver configured/),
    });
    expect(await ingest.hasReceiver(provider("p1", "one"))).toBe(true);
    expect(await ingest.hasReceiver(provider("p3", "plain", { events: false }))).toBe(false);
  });

  it("keeps one receiver per stored version of the provider's settings", async () => {
    const { ingest, providers } = harness();
    const before = opened;
    await ingest.receive("one", delivery('{"kind":"ignored","reason":"r"}'));
    await ingest.receive("one", delivery('{"kind":"ignored","reason":"r"}'));
    await ingest.hasReceiver(provider("p1", "one"));
    expect(opened - before).toBe(1);
    providers.set("p1", { ...provider("p1", "one"), updatedAt: new Date(1) });
    await ingest.receive("one", delivery('{"kind":"ignored","reason":"r"}'));
    expect(opened - before).toBe(2);
  });

  it("queues one targeted run of a burst once the IM is quiet", async () => {
    const { ingest, requests } = harness();
    for (const id of ["u1", "u2", "u1", "u3"]) {
      expect(await ingest.receive("one", delivery(users(id)))).toMatchObject({ kind: "accepted" });
    }
    await ingest.receive(
      "one",
      delivery(JSON.stringify({ kind: "changes", departmentIds: ["d1"], userIds: [] })),
    );
    expect(ingest.pending("p1")).toEqual({ departmentIds: ["d1"], userIds: ["u1", "u2", "u3"] });
    expect(requests).toEqual([]);
    await sleep(QUIET_MS * 3);
    expect(requests).toEqual([
      {
        providerId: "p1",
        scope: "ALL",
        trigger: "event",
        targets: { departmentIds: ["d1"], userIds: ["u1", "u2", "u3"] },
        requestedBy: "event",
      },
    ]);
    expect(ingest.pending("p1")).toBeUndefined();
  });

  it("does not wait longer than maxDelayMs for a stream of changes", async () => {
    const { ingest, requests } = harness();
    const started = Date.now();
    let i = 0;
    while (requests.length === 0 && Date.now() - started < MAX_DELAY_MS * 3) {
      await ingest.receive("one", delivery(users(`u${i++}`)));
      await sleep(QUIET_MS / 4);
    }
    expect(requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(MAX_DELAY_MS + QUIET_MS * 2);
    expect(requests[0]?.targets?.userIds.length).toBeGreaterThan(3);
  });

  it("keeps the changes when the run cannot be queued, and retries", async () => {
    const { ingest, requests, failures } = harness({ retryMs: 100 });
    failures.push(new Error("database unreachable"), new Error("database unreachable"));
    await ingest.receive("one", delivery(users("u1")));
    await sleep(QUIET_MS + 5);
    expect(ingest.pending("p1")).toEqual({ departmentIds: [], userIds: ["u1"] });
    await ingest.receive("one", delivery(users("u2")));
    for (let i = 0; i < 50 && requests.length < 3; i++) await sleep(20);
    expect(requests.map((request) => request.targets?.userIds)).toEqual([
      ["u1"],
      ["u1", "u2"],
      ["u1", "u2"],
    ]);
    expect(ingest.pending("p1")).toBeUndefined();
  });

  it("waits for the provider's active run to end, then queues what it kept", async () => {
    const { ingest, requests, failures, end, runs } = harness();
    runs.set("full", { id: "full", status: "planning" } as RunRecord);
    failures.push("busy");
    await ingest.receive("one", delivery(users("u1")));
    await sleep(QUIET_MS * 4);
    expect(requests).toHaveLength(1);
    await ingest.receive("one", delivery(users("u2")));
    await sleep(QUIET_MS * 4);
    // Still busy: nothing more was tried, nothing was lost.
    expect(requests).toHaveLength(1);
    expect(ingest.pending("p1")).toEqual({ departmentIds: [], userIds: ["u1", "u2"] });

    end("full");
    for (let i = 0; i < 50 && requests.length < 2; i++) await sleep(10);
    expect(requests[1]?.targets).toEqual({ departmentIds: [], userIds: ["u1", "u2"] });
  });

  it("holds changes arriving during its own run for the run after", async () => {
    const { ingest, requests, end } = harness();
    await ingest.receive("one", delivery(users("u1")));
    await sleep(QUIET_MS * 3);
    expect(requests).toHaveLength(1);
    await ingest.receive("one", delivery(users("u1")));
    await sleep(QUIET_MS * 3);
    expect(requests).toHaveLength(1);
    end("run-1");
    for (let i = 0; i < 50 && requests.length < 2; i++) await sleep(10);
    expect(requests[1]?.targets).toEqual({ departmentIds: [], userIds: ["u1"] });
  });

  it("stops watching a busy provider's run when stopped", async () => {
    const { ingest, requests, failures, end, runs } = harness();
    runs.set("full", { id: "full", status: "planning" } as RunRecord);
    failures.push("busy");
    await ingest.receive("one", delivery(users("u1")));
    await sleep(QUIET_MS * 3);
    expect(requests).toHaveLength(1);
    ingest.stop();
    end("full");
    await sleep(QUIET_MS * 3);
    expect(requests).toHaveLength(1);
  });

  it("drops the changes of a deleted provider", async () => {
    const { ingest, requests, failures } = harness();
    failures.push(new NotFoundError("provider", "p1"));
    await ingest.receive("one", delivery(users("u1")));
    await sleep(QUIET_MS * 4);
    expect(requests).toHaveLength(1);
    expect(ingest.pending("p1")).toBeUndefined();
  });

  it("stops: timers cleared, nothing queued, later deliveries answered unavailable", async () => {
    const { ingest, requests } = harness();
    await ingest.receive("one", delivery(users("u1")));
    ingest.stop();
    await sleep(QUIET_MS * 3);
    expect(requests).toEqual([]);
    expect(ingest.pending("p1")).toBeUndefined();
    expect(await ingest.receive("one", delivery(users("u2")))).toMatchObject({
      kind: "unavailable",
    });
  });
});
