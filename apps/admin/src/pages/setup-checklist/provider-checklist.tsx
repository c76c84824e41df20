import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useId, useState } from "react";
import { Link } from "react-router";
import { useGraphQLQuery } from "../../graphql/hooks.ts";
import { useFormat } from "../../i18n/format.ts";
import { useMessages } from "../../i18n/messages.ts";
import { useCurrentProvider } from "../../shell/current-provider.tsx";
import { Badge, runStatusTone } from "../../ui/badge.tsx";
import { Button } from "../../ui/button.tsx";
import { commonMessages } from "../../ui/common-messages.ts";
import { ConnectionReportView } from "../../ui/connection-report.tsx";
import { Notice, type Tone } from "../../ui/notice.tsx";
import { Card } from "../../ui/page.tsx";
import { ProgressBar } from "../../ui/progress-bar.tsx";
import { errorText } from "../../ui/states.tsx";
import { TestProviderConnectionMutation } from "../providers/queries.ts";
import { checklistSteps, consoleUrl, lastSync, type Step, type StepStatus } from "./checklist.ts";
import { checklistMessages } from "./messages.ts";
import { type ChecklistProvider, RelationsQuery, syncedRuns } from "./queries.ts";

const STATUS_TONES: Record<StepStatus, Tone | "neutral"> = {
  done: "success",
  missing: "warning",
  failed: "danger",
  skipped: "neutral",
  checking: "info",
};

const STATUS_ICONS: Record<StepStatus, string> = {
  done: "✓",
  missing: "!",
  failed: "✕",
  skipped: "–",
  checking: "…",
};

/** One provider's set-up: the six steps, each live, with what to do next. */
export function ProviderChecklist({
  provider,
  kindName,
  directoryConnected,
}: {
  provider: ChecklistProvider;
  kindName: string;
  directoryConnected: boolean;
}) {
  const t = useMessages(checklistMessages);
  const common = useMessages(commonMessages);
  const format = useFormat();

  // The test only reads (the IM's answers to a few calls), so it runs as a query here:
  // deduplicated, cached between visits and refreshed by "Check again".
  const connection = useGraphQLQuery(TestProviderConnectionMutation, { id: provider.id });
  const relations = useGraphQLQuery(RelationsQuery, { providerId: provider.id });
  const runs = useQuery({
    queryKey: ["SetupChecklistRuns", { providerId: provider.id }],
    queryFn: ({ signal }) => syncedRuns(provider.id, signal),
  });

  const report = connection.data?.testProviderConnection;
  const connectionError =
    report?.__typename === "NotFoundError"
      ? report.message
      : connection.isError
        ? errorText(connection.error, common.unreachable)
        : undefined;
  const relationData =
    relations.data?.fieldRelations.__typename === "ProviderFieldRelations"
      ? relations.data.fieldRelations
      : undefined;

  const steps = checklistSteps({
    checks: report?.__typename === "ConnectionReport" ? report.checks : undefined,
    checking: connection.isFetching,
    relations: relationData && {
      group: relationData.group?.version ?? null,
      user: relationData.user?.version ?? null,
    },
    runs: runs.data,
  });
  const done = steps.filter((step) => step.status === "done").length;
  const next = steps.find((step) => step.status !== "done" && step.status !== "checking");

  const context: StepContext = {
    provider,
    connectionError,
    relations: relationData,
    relationsError:
      relations.isError || relations.data?.fieldRelations.__typename === "NotFoundError",
    runs: runs.data,
    runsError: runs.isError,
    directoryConnected,
  };

  return (
    <Card
      className="provider-checklist"
      title={
        <span className="row">
          <span>{provider.name}</span>
          <Badge>{kindName}</Badge>
          <code className="flag">{provider.flag}</code>
          {!provider.enabled && <Badge tone="warning">{t.disabled}</Badge>}
        </span>
      }
      actions={
        provider.activeRun && (
          <Link to={`/runs/${provider.activeRun.id}`}>
            <Badge tone={runStatusTone(provider.activeRun.status)}>
              {t.activeRun(provider.activeRun.scope, provider.activeRun.status)}
            </Badge>
          </Link>
        )
      }
    >
      <div className="checklist-progress">
        <p className="checklist-progress-text">{t.progress(done, steps.length)}</p>
        <ProgressBar done={done} total={steps.length} label={t.progressLabel(provider.name)} />
        {connection.dataUpdatedAt > 0 && (
          <p className="muted checked-at">
            {t.checkedAt(format.dateTime(new Date(connection.dataUpdatedAt).toISOString()))}
          </p>
        )}
      </div>
      {!provider.enabled && <Notice tone="warning" title={t.disabledNotice} />}
      {done === steps.length && (
        <Notice tone="success" title={t.complete}>
          <Link to="/runs">{t.seeRuns}</Link>
        </Notice>
      )}
      <ol className="checklist">
        {steps.map((step, index) => (
          <ChecklistStep
            key={step.id}
            number={index + 1}
            step={step}
            isNext={step === next}
            context={context}
          />
        ))}
      </ol>
      <Events provider={provider} />
    </Card>
  );
}

