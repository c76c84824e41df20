import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { request } from "../../graphql/client.ts";
import { ValidationIssuesFields } from "../../graphql/fragments.ts";
import { graphql, type ResultOf } from "../../graphql/graphql.ts";
import { operationName } from "../../graphql/hooks.ts";
import { useFormat } from "../../i18n/format.ts";
import { useMessages } from "../../i18n/messages.ts";
import { useCurrentProvider } from "../../shell/current-provider.tsx";
import { Button } from "../../ui/button.tsx";
import { SelectField } from "../../ui/field.tsx";
import { ProblemNotice } from "../../ui/notice.tsx";
import { PageHeader } from "../../ui/page.tsx";
import { EmptyState, ErrorState, Loading } from "../../ui/states.tsx";
import { AuditDetails } from "./audit-details.tsx";
import "./audit.css";
import {
  ACTION_GROUPS,
  actionMessages,
  auditMessages,
  isKnownAction,
  isTargetType,
  TARGET_TYPES,
} from "./messages.ts";

export const AuditLogQuery = graphql(
  `
  query AuditLogPage($action: String, $targetType: String, $first: Int, $before: Int) {
    auditLog(action: $action, targetType: $targetType, first: $first, before: $before) {
      __typename
      ... on QueryAuditLogSuccess {
        data {
          id
          at
          action
          targetType
          targetId
          details
          admin {
            id
            username
          }
        }
      }
      ... on ValidationError {
        message
        ...ValidationIssuesFields
      }
    }
  }
`,
  [ValidationIssuesFields],
);

type AuditResult = ResultOf<typeof AuditLogQuery>["auditLog"];
type AuditEntry = Extract<AuditResult, { __typename: "QueryAuditLogSuccess" }>["data"][number];

export const AUDIT_PAGE_SIZE = 50;

/** Pages of the log, each older than the last: `before` is the previous page's last id. */
function useAuditLog(filters: { action?: string; targetType?: string }) {
  const variables = { ...filters, first: AUDIT_PAGE_SIZE };
  return useInfiniteQuery({
    queryKey: [operationName(AuditLogQuery), variables],
    queryFn: ({ pageParam, signal }) =>
      request(
        AuditLogQuery,
        { ...variables, ...(pageParam === null ? {} : { before: pageParam }) },
        { signal },
      ),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => {
      const page = last.auditLog;
      if (page.__typename !== "QueryAuditLogSuccess") return null;
      // A short page is the last one; a full one may be followed by more.
      return page.data.length === AUDIT_PAGE_SIZE ? (page.data.at(-1)?.id ?? null) : null;
    },
  });
}

/** Who changed what, newest first, filtered by action and target type (kept in the URL). */
export function AuditPage() {
  const t = useMessages(auditMessages);
  const actions = useMessages(actionMessages);
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const action = params.get("action") ?? "";
  const targetType = params.get("targetType") ?? "";
  const filtered = action !== "" || targetType !== "";
  const log = useAuditLog({
    ...(action ? { action } : {}),
    ...(targetType ? { targetType } : {}),
  });
  const [refreshing, setRefreshing] = useState(false);

  function setFilter(name: "action" | "targetType", value: string) {
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  }
  const clearFilters = () => setParams({}, { replace: true });

  async function refresh() {
    setRefreshing(true);
    try {
      await client.invalidateQueries({ queryKey: [operationName(AuditLogQuery)] });
    } finally {
      setRefreshing(false);
    }
  }

  // A failed "Load more" keeps the entries already shown; only the next page failed.
  const nextPageError = log.isFetchNextPageError ? log.error : null;
  const pages = log.data?.pages.map((page) => page.auditLog) ?? [];
  const problem = pages.find((page) => page.__typename === "ValidationError");
  const entries = pages.flatMap((page) =>
    page.__typename === "QueryAuditLogSuccess" ? page.data : [],
  );

  return (
    <>
      <PageHeader
        title={t.title}
        description={t.description}
        actions={
          <Button onClick={refresh} busy={refreshing}>
            {t.refresh}
          </Button>
        }
      />
      <div className="toolbar audit-filters">
        <SelectField
          label={t.filterAction}
          value={action}
          onChange={(event) => setFilter("action", event.target.value)}
        >
          <option value="">{t.allActions}</option>
          {ACTION_GROUPS.map((group) => (
            <optgroup key={group.area} label={t[`area_${group.area}`]}>
              {group.actions.map((name) => (
                <option key={name} value={name}>
                  {actions[name]}
                </option>
              ))}
            </optgroup>
          ))}
          {action && !isKnownAction(action) && <option value={action}>{action}</option>}
        </SelectField>
        <SelectField
          label={t.filterTargetType}
          value={targetType}
          onChange={(event) => setFilter("targetType", event.target.value)}
        >
          <option value="">{t.allTargetTypes}</option>
          {TARGET_TYPES.map((type) => (
            <option key={type} value={type}>
              {t[`target_${type}`]}
            </option>
          ))}
          {targetType && !isTargetType(targetType) && (
            <option value={targetType}>{targetType}</option>
          )}
        </SelectField>
        {filtered && (
          <Button variant="ghost" onClick={clearFilters}>
            {t.clearFilters}
          </Button>
        )}
      </div>
      {log.isPending ? (
        <Loading />
      ) : log.isError && !log.isFetchNextPageError ? (
        <ErrorState error={log.error} onRetry={() => log.refetch()} />
      ) : problem && problem.__typename === "ValidationError" ? (
        <ProblemNotice error={problem} />
      ) : entries.length === 0 ? (
        filtered ? (
          <EmptyState
            title={t.noMatchTitle}
            action={<Button onClick={clearFilters}>{t.clearFilters}</Button>}
          >
            {t.noMatchBody}
          </EmptyState>
        ) : (
          <EmptyState title={t.emptyTitle}>{t.emptyBody}</EmptyState>
        )
      ) : (
        <>
          <AuditTable entries={entries} />
          <div className="row audit-more">
            <span className="muted" role="status">
              {t.shown(entries.length)}
            </span>
            {log.hasNextPage ? (
              <Button busy={log.isFetchingNextPage} onClick={() => log.fetchNextPage()}>
                {t.loadMore}
              </Button>
            ) : (
              <span className="muted">{t.end}</span>
            )}
          </div>
          {nextPageError && (
            <ErrorState error={nextPageError} onRetry={() => log.fetchNextPage()} />
          )}
        </>
      )}
    </>
  );
}

