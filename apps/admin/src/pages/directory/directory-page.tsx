import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { operationName } from "../../graphql/hooks.ts";
import { useMessages } from "../../i18n/messages.ts";
import { type ProviderSummary, WithProvider } from "../../shell/current-provider.tsx";
import { Button } from "../../ui/button.tsx";
import { ProblemNotice } from "../../ui/notice.tsx";
import { Card, PageHeader } from "../../ui/page.tsx";
import { EmptyState, ErrorState, Loading } from "../../ui/states.tsx";
import "./directory.css";
import { DirectoryUnavailableState } from "./directory-unavailable.tsx";
import { EntryPanel } from "./entry-panel.tsx";
import { GroupPanel } from "./group-panel.tsx";
import { GroupTree } from "./group-tree.tsx";
import { directoryMessages } from "./messages.ts";
import {
  DirectoryEntryDetailsQuery,
  DirectoryTreeLevelQuery,
  DirectoryUserSearchQuery,
  ROOT,
  useDirectoryLevel,
} from "./queries.ts";
import { UserSearchField, UserSearchResults } from "./user-search.tsx";

/** The directory as it is: the current provider's departments, members and entries. */
export function DirectoryPage() {
  return (
    <WithProvider>
      {(provider) => <DirectoryView key={provider.id} provider={provider} />}
    </WithProvider>
  );
}

const DIRECTORY_QUERIES = [
  DirectoryTreeLevelQuery,
  DirectoryUserSearchQuery,
  DirectoryEntryDetailsQuery,
].map(operationName);

function DirectoryView({ provider }: { provider: ProviderSummary }) {
  const t = useMessages(directoryMessages);
  const client = useQueryClient();
  const root = useDirectoryLevel(provider.id, ROOT);
  const [selected, setSelected] = useState(ROOT);
  const [entryDn, setEntryDn] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [refreshing, setRefreshing] = useState(false);

  async function refresh() {
    setRefreshing(true);
    try {
      await Promise.all(
        DIRECTORY_QUERIES.map((name) => client.invalidateQueries({ queryKey: [name] })),
      );
    } finally {
      setRefreshing(false);
    }
  }

  return (
    <>
      <PageHeader
        title={t.title}
        description={t.description(provider.name)}
        actions={
          <Button onClick={refresh} busy={refreshing}>
            {t.refresh}
          </Button>
        }
      />
      {body()}
    </>
  );

  // A function, not a component: a component declared here would remount on every render.
  function body() {
    if (root.query.isPending) return <Loading />;
    if (root.query.isError) {
      return <ErrorState error={root.query.error} onRetry={() => root.query.refetch()} />;
    }
    if (root.problem?.__typename === "DirectoryNotConfiguredError") {
      return (
        <EmptyState
          title={t.notConfiguredTitle}
          action={
            <Link className="btn btn-primary" to="/settings">
              {t.goToSettings}
            </Link>
          }
        >
          {root.problem.message}
        </EmptyState>
      );
    }
    if (root.problem?.__typename === "DirectoryUnavailableError") {
      return (
        <Card>
          <DirectoryUnavailableState
            error={root.problem}
            onRetry={() => root.query.refetch()}
            retrying={root.query.isFetching}
          />
        </Card>
      );
    }
    if (root.problem || !root.level) {
      return root.problem ? <ProblemNotice error={root.problem} /> : null;
    }
    const level = root.level;
    if (!level.exists) {
      return (
        <EmptyState
          title={t.notSyncedTitle}
          action={
            <Link className="btn btn-primary" to="/sync">
              {t.goToSync}
            </Link>
          }
        >
          {t.notSyncedBody(level.parent.dn)}
        </EmptyState>
      );
    }
    return (
      <>
        <UserSearchField value={search} onChange={setSearch} />
        <UserSearchResults providerId={provider.id} text={search} onOpen={setEntryDn} />
        <div className="directory-panes">
          <Card title={t.treeTitle} className="tree-card">
            <GroupTree
              providerId={provider.id}
              root={{
                dn: ROOT,
                name: t.rootLabel(provider.flag),
                childCount: level.groups.totalCount,
                memberCount: 0,
              }}
              selected={selected}
              onSelect={setSelected}
            />
          </Card>
          <div className="stack directory-detail">
            {entryDn && (
              <EntryPanel providerId={provider.id} dn={entryDn} onClose={() => setEntryDn(null)} />
            )}
            <GroupPanel providerId={provider.id} dn={selected} onOpenEntry={setEntryDn} />
          </div>
        </div>
      </>
    );
  }
}