interface StepContext {
  provider: ChecklistProvider;
  connectionError: string | undefined;
  relations:
    | {
        group: { version: number } | null;
        user: { version: number } | null;
      }
    | undefined;
  relationsError: boolean;
  runs: Awaited<ReturnType<typeof syncedRuns>> | undefined;
  runsError: boolean;
  directoryConnected: boolean;
}

function ChecklistStep({
  number,
  step,
  isNext,
  context,
}: {
  number: number;
  step: Step;
  isNext: boolean;
  context: StepContext;
}) {
  const t = useMessages(checklistMessages);
  const titleId = useId();
  const statusId = useId();
  return (
    <li
      className={`checklist-step step-${step.status}${isNext ? " step-next" : ""}`}
      aria-labelledby={`${titleId} ${statusId}`}
      data-step={step.id}
    >
      <span className="step-marker" aria-hidden="true">
        {step.status === "done" || step.status === "checking" ? STATUS_ICONS[step.status] : number}
      </span>
      <div className="step-body">
        <div className="step-heading">
          <h3 id={titleId}>{t[`step_${step.id}`]}</h3>
          <span id={statusId}>
            <Badge tone={STATUS_TONES[step.status]}>{t[`status_${step.status}`]}</Badge>
          </span>
          {isNext && <Badge tone="info">{t.next}</Badge>}
        </div>
        <p className="step-about">{t[`stepAbout_${step.id}`]}</p>
        <StepDetail step={step} context={context} />
        <StepAction step={step} primary={isNext} context={context} />
      </div>
    </li>
  );
}

