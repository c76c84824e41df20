import { useState } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { useGraphQLMutation, useGraphQLQuery } from "../../graphql/hooks.ts";
import { useMessages } from "../../i18n/messages.ts";
import { useCurrentProvider } from "../../shell/current-provider.tsx";
import { Badge, runStatusTone } from "../../ui/badge.tsx";
import { Button } from "../../ui/button.tsx";
import { commonMessages } from "../../ui/common-messages.ts";
import { ConnectionReportView } from "../../ui/connection-report.tsx";
import { ConfirmDialog } from "../../ui/dialog.tsx";
import { Notice } from "../../ui/notice.tsx";
import { Card, PageHeader } from "../../ui/page.tsx";
import { EmptyState, ErrorState, errorText, Loading } from "../../ui/states.tsx";
import { providerMessages } from "./messages.ts";
import { ProviderForm, type SavedProvider } from "./provider-form.tsx";
import {
  type ConnectionReportData,
  DeleteProviderMutation,
  type EditedProvider,
  ProviderEditQuery,
  type ProviderKindData,
  ProviderKindsQuery,
  TestProviderConnectionMutation,
} from "./queries.ts";
import "./providers.css";

/** What the create form hands to the provider's page when it navigates there. */
interface SavedState {
  saved?: "created" | "saved";
  connection?: ConnectionReportData | null;
}

/** `/providers/new` creates a provider; `/providers/:id` edits, tests and deletes one. */
export function ProviderEditPage() {
  const { id } = useParams();
  return id ? <EditProvider key={id} id={id} /> : <NewProvider />;
}

function BackLink() {
  const t = useMessages(providerMessages);
  return (
    <Link className="back-link" to="/providers">
      ← {t.backToList}
    </Link>
  );
}

function NewProvider() {
  const t = useMessages(providerMessages);
  const kinds = useGraphQLQuery(ProviderKindsQuery, {});
  const [params] = useSearchParams();
  const navigate = useNavigate();
  // The list of providers too: the suggested flag must be a free one.
  const { providers, setProviderId, query: providersQuery } = useCurrentProvider();

  function saved(result: SavedProvider) {
    setProviderId(result.id);
    const state: SavedState = { saved: "created", connection: result.connection };
    navigate(`/providers/${result.id}`, { state });
  }

  return (
    <>
      <BackLink />
      <PageHeader title={t.newTitle} description={t.newDescription} />
      {kinds.isPending || providersQuery.isPending ? (
        <Loading />
      ) : kinds.isError ? (
        <ErrorState error={kinds.error} onRetry={() => kinds.refetch()} />
      ) : kinds.data.providerKinds.length === 0 ? (
        <EmptyState title={t.noKinds} />
      ) : (
        <ProviderForm
          kinds={kinds.data.providerKinds}
          initialKind={params.get("kind")}
          takenFlags={providers.map((provider) => provider.flag)}
          onSaved={saved}
        />
      )}
    </>
  );
}

function EditProvider({ id }: { id: string }) {
  const t = useMessages(providerMessages);
  const query = useGraphQLQuery(ProviderEditQuery, { id });
  const kinds = useGraphQLQuery(ProviderKindsQuery, {});
  const location = useLocation();
  const arrived = (location.state ?? {}) as SavedState;
  const [outcome, setOutcome] = useState<"created" | "saved" | "unchanged" | undefined>(
    arrived.saved,
  );
  const [report, setReport] = useState<ConnectionReportData | null | undefined>(arrived.connection);

  if (query.isPending || kinds.isPending) return <Loading />;
  if (query.isError || kinds.isError) {
    const error = query.error ?? kinds.error;
    return (
      <ErrorState
        error={error}
        onRetry={() => {
          void query.refetch();
          void kinds.refetch();
        }}
      />
    );
  }
  const provider = query.data.provider;
  if (!provider) {
    return (
      <>
        <BackLink />
        <EmptyState
          title={t.notFound}
          action={
            <Link className="btn btn-secondary" to="/providers">
              {t.backToList}
            </Link>
          }
        >
          {t.notFoundHint}
        </EmptyState>
      </>
    );
  }

  function saved(result: SavedProvider, how: "created" | "saved" | "unchanged") {
    setOutcome(how);
    setReport(result.connection);
  }

  return (
    <>
      <BackLink />
      <ProviderHeader
        provider={provider}
        onTested={(tested) => {
          setOutcome(undefined);
          setReport(tested);
        }}
      />
      {outcome && (
        <Notice
          tone={outcome === "unchanged" ? "info" : "success"}
          title={t[outcome === "unchanged" ? "noChanges" : outcome]}
        >
          {report && <p>{report.ok ? t.connectionOk : t.connectionNeedsWork}</p>}
        </Notice>
      )}
      {report && <ConnectionCard report={report} />}
      {provider.activeRun && (
        <Notice tone="info" title={t.activeRun}>
          <p className="row">
            <Badge tone={runStatusTone(provider.activeRun.status)}>
              {provider.activeRun.status}
            </Badge>
            <Link to={`/runs/${provider.activeRun.id}`}>{t.viewRun}</Link>
          </p>
        </Notice>
      )}
      <EditForm provider={provider} kinds={kinds.data.providerKinds} onSaved={saved} />
      <WebhookCard provider={provider} />
    </>
  );
}

