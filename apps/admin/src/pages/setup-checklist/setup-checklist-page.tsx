import { useIsFetching, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { useGraphQLQuery } from "../../graphql/hooks.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Badge } from "../../ui/badge.tsx";
import { Button } from "../../ui/button.tsx";
import { Card, PageHeader } from "../../ui/page.tsx";
import { ErrorState, Loading } from "../../ui/states.tsx";
import { STEP_IDS } from "./checklist.ts";
import { checklistMessages } from "./messages.ts";
import { ProviderChecklist } from "./provider-checklist.tsx";
import { type DirectoryStatus, SetupChecklistQuery } from "./queries.ts";
import "./setup-checklist.css";

const isChecklistQuery = (query: { queryKey: readonly unknown[] }) => {
  const name = String(query.queryKey[0]);
  return name.startsWith("SetupChecklist") || name === "ProviderTestConnection";
};

/**
 * `/`: the landing page. The seed's procedure — directory, Feishu app, permissions, contact
 * scope, field relations, groups, users — as live checks for every provider, each step with its
 * status, what is wrong and where to fix it.
 */
export function SetupChecklistPage() {
  const t = useMessages(checklistMessages);
  const client = useQueryClient();
  const query = useGraphQLQuery(SetupChecklistQuery, {});
  const checking = useIsFetching({ predicate: isChecklistQuery }) > 0;

  const checkAgain = () => client.invalidateQueries({ predicate: isChecklistQuery });

  const data = query.data;
  const hasProviders = (data?.providers.length ?? 0) > 0;

  return (
    <>
      <PageHeader
        title={t.title}
        description={t.description}
        actions={
          <>
            {hasProviders && (
              <Link className="btn btn-secondary" to="/providers/new">
                {t.addProvider}
              </Link>
            )}
            <Button variant="primary" onClick={checkAgain} busy={checking} disabled={!data}>
              {t.checkAgain}
            </Button>
          </>
        }
      />
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <>
          <DirectoryCard directory={data?.directorySettings ?? null} />
          {hasProviders ? (
            data?.providers.map((provider) => (
              <ProviderChecklist
                key={provider.id}
                provider={provider}
                kindName={
                  data.providerKinds.find((kind) => kind.kind === provider.kind)?.displayName ??
                  provider.kind
                }
                directoryConnected={data.directorySettings !== null}
              />
            ))
          ) : (
            <Welcome />
          )}
        </>
      )}
    </>
  );
}

/** The directory comes before everything else: nothing can be synced without it. */
function DirectoryCard({ directory }: { directory: DirectoryStatus }) {
  const t = useMessages(checklistMessages);
  if (!directory) {
    return (
      <Card className="directory-step directory-missing">
        <div className="step-heading">
          <h2>{t.directoryMissingTitle}</h2>
          <Badge tone="warning">{t.status_missing}</Badge>
          <Badge tone="info">{t.next}</Badge>
        </div>
        <p>{t.directoryMissing}</p>
        <div>
          <Link className="btn btn-primary" to="/settings">
            {t.openSettings}
          </Link>
        </div>
      </Card>
    );
  }
  return (
    <Card className="directory-step">
      <div className="directory-row">
        <div className="step-heading">
          <h2>{t.directoryTitle}</h2>
          <Badge tone="success">{t.directoryConnected}</Badge>
        </div>
        <p className="muted dn">
          {t.directoryAt(directory.connection.url, directory.connection.baseDn)}
        </p>
        <Link className="btn btn-small btn-secondary" to="/settings">
          {t.directorySettings}
        </Link>
      </div>
    </Card>
  );
}

/** No provider yet: the procedure ahead, starting with the Feishu app. */
function Welcome() {
  const t = useMessages(checklistMessages);
  return (
    <Card className="welcome">
      <h2>{t.welcomeTitle}</h2>
      <p>{t.welcomeBody}</p>
      <ol className="checklist">
        <li className="checklist-step step-next">
          <span className="step-marker" aria-hidden="true">
            1
          </span>
          <div className="step-body">
            <div className="step-heading">
              <h3>{t.addFeishuApp}</h3>
              <Badge tone="info">{t.next}</Badge>
            </div>
            <p className="step-about">{t.addFeishuAppBody}</p>
            <div className="step-actions">
              <Link className="btn btn-primary" to="/providers/new?kind=feishu">
                {t.addFeishuApp}
              </Link>
              <span className="muted">{t.addOtherIm}</span>
              <Link className="btn" to="/providers/new?kind=dingtalk">
                {t.addDingTalkApp}
              </Link>
              <Link className="btn" to="/providers/new?kind=wecom">
                {t.addWeComApp}
              </Link>
            </div>
          </div>
        </li>
      </ol>
      <p className="muted">{t.laterSteps}</p>
      <ol className="checklist checklist-upcoming" start={2}>
        {STEP_IDS.slice(1).map((id, index) => (
          <li key={id} className="checklist-step step-upcoming">
            <span className="step-marker" aria-hidden="true">
              {index + 2}
            </span>
            <div className="step-body">
              <h3>{t[`step_${id}`]}</h3>
              <p className="step-about">{t[`stepAbout_${id}`]}</p>
            </div>
          </li>
        ))}
      </ol>
    </Card>
  );
}
