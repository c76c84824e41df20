import { Link } from "react-router";
import { useGraphQLQuery } from "../../graphql/hooks.ts";
import { useFormat } from "../../i18n/format.ts";
import { useMessages } from "../../i18n/messages.ts";
import { type ProviderSummary, useCurrentProvider } from "../../shell/current-provider.tsx";
import { Badge } from "../../ui/badge.tsx";
import type { Tone } from "../../ui/notice.tsx";
import { Notice } from "../../ui/notice.tsx";
import { Card } from "../../ui/page.tsx";
import { EmptyState, ErrorState, Loading } from "../../ui/states.tsx";
import { SCOPES, type ScheduleFireData, SettingsSchedulesQuery } from "./schedule-documents.ts";
import { ScheduleEditor } from "./schedule-editor.tsx";
import { scheduleMessages } from "./schedule-messages.ts";

/** The schedules of the provider chosen in the header, one editor per scope, and recent fires. */
export function SchedulesSection() {
  const t = useMessages(scheduleMessages);
  const { provider, query } = useCurrentProvider();
  return (
    <Card id="schedules" title={t.title}>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => query.refetch()} />
      ) : !provider ? (
        <EmptyState
          title={t.noProvider}
          action={
            <Link className="btn btn-primary" to="/providers/new">
              {t.addProvider}
            </Link>
          }
        />
      ) : (
        // A fresh editor per provider: drafts never leak from one provider to another.
        <ProviderSchedules key={provider.id} provider={provider} />
      )}
    </Card>
  );
}

function ProviderSchedules({ provider }: { provider: ProviderSummary }) {
  const t = useMessages(scheduleMessages);
  const query = useGraphQLQuery(SettingsSchedulesQuery, { providerId: provider.id });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const data = query.data.provider;
  if (!data) return <Notice tone="warning">{t.providerGone}</Notice>;
  return (
    <>
      <p className="muted">
        {t.intro(data.name)} {t.coinciding}
      </p>
      <div className="schedule-grid">
        {SCOPES.map((scope) => (
          <ScheduleEditor
            key={scope}
            providerId={data.id}
            scope={scope}
            schedule={data.schedules.find((schedule) => schedule.scope === scope)}
          />
        ))}
      </div>
      <RecentFires fires={data.scheduleFires} />
    </>
  );
}

const OUTCOME_TONES: Record<ScheduleFireData["outcome"], Tone> = {
  started: "success",
  skipped: "warning",
  failed: "danger",
};

function RecentFires({ fires }: { fires: readonly ScheduleFireData[] }) {
  const t = useMessages(scheduleMessages);
  const format = useFormat();
  return (
    <div className="stack">
      <h3>{t.firesTitle}</h3>
      {fires.length === 0 ? (
        <p className="muted">{t.firesEmpty}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t.firesCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.colFireAt}</th>
                <th scope="col">{t.colScope}</th>
                <th scope="col">{t.colOutcome}</th>
                <th scope="col">{t.colReason}</th>
                <th scope="col">{t.colRun}</th>
              </tr>
            </thead>
            <tbody>
              {fires.map((fire) => {
                const runId = fire.run?.id ?? fire.runId;
                return (
                  <tr key={`${fire.scope}:${fire.fireAt}`}>
                    <td>
                      <time dateTime={fire.fireAt}>{format.dateTime(fire.fireAt)}</time>
                    </td>
                    <td>{t[`scopeShort_${fire.scope}`]}</td>
                    <td>
                      <Badge tone={OUTCOME_TONES[fire.outcome]}>
                        {t[`outcome_${fire.outcome}`]}
                      </Badge>
                    </td>
                    <td>{fire.reason ?? ""}</td>
                    <td>
                      {runId && fire.run ? (
                        <Link to={`/runs/${runId}`}>{t.openRun(runId)}</Link>
                      ) : runId ? (
                        <span className="muted">{t.openRun(runId)}</span>
                      ) : (
                        <span aria-hidden="true">{t.noRun}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