function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  const t = useMessages(auditMessages);
  const actions = useMessages(actionMessages);
  const format = useFormat();
  return (
    <div className="table-wrap">
      <table className="table audit-table">
        <caption className="visually-hidden">{t.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.colWhen}</th>
            <th scope="col">{t.colWho}</th>
            <th scope="col">{t.colAction}</th>
            <th scope="col">{t.colTarget}</th>
            <th scope="col">{t.colDetails}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="audit-when">
                <time dateTime={entry.at} title={format.relative(entry.at)}>
                  {format.dateTime(entry.at)}
                </time>
              </td>
              <td>
                <Who entry={entry} />
              </td>
              <td>
                <div className="audit-action">
                  {isKnownAction(entry.action) ? actions[entry.action] : entry.action}
                </div>
                <code className="muted">{entry.action}</code>
              </td>
              <td>
                <Target entry={entry} />
              </td>
              <td>
                <AuditDetails details={entry.details} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function detail(entry: AuditEntry, key: string): string | undefined {
  const details = entry.details;
  if (typeof details !== "object" || details === null) return undefined;
  const value = (details as Record<string, unknown>)[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The admin, or the system (first-run setup, the CLI, failed logins). */
function Who({ entry }: { entry: AuditEntry }) {
  const t = useMessages(auditMessages);
  if (entry.admin) return <span>{entry.admin.username}</span>;
  const actor = detail(entry, "actor");
  return (
    <span className="muted">{actor && actor !== "system" ? t.systemVia(actor) : t.system}</span>
  );
}

/** What the change was about, linked to its page where there is one. */
function Target({ entry }: { entry: AuditEntry }) {
  const t = useMessages(auditMessages);
  const { providers } = useCurrentProvider();
  const { targetType: type, targetId: id } = entry;
  if (!type) return <span className="muted">—</span>;
  const label = isTargetType(type) ? t[`target_${type}`] : type;
  if (!id || type === "directory") return <span>{label}</span>;
  if (type === "provider") {
    // The name at the time when the entry says it, else today's name, else the id.
    const name =
      detail(entry, "name") ??
      providers.find((provider) => provider.id === id)?.name ??
      detail(entry, "flag") ??
      id;
    return (
      <span>
        {label} <Link to={`/providers/${encodeURIComponent(id)}`}>{name}</Link>
      </span>
    );
  }
  if (type === "run") {
    return <Link to={`/runs/${encodeURIComponent(id)}`}>{t.runTarget(id.slice(0, 8))}</Link>;
  }
  if (type === "admin") {
    return (
      <span>
        {label} {detail(entry, "username") ?? (entry.admin?.id === id ? entry.admin.username : id)}
      </span>
    );
  }
  return (
    <span>
      {label} <code>{id}</code>
    </span>
  );
}
