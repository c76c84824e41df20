import type { RunItemRecord, RunRecord } from "../../src/repositories/runs.ts";
import type { RunEvent } from "../../src/runs/run-events.ts";
import type { RunService } from "../../src/runs/run-service.ts";

/** Every event of a run until it finishes (or is held), as the GraphQL subscription sees them. */
export async function collectEvents(service: RunService, runId: string): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for await (const event of service.watch(runId)) events.push(event);
  return events;
}

/** Waits until the run is in one of `statuses` (polling the database) and returns it. */
export async function waitForStatus(
  service: RunService,
  runId: string,
  statuses: readonly RunRecord["status"][],
  timeoutMs = 60_000,
): Promise<RunRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await service.get(runId);
    if (run && statuses.includes(run.status)) return run;
    if (Date.now() > deadline) {
      throw new Error(
        `run ${runId} is ${run?.status}, not ${statuses.join("/")}, after ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every item of a run, all pages. */
export async function allItems(service: RunService, runId: string): Promise<RunItemRecord[]> {
  const items: RunItemRecord[] = [];
  let after: string | undefined;
  do {
    const page = await service.listItems(runId, { first: 1000, ...(after ? { after } : {}) });
    items.push(...page.items);
    after = page.endCursor;
  } while (after);
  return items;
}

/** Runs `scope` to the end through the job runner and returns the finished run. */
export async function runToEnd(
  service: RunService,
  providerId: string,
  scope: RunRecord["scope"] = "ALL",
): Promise<RunRecord> {
  const queued = await service.run({ providerId, scope, requestedBy: "test" });
  await collectEvents(service, queued.id);
  return (await service.get(queued.id)) as RunRecord;
}

/** How many rows a table-like count is, for "nothing stored" checks. */
export async function runCount(service: RunService, providerId: string): Promise<number> {
  return (await service.list({ providerId, first: 1000 })).items.length;
}
