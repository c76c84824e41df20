import { Link } from "react-router";
import { useGraphQLQuery } from "../../graphql/hooks.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Button } from "../../ui/button.tsx";
import { Card } from "../../ui/page.tsx";
import { ErrorState, Loading } from "../../ui/states.tsx";
import { type RunDetail, RunDetailQuery } from "../runs/run-documents.ts";
import { ApprovalPanel, CancelRunButton, LiveProgress, RunOutcome } from "../runs/run-live.tsx";
import { runMessages } from "../runs/run-messages.ts";
import { useRunProgress } from "../runs/use-run-progress.ts";
import type { SyncScope } from "./sync-documents.ts";
import { syncMessages } from "./sync-messages.ts";

const SCOPE_ACTIONS = { GROUPS: "syncGroups", USERS: "syncUsers", ALL: "syncAll" } as const;

function Tracking({ run, onDone }: { run: RunDetail; onDone(): void }) {
  const t = useMessages(syncMessages);
  const live = useRunProgress(run.id, run);
  const scope = t[SCOPE_ACTIONS[run.scope as SyncScope] ?? "syncAll"];
  const r = useMessages(runMessages);
  const detail = (
    <Link className="btn btn-ghost btn-small" to={`/runs/${run.id}`}>
      {r.openRun}
    </Link>
  );
  const cancel = (
    <CancelRunButton runId={run.id} status={live.status} cancelRequested={run.cancelRequested} />
  );

  if (live.status === "needs_approval") {
    return (
      <>
        <Card title={t.heldTitle(scope)} actions={detail}>
          <LiveProgress live={live} />
          {cancel}
        </Card>
        {/* The detail catches up with the stream a moment later; approve what it shows. */}
        {run.status === "needs_approval" ? <ApprovalPanel run={run} /> : <Loading />}
      </>
    );
  }
  if (live.channel !== "none" || run.status !== live.status) {
    return (
      <Card title={t.trackingTitle(scope)} actions={detail}>
        <LiveProgress live={live} />
        {cancel}
      </Card>
    );
  }
  return (
    <Card
      title={t.finishedTitle(scope)}
      actions={<Button onClick={onDone}>{t.backToActions}</Button>}
    >
      {/* Shown once the detail caught up with the stream: its counts and error are the record. */}
      <RunOutcome run={run} />
    </Card>
  );
}

/** A run started here (or found active on load), followed until it ends, then its outcome. */
export function SyncTracker({ runId, onDone }: { runId: string; onDone(): void }) {
  const t = useMessages(syncMessages);
  const r = useMessages(runMessages);
  const query = useGraphQLQuery(RunDetailQuery, { id: runId });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const run = query.data.run;
  if (!run) {
    return (
      <Card>
        <p>{r.runNotFound}</p>
        <div>
          <Button onClick={onDone}>{t.backToActions}</Button>
        </div>
      </Card>
    );
  }
  return <Tracking run={run} onDone={onDone} />;
}