/** The form, reset whenever the provider is saved (secrets blank again, new values shown). */
function EditForm({
  provider,
  kinds,
  onSaved,
}: {
  provider: EditedProvider;
  kinds: readonly ProviderKindData[];
  onSaved(saved: SavedProvider, how: "created" | "saved" | "unchanged"): void;
}) {
  const t = useMessages(providerMessages);
  if (!kinds.some((kind) => kind.kind === provider.kind)) {
    return <Notice tone="danger" title={t.noKinds} />;
  }
  return (
    <ProviderForm key={provider.updatedAt} kinds={kinds} provider={provider} onSaved={onSaved} />
  );
}

function ProviderHeader({
  provider,
  onTested,
}: {
  provider: EditedProvider;
  onTested(report: ConnectionReportData): void;
}) {
  const t = useMessages(providerMessages);
  const common = useMessages(commonMessages);
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; activeRunId?: string | null }>();
  const test = useGraphQLMutation(TestProviderConnectionMutation);
  const remove = useGraphQLMutation(DeleteProviderMutation, {
    // Not `ProviderEdit`: refetching this page's provider would only find it gone.
    invalidates: ["ProvidersList", "ProvidersPage", "SetupChecklist"],
  });

  async function runTest() {
    setRefusal(undefined);
    try {
      const data = await test.mutateAsync({ id: provider.id });
      const result = data.testProviderConnection;
      if (result.__typename === "ConnectionReport") onTested(result);
      else setRefusal({ message: result.message });
    } catch (error) {
      setRefusal({ message: errorText(error, common.unreachable) });
    }
  }

  async function confirmDelete() {
    try {
      const data = await remove.mutateAsync({ id: provider.id });
      const result = data.deleteProvider;
      setConfirming(false);
      if (result.__typename === "MutationDeleteProviderSuccess") {
        navigate("/providers");
        return;
      }
      setRefusal({
        message: result.message,
        ...(result.__typename === "RunAlreadyActiveError"
          ? { activeRunId: result.activeRunId }
          : {}),
      });
    } catch (error) {
      setConfirming(false);
      setRefusal({ message: errorText(error, common.unreachable) });
    }
  }

  return (
    <>
      <PageHeader
        title={provider.name}
        description={t.editDescription}
        actions={
          <>
            <Button onClick={runTest} busy={test.isPending} title={t.testConnectionHint}>
              {t.testConnection}
            </Button>
            <Button variant="danger" onClick={() => setConfirming(true)}>
              {t.deleteProvider}
            </Button>
          </>
        }
      />
      {refusal && (
        <Notice tone="danger" title={refusal.message}>
          {refusal.activeRunId !== undefined && (
            <p>
              {t.deleteRefusedActive}{" "}
              {refusal.activeRunId && <Link to={`/runs/${refusal.activeRunId}`}>{t.viewRun}</Link>}
            </p>
          )}
        </Notice>
      )}
      <ConfirmDialog
        open={confirming}
        title={t.deleteTitle(provider.name)}
        confirmLabel={t.deleteConfirm}
        danger
        busy={remove.isPending}
        onConfirm={confirmDelete}
        onCancel={() => setConfirming(false)}
      >
        <p>{t.deleteBody}</p>
      </ConfirmDialog>
    </>
  );
}

function ConnectionCard({ report }: { report: ConnectionReportData }) {
  const t = useMessages(providerMessages);
  return (
    <Card
      title={t.connectionReport}
      actions={
        <Link className="btn btn-small btn-secondary" to="/">
          {t.setupChecklistLink}
        </Link>
      }
    >
      <ConnectionReportView checks={report.checks} />
    </Card>
  );
}

function WebhookCard({ provider }: { provider: EditedProvider }) {
  const t = useMessages(providerMessages);
  // Feishu, DingTalk and WeCom can push events: say how to turn them on when they are off.
  if (!provider.webhookUrl && !["feishu", "dingtalk", "wecom"].includes(provider.kind)) return null;
  return (
    <Card title={t.webhookTitle}>
      {provider.webhookUrl ? (
        <div className="stack">
          <code className="webhook-url">{provider.webhookUrl}</code>
          <p className="field-hint">{t.webhookHint(provider.kind)}</p>
        </div>
      ) : (
        <p className="muted">{t.webhookNone(provider.kind)}</p>
      )}
    </Card>
  );
}
