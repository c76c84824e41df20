import { useState } from "react";
import { Link, useParams } from "react-router";
import { useGraphQLQuery } from "../../graphql/hooks.ts";
import { useFormat } from "../../i18n/format.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Notice } from "../../ui/notice.tsx";
import { Card, PageHeader } from "../../ui/page.tsx";
import { EmptyState, ErrorState, Loading } from "../../ui/states.tsx";
import { ExportCsvButton } from "./export-csv.tsx";
import { ItemDialog } from "./item-dialog.tsx";
import { CountsMatrix } from "./run-counts.tsx";
import { type RunDetail, RunDetailQuery, type RunItem } from "./run-documents.ts";
import { RunErrors } from "./run-errors.tsx";
import { RunItemsBrowser } from "./run-items-browser.tsx";
import { ApprovalPanel, CancelRunButton, LiveProgress, RunStatusBadge } from "./run-live.tsx";
import { runMessages } from "./run-messages.ts";
import { runsPageMessages } from "./runs-page-messages.ts";
import { useRunProgress } from "./use-run-progress.ts";
import "./runs.css";

function Facts({ run, status }: { run: RunDetail; status: string }) {
  const t = useMessages(runsPageMessages);
  const r = useMessages(runMessages);
  const format = useFormat();
  const targets = run.targets;
  return (
    <dl className="run-facts run-facts-grid">
      <dt>{t.status}</dt>
      <dd>
        <RunStatusBadge status={status} />
      </dd>
      <dt>{t.provider}</dt>
      <dd>{run.provider ? `${run.provider.name} (${run.provider.flag})` : run.providerId}</dd>
      <dt>{t.scope}</dt>
      <dd>{r[`scope_${run.scope}`]}</dd>
      <dt>{t.trigger}</dt>
      <dd>{r[`trigger_${run.trigger}`]}</dd>
      <dt>{t.dryRun}</dt>
      <dd>{run.dryRun ? t.dryRunYes : t.dryRunNo}</dd>
      <dt>{t.requestedBy}</dt>
      <dd>{run.requestedBy ?? "—"}</dd>
      {run.approvedBy && (
        <>
          <dt>{t.approvedBy}</dt>
          <dd>{t.approvedAt(run.approvedBy, format.dateTime(run.approvedAt))}</dd>
        </>
      )}
      <dt>{t.created}</dt>
      <dd>{format.dateTime(run.createdAt)}</dd>
      <dt>{t.started}</dt>
      <dd>{format.dateTime(run.startedAt)}</dd>
      <dt>{t.finished}</dt>
      <dd>{format.dateTime(run.finishedAt)}</dd>
      <dt>{t.duration}</dt>
      <dd>{format.duration(run.durationMs)}</dd>
      {targets && (
        <>
          <dt>{t.targets}</dt>
          <dd className="mono">
            {targets.departmentIds.length > 0 && (
              <span className="run-target-line">
                {t.targetDepartments(targets.departmentIds.join(", "))}
              </span>
            )}
            {targets.userIds.length > 0 && (
              <span className="run-target-line">{t.targetUsers(targets.userIds.join(", "))}</span>
            )}
          </dd>
        </>
      )}
    </dl>
  );
}

function RunView({ run }: { run: RunDetail }) {
  const t = useMessages(runsPageMessages);
  const r = useMessages(runMessages);
  const live = useRunProgress(run.id, run);
  const [opened, setOpened] = useState<RunItem | undefined>();
  const counts = live.channel === "none" ? run.counts : live.counts;
  const applied = !run.dryRun && run.status !== "needs_approval";
  const held = run.status === "needs_approval" && live.status === "needs_approval";

  return (
    <>
      <nav className="run-breadcrumb" aria-label={t.breadcrumb}>
        <Link to="/runs">{r.backToRuns}</Link>
      </nav>
      <PageHeader
        title={t.detailTitle(r[`scope_${run.scope}`], run.dryRun)}
        actions={<ExportCsvButton runId={run.id} />}
      />
      {run.error && !held && (
        <Notice tone={run.status === "succeeded" ? "warning" : "danger"} title={t.errorTitle}>
          <p className="run-error">{run.error}</p>
        </Notice>
      )}
      <Card title={t.factsTitle}>
        <Facts run={run} status={live.status} />
      </Card>
      {live.channel !== "none" && (
        <Card title={t.liveTitle}>
          <LiveProgress live={live} />
          <CancelRunButton
            runId={run.id}
            status={live.status}
            cancelRequested={run.cancelRequested}
          />
        </Card>
      )}
      {held && <ApprovalPanel run={run} />}
      {run.warnings.length > 0 && (
        <Card title={t.warningsTitle}>
          <ul className="run-warnings">
            {run.warnings.map((warning) => (
              <li key={`${warning.code}:${warning.anchor ?? ""}:${warning.message}`}>
                <code className="muted">{warning.code}</code> {warning.message}
                {warning.anchor && <code className="muted"> {warning.anchor}</code>}
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card title={t.countsTitle}>
        {counts.length === 0 ? (
          <p className="muted">{t.noCounts}</p>
        ) : (
          <CountsMatrix counts={counts} caption={t.countsCaption} />
        )}
      </Card>
      {applied && (
        <Card title={t.errorsTitle}>
          <p className="muted">{r.errorsIntro}</p>
          <RunErrors runId={run.id} counts={run.counts} onOpen={setOpened} />
        </Card>
      )}
      <Card title={t.itemsTitle}>
        <RunItemsBrowser runId={run.id} counts={run.counts} showOutcome={!run.dryRun} />
      </Card>
      {opened && <ItemDialog item={opened} onClose={() => setOpened(undefined)} />}
    </>
  );
}

/** One run: what it was, how it went, every object's outcome, and its errors with the fixes. */
export function RunDetailPage() {
  const { id = "" } = useParams();
  const r = useMessages(runMessages);
  const query = useGraphQLQuery(RunDetailQuery, { id });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const run = query.data.run;
  if (!run) {
    return (
      <EmptyState
        title={r.runNotFound}
        action={
          <Link className="btn btn-secondary" to="/runs">
            {r.backToRuns}
          </Link>
        }
      />
    );
  }
  return <RunView key={run.id} run={run} />;
}
