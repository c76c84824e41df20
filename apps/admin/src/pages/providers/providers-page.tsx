import { Link } from "react-router";
import { useGraphQLQuery } from "../../graphql/hooks.ts";
import { useFormat } from "../../i18n/format.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Badge, runStatusTone } from "../../ui/badge.tsx";
import { PageHeader } from "../../ui/page.tsx";
import { EmptyState, ErrorState, Loading } from "../../ui/states.tsx";
import { providerMessages } from "./messages.ts";
import { ProvidersPageQuery } from "./queries.ts";
import "./providers.css";

/** `/providers`: every connected IM, whether it can run, and what is running now. */
export function ProvidersPage() {
  const t = useMessages(providerMessages);
  const format = useFormat();
  const query = useGraphQLQuery(ProvidersPageQuery, {});

  const addLink = (
    <Link className="btn btn-primary" to="/providers/new">
      {t.addProvider}
    </Link>
  );

  return (
    <>
      <PageHeader title={t.listTitle} description={t.listDescription} actions={addLink} />
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => query.refetch()} />
      ) : query.data.providers.length === 0 ? (
        <EmptyState title={t.emptyTitle}>{t.emptyBody}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table providers-table">
            <caption className="visually-hidden">{t.tableCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.colName}</th>
                <th scope="col">{t.colKind}</th>
                <th scope="col">{t.colFlag}</th>
                <th scope="col">{t.colEnabled}</th>
                <th scope="col">{t.colSecrets}</th>
                <th scope="col">{t.colActiveRun}</th>
                <th scope="col">{t.colUpdated}</th>
                <th scope="col">
                  <span className="visually-hidden">{t.colActions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {query.data.providers.map((provider) => {
                const kind = query.data.providerKinds.find((k) => k.kind === provider.kind);
                return (
                  <tr key={provider.id}>
                    <th scope="row">
                      <Link to={`/providers/${provider.id}`}>{provider.name}</Link>
                    </th>
                    <td>{kind?.displayName ?? provider.kind}</td>
                    <td>
                      <code>{provider.flag}</code>
                    </td>
                    <td>
                      <Badge tone={provider.enabled ? "success" : "neutral"}>
                        {provider.enabled ? t.enabledBadge : t.disabledBadge}
                      </Badge>
                    </td>
                    <td>
                      <Badge tone={provider.hasSecrets ? "success" : "warning"}>
                        {provider.hasSecrets ? t.secretsSet : t.secretsNotSet}
                      </Badge>
                    </td>
                    <td>
                      {provider.activeRun ? (
                        <Link to={`/runs/${provider.activeRun.id}`}>
                          <Badge tone={runStatusTone(provider.activeRun.status)}>
                            {t.runLink(provider.activeRun.status, provider.activeRun.scope)}
                          </Badge>
                        </Link>
                      ) : (
                        <span className="muted">{t.noActiveRun}</span>
                      )}
                    </td>
                    <td className="nowrap">
                      <time dateTime={provider.updatedAt}>
                        {format.dateTime(provider.updatedAt)}
                      </time>
                    </td>
                    <td className="num">
                      <Link
                        className="btn btn-small btn-secondary"
                        to={`/providers/${provider.id}`}
                        aria-label={t.editProvider(provider.name)}
                      >
                        {t.edit}
                      </Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
