import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter, Link, Route, Routes } from "react-router";
import { SessionGate } from "./auth/session.tsx";
import { UnauthenticatedError } from "./graphql/client.ts";
import { LocaleProvider } from "./i18n/locale.tsx";
import { useMessages } from "./i18n/messages.ts";
import { AuditPage } from "./pages/audit/audit-page.tsx";
import { DirectoryPage } from "./pages/directory/directory-page.tsx";
import { FieldRelationsPage } from "./pages/field-relations/field-relations-page.tsx";
import { ProviderEditPage } from "./pages/providers/provider-edit-page.tsx";
import { ProvidersPage } from "./pages/providers/providers-page.tsx";
import { RunDetailPage } from "./pages/runs/run-detail-page.tsx";
import { RunsPage } from "./pages/runs/runs-page.tsx";
import { SettingsPage } from "./pages/settings/settings-page.tsx";
import { SetupChecklistPage } from "./pages/setup-checklist/setup-checklist-page.tsx";
import { SyncPage } from "./pages/sync/sync-page.tsx";
import { AppShell } from "./shell/app-shell.tsx";
import { CurrentProviderProvider } from "./shell/current-provider.tsx";
import { shellMessages } from "./shell/shell-messages.ts";
import { EmptyState } from "./ui/states.tsx";

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
