import { useState } from "react";
import { Link } from "react-router";
import { useGraphQLMutation, useGraphQLQuery } from "../../graphql/hooks.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Badge, runStatusTone } from "../../ui/badge.tsx";
import { Button } from "../../ui/button.tsx";
import { commonMessages } from "../../ui/common-messages.ts";
import { Notice, ProblemNotice, type Tone } from "../../ui/notice.tsx";
import { Card } from "../../ui/page.tsx";
import { ProgressBar } from "../../ui/progress-bar.tsx";
import { ErrorState, errorText, Loading } from "../../ui/states.tsx";
import { CountsStats } from "./run-counts.tsx";
import {
  ApproveRunMutation,
  CancelRunMutation,
  RUN_QUERIES,
  RunDestructiveItemsQuery,
  type RunDetail,
} from "./run-documents.ts";
import { RunItemsBrowser } from "./run-items-browser.tsx";
import { RunItemsTable } from "./run-items-table.tsx";
import { runMessages } from "./run-messages.ts";
import { isCancellable, type OperationCount, type RunStatus } from "./run-model.ts";
import type { LiveRun } from "./use-run-progress.ts";

/** How many removals a held run lists before pointing at its detail. */
const DESTRUCTIVE_SHOWN = 20;

export function RunStatusBadge({ status }: { status: string }) {
  const t = useMessages(runMessages);
  const known = `status_${status}` as `status_${RunStatus}`;
  return <Badge tone={runStatusTone(status)}>{t[known] ?? status}</Badge>;
}

/**
 * An active run as it moves: status, what it is doing, the progress bar and the counts so far.
 * The counts leave out what is still `planned`: "so far" means done.
 */
export function LiveProgress({ live }: { live: LiveRun }) {
  const t = useMessages(runMessages);
  const lineKey = `statusLine_${live.status}` as const;
  const line =
    lineKey === "statusLine_queued" ||
    lineKey === "statusLine_planning" ||
    lineKey === "statusLine_applying" ||
    lineKey === "statusLine_needs_approval"
      ? t[lineKey]
      : undefined;
  const done: OperationCount[] = live.counts.filter((row) => row.outcome !== "planned");
  return (
    <div className="stack run-live-progress">
      <div className="row">
        <RunStatusBadge status={live.status} />
        {line && <span>{line}</span>}
        {live.channel !== "none" && (
          <span className="run-live-channel muted">
            {live.channel === "stream" ? t.liveStream : t.livePolling}
          </span>
        )}
      </div>
      {live.status !== "needs_approval" && (
        <ProgressBar
          label={t.progressLabel}
          done={live.progress.done}
          total={live.progress.total ?? null}
        />
      )}
      {done.length > 0 && <CountsStats counts={done} label={t.countsSoFar} />}
    </div>
  );
}

/** Stops a run: a queued or held one at once, a working one after its current step. */
export function CancelRunButton({
  runId,
  status,
  cancelRequested,
}: {
  runId: string;
  status: string;
  cancelRequested: boolean;
}) {
  const t = useMessages(runMessages);
  const common = useMessages(commonMessages);
  const cancel = useGraphQLMutation(CancelRunMutation, { invalidates: RUN_QUERIES });
  const result = cancel.data?.cancelRun;
  if (!isCancellable(status)) return null;
  const requested =
    cancelRequested ||
    (result?.__typename === "Run" && result.cancelRequested && isCancellable(result.status));
  return (
    <div className="stack">
      {requested ? (
        <Notice tone="info">{t.cancelling}</Notice>
      ) : (
        <div>
          <Button
            variant="secondary"
            busy={cancel.isPending}
            onClick={() => cancel.mutate({ id: runId })}
          >
            {t.cancelRun}
          </Button>
        </div>
      )}
      {result && result.__typename !== "Run" && (
        <Notice tone="danger" title={t.cancelRefused}>
          {result.message}
        </Notice>
      )}
      {cancel.isError && (
        <Notice tone="danger" title={t.cancelRefused}>
          {errorText(cancel.error, common.unreachable)}
        </Notice>
      )}
    </div>
  );
}

