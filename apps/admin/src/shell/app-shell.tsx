import { useQueryClient } from "@tanstack/react-query";
import { Suspense } from "react";
import { NavLink, Outlet } from "react-router";
import { useSession } from "../auth/session.tsx";
import { graphql } from "../graphql/graphql.ts";
import { useGraphQLMutation } from "../graphql/hooks.ts";
import { useMessages } from "../i18n/messages.ts";
import { Button } from "../ui/button.tsx";
import { Loading } from "../ui/states.tsx";
import { useCurrentProvider } from "./current-provider.tsx";
import { LanguageSwitch } from "./language-switch.tsx";
import { shellMessages } from "./shell-messages.ts";

const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

const NAV = [
  { to: "/", key: "setup", end: true },
  { to: "/providers", key: "providers" },
  { to: "/field-relations", key: "fieldRelations" },
  { to: "/sync", key: "sync" },
  { to: "/runs", key: "runs" },
  { to: "/directory", key: "directory" },
  { to: "/settings", key: "settings" },
  { to: "/audit", key: "audit" },
] as const;

function ProviderPicker() {
  const t = useMessages(shellMessages);
  const { providers, provider, setProviderId } = useCurrentProvider();
  if (providers.length === 0) return <span className="muted">{t.noProviders}</span>;
  return (
    <label className="inline-select provider-picker">
      <span>{t.provider}</span>
      <select value={provider?.id} onChange={(event) => setProviderId(event.target.value)}>
        {providers.map((candidate) => (
          <option key={candidate.id} value={candidate.id}>
            {candidate.name} ({candidate.flag})
          </option>
        ))}
      </select>
    </label>
  );
}

export function AppShell() {
  const t = useMessages(shellMessages);
  const session = useSession();
  const client = useQueryClient();
  const logout = useGraphQLMutation(LogoutMutation, {
    onSuccess: () => {
      client.clear();
      void session.refetch();
    },
  });
  const username = session.data?.me?.username ?? "";
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <aside className="sidebar">
        <div className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>orgsync</span>
        </div>
        <nav aria-label={t.nav}>
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={"end" in item ? item.end : false}>
                  {t[item.key]}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <div className="main-column">
        <header className="topbar">
          <ProviderPicker />
          <div className="topbar-right">
            <LanguageSwitch />
            <span className="muted" title={t.signedInAs(username)}>
              {username}
            </span>
            <Button variant="ghost" onClick={() => logout.mutate({})} busy={logout.isPending}>
              {t.logOut}
            </Button>
          </div>
        </header>
        <main id="main" className="content" tabIndex={-1}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
