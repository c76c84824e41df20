import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect } from "react";
import { onUnauthenticated } from "../graphql/client.ts";
import { graphql } from "../graphql/graphql.ts";
import { useGraphQLQuery } from "../graphql/hooks.ts";
import { ErrorState, Loading } from "../ui/states.tsx";
import { LoginPage } from "./login-page.tsx";
import { SetupAdminPage } from "./setup-admin-page.tsx";

export const SessionQuery = graphql(`
  query Session {
    me {
      id
      username
      lastLoginAt
    }
    setupRequired
  }
`);

/** The logged-in admin, for pages that show who they are. */
export function useSession() {
  return useGraphQLQuery(SessionQuery, {}, { staleTime: 60_000 });
}

/**
 * Shows the app only to a logged-in admin: the first-run form while no admin exists, the login
 * form otherwise. Any request that finds the session gone brings the login form back.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const session = useSession();
  useEffect(
    () =>
      onUnauthenticated(() => {
        client.setQueryData(["Session", {}], (old: unknown) =>
          old && typeof old === "object" ? { ...old, me: null } : old,
        );
      }),
    [client],
  );
  if (session.isPending) return <Loading />;
  if (session.isError) {
    return (
      <main className="auth-page">
        <ErrorState error={session.error} onRetry={() => session.refetch()} />
      </main>
    );
  }
  if (session.data.setupRequired) return <SetupAdminPage />;
  if (!session.data.me) return <LoginPage />;
  return <>{children}</>;
}