function DestructiveItems({
  runId,
  destructiveCount,
}: {
  runId: string;
  destructiveCount: number;
}) {
  const t = useMessages(runMessages);
  const query = useGraphQLQuery(RunDestructiveItemsQuery, { id: runId, first: DESTRUCTIVE_SHOWN });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const run = query.data.run;
  if (!run) return null;
  const items = [...run.deleteUsers.nodes, ...run.disableUsers.nodes, ...run.deleteGroups.nodes]
    .sort((a, b) => a.seq - b.seq)
    .slice(0, DESTRUCTIVE_SHOWN);
  const more = Math.max(0, destructiveCount - items.length);
  return (
    <div className="stack">
      <h3>{t.destructiveTitle}</h3>
      <RunItemsTable items={items} showOutcome={false} caption={t.destructiveTitle} />
      {more > 0 && (
        <p className="muted">
          <Link to={`/runs/${runId}`}>{t.destructiveMore(more)}</Link>
        </p>
      )}
    </div>
  );
}

/**
 * A run held at the safety gate: why, how many objects it removes and which, and Approve. If the
 * directory changed since the plan, approving plans again instead of applying (`replanned`): the
 * panel says so and shows the new plan to approve.
 */
export function ApprovalPanel({
  run,
}: {
  run: Pick<RunDetail, "id" | "approval" | "error" | "counts">;
}) {
  const t = useMessages(runMessages);
  const common = useMessages(commonMessages);
  const [replanned, setReplanned] = useState(false);
  const approve = useGraphQLMutation(ApproveRunMutation, {
    invalidates: RUN_QUERIES,
    onSuccess: (data) => {
      if (data.approveRun.__typename === "ApproveRunPayload")
        setReplanned(data.approveRun.replanned);
    },
  });
  const result = approve.data?.approveRun;
  const destructiveCount = run.approval?.destructiveCount ?? 0;
  const reason = run.approval?.reason ?? run.error;
  return (
    <Card title={t.approvalTitle} className="run-approval-card">
      {replanned && (
        <Notice tone="warning" title={t.replannedTitle}>
          {t.replannedBody}
        </Notice>
      )}
      <p>{t.approvalIntro(destructiveCount)}</p>
      {reason && (
        <p>
          <strong>{t.approvalReason}:</strong> {reason}
        </p>
      )}
      <CountsStats counts={run.counts} planned />
      {destructiveCount > 0 && (
        <DestructiveItems runId={run.id} destructiveCount={destructiveCount} />
      )}
      <details className="run-plan-details" open={replanned || undefined}>
        <summary>{t.wholePlan}</summary>
        <RunItemsBrowser runId={run.id} counts={run.counts} showOutcome={false} />
      </details>
      {result && result.__typename !== "ApproveRunPayload" && <ProblemNotice error={result} />}
      {approve.isError && (
        <Notice tone="danger" title={t.approveRefused}>
          {errorText(approve.error, common.unreachable)}
        </Notice>
      )}
      <div className="row">
        <Button
          variant="danger"
          busy={approve.isPending}
          onClick={() => approve.mutate({ id: run.id })}
        >
          {t.approve}
        </Button>
        <span className="muted">{t.approveHint}</span>
      </div>
    </Card>
  );
}

const OUTCOME_TONES: Record<string, Tone> = {
  succeeded: "success",
  failed: "danger",
  cancelled: "info",
  interrupted: "warning",
};

/** A finished run in a sentence, its counts, and the way to its detail. */
export function RunOutcome({
  run,
  detailLink = true,
}: {
  run: { id: string; status: string; error?: string | null; counts: readonly OperationCount[] };
  detailLink?: boolean;
}) {
  const t = useMessages(runMessages);
  const status = run.status as "succeeded" | "failed" | "cancelled" | "interrupted";
  const failed = run.counts
    .filter((row) => row.outcome === "failed")
    .reduce((sum, row) => sum + row.count, 0);
  const tone: Tone =
    status === "succeeded" && failed > 0 ? "warning" : (OUTCOME_TONES[status] ?? "info");
  const body =
    status === "succeeded"
      ? failed > 0
        ? t.outcomeBody_succeededWithFailures(failed)
        : t.outcomeBody_succeeded
      : t[`outcomeBody_${status}`];
  return (
    <div className="stack">
      <Notice tone={tone} title={t[`outcomeTitle_${status}`]}>
        <p>{body}</p>
        {run.error && <p className="run-error">{run.error}</p>}
      </Notice>
      <CountsStats counts={run.counts} />
      {detailLink && (
        <div>
          <Link className="btn btn-primary" to={`/runs/${run.id}`}>
            {t.openRun}
          </Link>
        </div>
      )}
    </div>
  );
}
