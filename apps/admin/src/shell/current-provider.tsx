import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { Link } from "react-router";
import { graphql, type ResultOf } from "../graphql/graphql.ts";
import { useGraphQLQuery } from "../graphql/hooks.ts";
import { useMessages } from "../i18n/messages.ts";
import { commonMessages } from "../ui/common-messages.ts";
import { EmptyState, ErrorState, Loading } from "../ui/states.tsx";

/**
 * Most pages work on one provider (one IM org). The header's picker chooses it for every page;
 * the choice survives reloads. `ProvidersList` is the query mutations invalidate when providers
 * change.
 */

export const ProvidersListQuery = graphql(`
  query ProvidersList {
    providers {
      id
      name
      kind
      flag
      enabled
    }
  }
`);

export type ProviderSummary = ResultOf<typeof ProvidersListQuery>["providers"][number];

const STORAGE_KEY = "orgsync.provider";

interface CurrentProviderState {
  providers: readonly ProviderSummary[];
  provider: ProviderSummary | undefined;
  setProviderId(id: string): void;
  query: ReturnType<typeof useProvidersList>;
}

function useProvidersList() {
  return useGraphQLQuery(ProvidersListQuery, {});
}

const CurrentProviderContext = createContext<CurrentProviderState | undefined>(undefined);

export function CurrentProviderProvider({ children }: { children: ReactNode }) {
  const query = useProvidersList();
  const [chosen, setChosen] = useState<string | null>(() => {
    try {
      return localStorage.getItem(STORAGE_KEY);
    } catch {
      return null;
    }
  });
  const setProviderId = useCallback((id: string) => {
    setChosen(id);
    try {
      localStorage.setItem(STORAGE_KEY, id);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);
  const value = useMemo<CurrentProviderState>(() => {
    const providers = query.data?.providers ?? [];
    const provider = providers.find((candidate) => candidate.id === chosen) ?? providers[0];
    return { providers, provider, setProviderId, query };
  }, [query, chosen, setProviderId]);
  return (
    <CurrentProviderContext.Provider value={value}>{children}</CurrentProviderContext.Provider>
  );
}

export function useCurrentProvider(): CurrentProviderState {
  const state = useContext(CurrentProviderContext);
  if (!state) throw new Error("useCurrentProvider() needs a <CurrentProviderProvider> above it");
  return state;
}

/** Renders `children` with the chosen provider, or says how to add one. */
export function WithProvider({ children }: { children: (provider: ProviderSummary) => ReactNode }) {
  const { provider, query } = useCurrentProvider();
  const t = useMessages(commonMessages);
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (!provider) {
    return (
      <EmptyState
        title={t.noProvider}
        action={
          <Link className="btn btn-primary" to="/providers/new">
            {t.addProvider}
          </Link>
        }
      >
        {t.noProviderHint}
      </EmptyState>
    );
  }
  return <>{children(provider)}</>;
}
