import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ComponentType, type LazyExoticComponent, lazy } from "react";
import { BrowserRouter, Link, Route, Routes } from "react-router";
import { SessionGate } from "./auth/session.tsx";
import { UnauthenticatedError } from "./graphql/client.ts";
import { LocaleProvider } from "./i18n/locale.tsx";
import { useMessages } from "./i18n/messages.ts";
import { AppShell } from "./shell/app-shell.tsx";
import { CurrentProviderProvider } from "./shell/current-provider.tsx";
import { shellMessages } from "./shell/shell-messages.ts";
import { EmptyState } from "./ui/states.tsx";

/**
 * A page's chunk, fetched the first time the page opens: the first screen (login, set-up) does
 * not wait for the editors, diff tables and cron parser of the others.
 */
function lazyPage<Name extends string>(
  load: () => Promise<Record<Name, ComponentType>>,
  name: Name,
): LazyExoticComponent<ComponentType> {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

const AuditPage = lazyPage(() => import("./pages/audit/audit-page.tsx"), "AuditPage");
const DirectoryPage = lazyPage(
  () => import("./pages/directory/directory-page.tsx"),
  "DirectoryPage",
);
const FieldRelationsPage = lazyPage(
  () => import("./pages/field-relations/field-relations-page.tsx"),
  "FieldRelationsPage",
);
const ProviderEditPage = lazyPage(
  () => import("./pages/providers/provider-edit-page.tsx"),
  "ProviderEditPage",
);
const ProvidersPage = lazyPage(
  () => import("./pages/providers/providers-page.tsx"),
  "ProvidersPage",
);
const RunDetailPage = lazyPage(() => import("./pages/runs/run-detail-page.tsx"), "RunDetailPage");
const RunsPage = lazyPage(() => import("./pages/runs/runs-page.tsx"), "RunsPage");
const SettingsPage = lazyPage(() => import("./pages/settings/settings-page.tsx"), "SettingsPage");
const SetupChecklistPage = lazyPage(
  () => import("./pages/setup-checklist/setup-checklist-page.tsx"),
  "SetupChecklistPage",
);
const SyncPage = lazyPage(() => import("./pages/sync/sync-page.tsx"), "SyncPage");

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A lost session is not a blip: retrying only delays the login form.
        retry: (count, error) => !(error instanceof UnauthenticatedError) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}

function NotFound() {
  const t = useMessages(shellMessages);
  return (
    <EmptyState
      title={t.notFound}
      action={
        <Link className="btn btn-secondary" to="/">
          {t.backHome}
        </Link>
      }
    />
  );
}

/** Every page of the app, behind the session gate. */
export function AppRoutes() {
  return (
    <SessionGate>
      <CurrentProviderProvider>
        <Routes>
          <Route element={<AppShell />}>
            <Route index element={<SetupChecklistPage />} />
            <Route path="providers" element={<ProvidersPage />} />
            <Route path="providers/new" element={<ProviderEditPage />} />
            <Route path="providers/:id" element={<ProviderEditPage />} />
            <Route path="field-relations" element={<FieldRelationsPage />} />
            <Route path="sync" element={<SyncPage />} />
            <Route path="runs" element={<RunsPage />} />
            <Route path="runs/:id" element={<RunDetailPage />} />
            <Route path="directory" element={<DirectoryPage />} />
            <Route path="settings" element={<SettingsPage />} />
            <Route path="audit" element={<AuditPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </CurrentProviderProvider>
    </SessionGate>
  );
}

export function App({ queryClient = createQueryClient() }: { queryClient?: QueryClient }) {
  return (
    <LocaleProvider>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </LocaleProvider>
  );
}
