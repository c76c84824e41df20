import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { subscribe } from "../../graphql/client.ts";
import { useGraphQLQuery } from "../../graphql/hooks.ts";
import { RUN_QUERIES, RunProgressPollQuery, RunProgressSubscription } from "./run-documents.ts";
import { isActiveStatus, isTerminalStatus, type OperationCount } from "./run-model.ts";

export interface RunProgressState {
  status: string;
  progress: { done: number; total?: number | null | undefined };
  counts: readonly OperationCount[];
}

export interface LiveRun extends RunProgressState {
  /** How the page hears about the run: the event stream, polling, or not at all (finished). */
  channel: "stream" | "polling" | "none";
}

/** How often the fallback polls `run` when the event stream is not available. */
export const POLL_INTERVAL_MS = 2000;

/**
 * Follows an active run: the `runProgress` subscription first (server-sent events); if the stream
 * fails or ends before the run does (a proxy that buffers SSE, a restarted service), `run` is
 * polled every 2 s instead. Whenever the status changes, the run's queries are refreshed, so the
 * page's detail, items and lists follow without each page wiring it.
 *
 * `initial` is the run as last fetched; while it is finished nothing is followed.
 */
export function useRunProgress(runId: string, initial: RunProgressState): LiveRun {
  const client = useQueryClient();
  const [live, setLive] = useState<{ runId: string; state: RunProgressState } | undefined>();
  const [polling, setPolling] = useState(false);
  const current = live?.runId === runId ? live.state : initial;
  const following = isActiveStatus(initial.status) && isActiveStatus(current.status);

  useEffect(() => {
    setPolling(false);
    if (!following) return;
    const controller = new AbortController();
    let finished = false;
    subscribe(
      RunProgressSubscription,
      { id: runId },
      (data) => {
        const event = data.runProgress;
        const state = { status: event.status, progress: event.progress, counts: event.counts };
        setLive({ runId, state });
        finished = isTerminalStatus(event.status);
        return finished;
      },
      { signal: controller.signal },
    ).then(
      () => {
        if (!controller.signal.aborted && !finished) setPolling(true);
      },
      () => {
        if (!controller.signal.aborted) setPolling(true);
      },
    );
    return () => controller.abort();
  }, [runId, following]);

  const poll = useGraphQLQuery(
    RunProgressPollQuery,
    { id: runId },
    {
      enabled: following && polling,
      refetchInterval: (query) => {
        const status = query.state.data?.run?.status;
        return status && isTerminalStatus(status) ? false : POLL_INTERVAL_MS;
      },
    },
  );
  const polled = poll.data?.run;
  useEffect(() => {
    if (polled) {
      setLive({
        runId,
        state: { status: polled.status, progress: polled.progress, counts: polled.counts },
      });
    }
  }, [polled, runId]);

  // Status changes (held, approved, finished) change what the page shows: refresh its queries.
  const seen = useRef<{ runId: string; status: string }>({ runId, status: current.status });
  useEffect(() => {
    const before = seen.current;
    seen.current = { runId, status: current.status };
    if (before.runId === runId && before.status !== current.status) {
      for (const name of RUN_QUERIES) void client.invalidateQueries({ queryKey: [name] });
    }
  }, [client, runId, current.status]);

  return {
    ...current,
    channel: following ? (polling ? "polling" : "stream") : "none",
  };
}
