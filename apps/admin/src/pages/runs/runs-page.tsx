import { useInfiniteQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { request } from "../../graphql/client.ts";
import { ValidationIssuesFields } from "../../graphql/fragments.ts";
import { graphql, type ResultOf } from "../../graphql/graphql.ts";
import { useFormat } from "../../i18n/format.ts";
import { useMessages } from "../../i18n/messages.ts";
import { useCurrentProvider, WithProvider } from "../../shell/current-provider.tsx";
import { Button } from "../../ui/button.tsx";
import { CheckboxField, SelectField } from "../../ui/field.tsx";
import { ProblemNotice } from "../../ui/notice.tsx";
import { Card, PageHeader } from "../../ui/page.tsx";
import { EmptyState, ErrorState, Loading } from "../../ui/states.tsx";
import { RunStatusBadge } from "./run-live.tsx";
import { runMessages } from "./run-messages.ts";
import { isActiveStatus, RUN_STATUSES, type RunStatus, summarizeCounts } from "./run-model.ts";
import { runsPageMessages } from "./runs-page-messages.ts";
import "./runs.css";

const PAGE_SIZE = 25;

export const RunsListQuery = graphql(
  `
  query RunsList(
    $providerId: ID
    $status: [RunStatus!]
    $dryRun: Boolean
    $first: Int
    $after: String
  ) {
    runs(providerId: $providerId, status: $status, dryRun: $dryRun, first: $first, after: $after) {
      __typename
      ... on RunPage {
        endCursor
        nodes {
          id
          status
          scope
          trigger
          dryRun
          requestedBy
          createdAt
          startedAt
          finishedAt
          durationMs
          counts {
            op
            outcome
            count
          }
        }
      }
      ...ValidationIssuesFields
      ... on Error {
        message
      }
    }
  }
`,
  [ValidationIssuesFields],
);
type RunRow = Extract<
  ResultOf<typeof RunsListQuery>["runs"],
  { __typename: "RunPage" }
>["nodes"][number];

type Kind = "all" | "applied" | "previews";

/** The filters live in the URL, so a filtered history can be shared and survives a reload. */
function useRunFilters() {
  const [params, setParams] = useSearchParams();
  const statuses = (params.get("status") ?? "")
    .split(",")
    .filter((value): value is RunStatus => (RUN_STATUSES as readonly string[]).includes(value));
  const kindParam = params.get("kind");
  const kind: Kind = kindParam === "applied" || kindParam === "previews" ? kindParam : "all";
  const update = (next: { statuses?: RunStatus[]; kind?: Kind }) => {
    const merged = { statuses, kind, ...next };
    const search = new URLSearchParams();
    if (merged.statuses.length > 0) search.set("status", merged.statuses.join(","));
    if (merged.kind !== "all") search.set("kind", merged.kind);
    setParams(search, { replace: true });
  };
  return { statuses, kind, update };
}

function RunsTable({ runs }: { runs: readonly RunRow[] }) {
  const t = useMessages(runsPageMessages);
  const r = useMessages(runMessages);
  const format = useFormat();
  return (
    <div className="table-wrap">
      <table className="table runs-table">
        <caption className="visually-hidden">{t.tableCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.colStarted}</th>
            <th scope="col">{t.colStatus}</th>
            <th scope="col">{t.colScope}</th>
            <th scope="col">{t.colTrigger}</th>
            <th scope="col">{t.colDryRun}</th>
            <th scope="col" className="num">
              {t.colCreated}
            </th>
            <th scope="col" className="num">
              {t.colUpdated}
            </th>
            <th scope="col" className="num">
              {t.colRemoved}
            </th>
            <th scope="col" className="num">
              {t.colFailed}
            </th>
            <th scope="col">{t.colRequestedBy}</th>
            <th scope="col" className="num">
              {t.colDuration}
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const summary = summarizeCounts(run.counts);
            return (
              <tr key={run.id} className={run.dryRun ? "run-row run-row-preview" : "run-row"}>
                <td>
                  <Link to={`/runs/${run.id}`}>
                    {format.dateTime(run.startedAt ?? run.createdAt)}
                  </Link>
                </td>
                <td>
                  <RunStatusBadge status={run.status} />
                </td>
                <td>{r[`scope_${run.scope}`]}</td>
                <td>{r[`trigger_${run.trigger}`]}</td>
                <td>{run.dryRun ? t.preview : <span className="muted">{t.applied}</span>}</td>
                <td className="num">{format.number(summary.created)}</td>
                <td className="num">{format.number(summary.updated)}</td>
                <td className="num">{format.number(summary.removed)}</td>
                <td className={summary.failed > 0 ? "num run-count-failed" : "num"}>
                  {format.number(summary.failed)}
                </td>
                <td className="runs-requested-by">
                  {run.requestedBy ?? <span className="muted">—</span>}
                </td>
                <td className="num">
                  {isActiveStatus(run.status) ? (
                    <span className="muted">{t.running}</span>
                  ) : (
                    format.duration(run.durationMs)
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ProviderRuns({ providerId }: { providerId: string }) {
  const t = useMessages(runsPageMessages);
  const r = useMessages(runMessages);
  const { statuses, kind, update } = useRunFilters();
  const variables = {
    providerId,
    first: PAGE_SIZE,
    ...(statuses.length > 0 ? { status: statuses } : {}),
    ...(kind === "all" ? {} : { dryRun: kind === "previews" }),
  };
  const query = useInfiniteQuery({
    queryKey: ["RunsList", variables],
    queryFn: ({ pageParam, signal }) =>
      request(RunsListQuery, pageParam ? { ...variables, after: pageParam } : variables, {
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) =>
      last.runs.__typename === "RunPage" ? (last.runs.endCursor ?? undefined) : undefined,
  });
  const filtered = statuses.length > 0 || kind !== "all";
  const toggleStatus = (status: RunStatus, on: boolean) =>
    update({
      statuses: on
        ? RUN_STATUSES.filter((value) => value === status || statuses.includes(value))
        : statuses.filter((value) => value !== status),
    });

  const pages = query.data?.pages ?? [];
  const refusal = pages
    .map((page) => page.runs)
    .find((runs) => runs.__typename === "ValidationError");
  const runs = pages.flatMap((page) => (page.runs.__typename === "RunPage" ? page.runs.nodes : []));

  return (
    <>
      <Card>
        <div className="toolbar runs-filters">
          <fieldset className="runs-status-filter">
            <legend>{t.statusFilter}</legend>
            <div className="runs-status-options">
              {RUN_STATUSES.map((status) => (
                <CheckboxField
                  key={status}
                  label={r[`status_${status}`]}
                  checked={statuses.includes(status)}
                  onChange={(event) => toggleStatus(status, event.target.checked)}
                />
              ))}
            </div>
          </fieldset>
          <SelectField
            label={t.dryRunFilter}
            value={kind}
            onChange={(event) => update({ kind: event.target.value as Kind })}
          >
            <option value="all">{t.dryRunAll}</option>
            <option value="applied">{t.dryRunOnlyApplied}</option>
            <option value="previews">{t.dryRunOnlyPreviews}</option>
          </SelectField>
          {filtered && (
            <Button variant="ghost" onClick={() => update({ statuses: [], kind: "all" })}>
              {t.clearFilters}
            </Button>
          )}
        </div>
      </Card>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => query.refetch()} />
      ) : refusal?.__typename === "ValidationError" ? (
        <ProblemNotice error={refusal} />
      ) : runs.length === 0 ? (
        filtered ? (
          <EmptyState
            title={t.emptyFiltered}
            action={
              <Button onClick={() => update({ statuses: [], kind: "all" })}>
                {t.clearFilters}
              </Button>
            }
          />
        ) : (
          <EmptyState
            title={t.empty}
            action={
              <Link className="btn btn-primary" to="/sync">
                {t.goToSync}
              </Link>
            }
          >
            {t.emptyHint}
          </EmptyState>
        )
      ) : (
        <>
          <RunsTable runs={runs} />
          <div className="row run-list-footer">
            <span className="muted" aria-live="polite">
              {t.shown(runs.length)}
            </span>
            {query.hasNextPage && (
              <Button busy={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
                {t.loadMore}
              </Button>
            )}
          </div>
        </>
      )}
    </>
  );
}

/** The current provider's runs, newest first, filtered by status and kind, paged by cursor. */
export function RunsPage() {
  const t = useMessages(runsPageMessages);
  const { provider } = useCurrentProvider();
  return (
    <>
      <PageHeader
        title={t.title}
        {...(provider ? { description: t.description(provider.name) } : {})}
      />
      <WithProvider>
        {(current) => <ProviderRuns key={current.id} providerId={current.id} />}
      </WithProvider>
    </>
  );
}
