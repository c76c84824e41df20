import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useGraphQLMutation, useGraphQLQuery } from "../../graphql/hooks.ts";
import { useFormat } from "../../i18n/format.ts";
import { useMessages } from "../../i18n/messages.ts";
import {
  type ProviderSummary,
  useCurrentProvider,
  WithProvider,
} from "../../shell/current-provider.tsx";
import { Button } from "../../ui/button.tsx";
import { commonMessages } from "../../ui/common-messages.ts";
import { Notice } from "../../ui/notice.tsx";
import { Card, PageHeader } from "../../ui/page.tsx";
import { ErrorState, errorText, Loading } from "../../ui/states.tsx";
import { RunStatusBadge } from "../runs/run-live.tsx";
import { runMessages } from "../runs/run-messages.ts";
import {
  type PlannedRun,
  type SyncProblem as Problem,
  SyncPlanMutation,
  SyncProviderQuery,
  SyncRunMutation,
  type SyncScope,
} from "./sync-documents.ts";
import { syncMessages } from "./sync-messages.ts";
import { SyncPreview } from "./sync-preview.tsx";
import { SyncProblem } from "./sync-problem.tsx";
import { SyncTracker } from "./sync-tracker.tsx";
import "./sync.css";

type View =
  | { kind: "idle" }
  | { kind: "preview"; scope: SyncScope; run: PlannedRun }
  | { kind: "problem"; scope: SyncScope; problem: Problem }
  | { kind: "tracking"; runId: string };

const ACTIONS = [
  { scope: "GROUPS", label: "syncGroups", hint: "syncGroupsHint" },
  { scope: "USERS", label: "syncUsers", hint: "syncUsersHint" },
  { scope: "ALL", label: "syncAll", hint: "syncAllHint" },
] as const;

const scopeLabel = (scope: SyncScope) =>
  ACTIONS.find((action) => action.scope === scope)?.label ?? "syncAll";

function RecentSyncs({
  runs,
}: {
  runs: readonly { id: string; status: string; scope: string; createdAt: string }[];
}) {
  const t = useMessages(syncMessages);
  const r = useMessages(runMessages);
  const format = useFormat();
  return (
    <Card
      title={t.recentTitle}
      actions={
        <Link className="btn btn-ghost btn-small" to="/runs">
          {t.allRuns}
        </Link>
      }
    >
      {runs.length === 0 ? (
        <p className="muted">{t.recentEmpty}</p>
      ) : (
        <ul className="sync-recent-runs">
          {runs.map((run) => (
            <li key={run.id}>
              <Link to={`/runs/${run.id}`}>{format.dateTime(run.createdAt)}</Link>
              <span>{r[`scope_${run.scope as SyncScope}`]}</span>
              <RunStatusBadge status={run.status} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function ProviderSync({ provider }: { provider: ProviderSummary }) {
  const t = useMessages(syncMessages);
  const common = useMessages(commonMessages);
  const client = useQueryClient();
  const overview = useGraphQLQuery(SyncProviderQuery, { id: provider.id });
  const [view, setView] = useState<View | undefined>();
  const [planning, setPlanning] = useState<SyncScope | undefined>();
  const plan = useGraphQLMutation(SyncPlanMutation, { invalidates: ["RunsList"] });
  const run = useGraphQLMutation(SyncRunMutation, { invalidates: ["SyncProvider", "RunsList"] });

  const preview = (scope: SyncScope) => {
    setPlanning(scope);
    run.reset();
    plan.mutate(
      { providerId: provider.id, scope },
      {
        onSuccess: (data) => {
          const result = data.planSync;
          setView(
            result.__typename === "Run"
              ? { kind: "preview", scope, run: result }
              : { kind: "problem", scope, problem: result },
          );
        },
        onSettled: () => setPlanning(undefined),
      },
    );
  };

  const apply = (scope: SyncScope) => {
    run.mutate(
      { providerId: provider.id, scope },
      {
        onSuccess: (data) => {
          const result = data.runSync;
          setView(
            result.__typename === "Run"
              ? { kind: "tracking", runId: result.id }
              : { kind: "problem", scope, problem: result },
          );
        },
      },
    );
  };

  if (overview.isPending) return <Loading />;
  if (overview.isError)
    return <ErrorState error={overview.error} onRetry={() => overview.refetch()} />;
  const activeRun = overview.data.provider?.activeRun;
  const current: View =
    view ?? (activeRun ? { kind: "tracking", runId: activeRun.id } : { kind: "idle" });
  const recent = overview.data.runs.__typename === "RunPage" ? overview.data.runs.nodes : [];

  if (current.kind === "tracking") {
    return (
      <SyncTracker
        key={current.runId}
        runId={current.runId}
        onDone={() => {
          setView({ kind: "idle" });
          void client.invalidateQueries({ queryKey: ["SyncProvider"] });
        }}
      />
    );
  }

  const requestError = plan.error ?? run.error;
  return (
    <>
      {!provider.enabled && (
        <Notice tone="warning" title={t.providerDisabled}>
          <p>{t.providerDisabledBody}</p>
          <p>
            <Link to={`/providers/${provider.id}`}>{t.openProvider}</Link>
          </p>
        </Notice>
      )}
      <Card title={t.actionsTitle}>
        <div className="grid-3 sync-actions">
          {ACTIONS.map((action) => (
            <div key={action.scope} className="sync-action">
              <Button
                variant={action.scope === "ALL" ? "secondary" : "primary"}
                busy={planning === action.scope}
                disabled={planning !== undefined || run.isPending}
                onClick={() => preview(action.scope)}
              >
                {t[action.label]}
              </Button>
              <p className="muted">{t[action.hint]}</p>
            </div>
          ))}
        </div>
        {planning && <Loading label={t.planning} />}
      </Card>
      {requestError && (
        <Notice tone="danger" title={t.requestFailed}>
          {errorText(requestError, common.unreachable)}
        </Notice>
      )}
      {current.kind === "problem" && !planning && (
        <SyncProblem
          problem={current.problem}
          providerId={provider.id}
          onPreviewGroups={() => preview("GROUPS")}
          onFollowRun={(runId) => setView({ kind: "tracking", runId })}
        />
      )}
      {current.kind === "preview" && (
        <SyncPreview
          key={current.run.id}
          run={current.run}
          title={t[scopeLabel(current.scope)]}
          applying={run.isPending}
          previewing={planning !== undefined}
          onApply={() => apply(current.scope)}
          onPreviewAgain={() => preview(current.scope)}
          onDiscard={() => setView({ kind: "idle" })}
        />
      )}
      <RecentSyncs runs={recent} />
    </>
  );
}

/** Sync groups, users or all: preview the plan as a diff, apply it, follow it, approve it. */
export function SyncPage() {
  const t = useMessages(syncMessages);
  const { provider } = useCurrentProvider();
  return (
    <>
      <PageHeader
        title={t.title}
        {...(provider ? { description: t.description(provider.name) } : {})}
      />
      <WithProvider>
        {(current) => <ProviderSync key={current.id} provider={current} />}
      </WithProvider>
    </>
  );
}
