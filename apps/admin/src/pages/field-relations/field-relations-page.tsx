import { useCallback } from "react";
import { useGraphQLQuery } from "../../graphql/hooks.ts";
import { useMessages } from "../../i18n/messages.ts";
import type { ProviderSummary } from "../../shell/current-provider.tsx";
import { WithProvider } from "../../shell/current-provider.tsx";
import { PageHeader } from "../../ui/page.tsx";
import { EmptyState, ErrorState, Loading } from "../../ui/states.tsx";
import "./field-relations.css";
import { fieldRelationsMessages } from "./messages.ts";
import { FieldRelationsLoadQuery } from "./operations.ts";
import { RelationsEditor } from "./relations-editor.tsx";

/** `/field-relations`: how the current provider's departments and people map to LDAP entries. */
export function FieldRelationsPage() {
  const t = useMessages(fieldRelationsMessages);
  return (
    <>
      <PageHeader title={t.title} description={t.description} />
      <WithProvider>
        {(provider) => <ProviderRelations key={provider.id} provider={provider} />}
      </WithProvider>
    </>
  );
}

function ProviderRelations({ provider }: { provider: ProviderSummary }) {
  const t = useMessages(fieldRelationsMessages);
  const query = useGraphQLQuery(FieldRelationsLoadQuery, { providerId: provider.id });
  const { refetch } = query;
  const reload = useCallback(async () => {
    const { data, error } = await refetch();
    if (error) throw error;
    const result = data?.fieldRelations;
    return result?.__typename === "ProviderFieldRelations" ? result : undefined;
  }, [refetch]);

  if (query.isPending) return <Loading label={t.loadingRelations} />;
  // A failed background refetch keeps the editor (and the admin's drafts) on screen.
  if (!query.data) return <ErrorState error={query.error} onRetry={() => void refetch()} />;
  const result = query.data.fieldRelations;
  if (result.__typename !== "ProviderFieldRelations") {
    return <EmptyState title={result.message} />;
  }
  // The editor keeps its own drafts from here on: refetches (after a save elsewhere on the page)
  // do not overwrite what the admin is typing; a conflict offers an explicit reload instead.
  return <RelationsEditor providerId={provider.id} data={result} reload={reload} />;
}