function StepDetail({ step, context }: { step: Step; context: StepContext }) {
  const t = useMessages(checklistMessages);
  const format = useFormat();
  switch (step.id) {
    case "credentials":
    case "contactScope":
      if (step.id === "credentials" && context.connectionError && step.status !== "checking") {
        return (
          <Notice tone="danger" title={t.checkFailed}>
            {context.connectionError}
          </Notice>
        );
      }
      return step.checks.length > 0 ? <ConnectionReportView checks={step.checks} /> : null;
    case "permissions": {
      if (step.checks.length === 0) return null;
      const permissions = step.checks.filter((check) => check.id.startsWith("permission:"));
      const granted = permissions.filter((check) => check.status === "ok").length;
      // Each check is shown once (the e2e finds it by `data-check`): what needs attention in
      // full, what passed folded away.
      const attention = step.checks.filter((check) => check.status !== "ok");
      const passed = step.checks.filter((check) => check.status === "ok");
      return (
        <div className="stack">
          {permissions.length > 0 && (
            <p className="step-detail">{t.permissionsSummary(granted, permissions.length)}</p>
          )}
          {attention.length > 0 && <ConnectionReportView checks={attention} />}
          {passed.length > 0 && (
            <details className="all-checks">
              <summary>{t.passedChecks(passed.length)}</summary>
              <ConnectionReportView checks={passed} />
            </details>
          )}
        </div>
      );
    }
    case "fieldRelations": {
      if (context.relationsError) return <p className="step-detail">{t.relationsUnknown}</p>;
      const relations = context.relations;
      if (!relations) return null;
      if (relations.group && relations.user) {
        return (
          <p className="step-detail">
            {t.relationsSaved(relations.group.version, relations.user.version)}
          </p>
        );
      }
      const missing = [
        relations.group ? undefined : t.groupRelations,
        relations.user ? undefined : t.userRelations,
      ].filter(Boolean);
      return <p className="step-detail">{t.relationsMissing(missing.join(", "))}</p>;
    }
    case "groupsSynced":
    case "usersSynced": {
      if (context.runsError) return <p className="step-detail">{t.runsUnknown}</p>;
      if (!context.runs) return null;
      const run = lastSync(context.runs, step.id === "groupsSynced" ? "GROUPS" : "USERS");
      if (!run) {
        return (
          <p className="step-detail">
            {step.id === "groupsSynced" ? t.noGroupsSync : t.noUsersSync}
            {!context.directoryConnected && <> {t.needsDirectory}</>}
          </p>
        );
      }
      return (
        <p className="step-detail">
          {t.lastSync(run.scope, format.dateTime(run.finishedAt))}{" "}
          <Link to={`/runs/${run.id}`}>{t.viewRun}</Link>
        </p>
      );
    }
  }
}

function StepAction({
  step,
  primary,
  context,
}: {
  step: Step;
  primary: boolean;
  context: StepContext;
}) {
  const t = useMessages(checklistMessages);
  const { setProviderId } = useCurrentProvider();
  const className = `btn btn-small ${primary ? "btn-primary" : "btn-secondary"}`;
  const { provider } = context;
  // Field relations and sync work on the header's provider: choose this one on the way there.
  const choose = () => setProviderId(provider.id);
  let action: ReactNode;
  switch (step.id) {
    case "credentials":
      action = (
        <Link className={className} to={`/providers/${provider.id}`}>
          {t.action_credentials}
        </Link>
      );
      break;
    case "permissions":
    case "contactScope": {
      const url = consoleUrl(provider.kind, provider.config);
      if (!url || step.status === "done") return null;
      action = (
        <a className={className} href={url} target="_blank" rel="noreferrer">
          {t.action_console}
          <span className="visually-hidden"> {t.opensInNewTab}</span>
        </a>
      );
      break;
    }
    case "fieldRelations":
      action = (
        <Link className={className} to="/field-relations" onClick={choose}>
          {t.action_fieldRelations}
        </Link>
      );
      break;
    case "groupsSynced":
    case "usersSynced":
      action = (
        <Link className={className} to="/sync" onClick={choose}>
          {t[`action_${step.id}`]}
        </Link>
      );
      break;
  }
  return <div className="step-actions">{action}</div>;
}

function Events({ provider }: { provider: ChecklistProvider }) {
  const t = useMessages(checklistMessages);
  const [copied, setCopied] = useState(false);
  const url = provider.webhookUrl;
  async function copy() {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      // No clipboard (insecure context): the URL is on screen to select by hand.
    }
  }
  return (
    <section className="checklist-events" aria-label={t.eventsTitle}>
      <h3>{t.eventsTitle}</h3>
      {url ? (
        <>
          <p className="muted">{t.eventsOn}</p>
          <div className="row">
            <code className="webhook-url">{url}</code>
            <Button className="btn-small" onClick={copy}>
              {copied ? t.copied : t.copy}
            </Button>
          </div>
        </>
      ) : (
        <p className="muted">
          {t.eventsOff} <Link to={`/providers/${provider.id}`}>{t.action_credentials}</Link>
        </p>
      )}
    </section>
  );
}
