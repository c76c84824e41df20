import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import type { ResultOf } from "../../graphql/graphql.ts";
import { useGraphQLMutation } from "../../graphql/hooks.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Button } from "../../ui/button.tsx";
import { commonMessages } from "../../ui/common-messages.ts";
import { ConnectionReportView } from "../../ui/connection-report.tsx";
import { CheckboxField, SelectField, TextField } from "../../ui/field.tsx";
import { Notice } from "../../ui/notice.tsx";
import { Card } from "../../ui/page.tsx";
import { errorText } from "../../ui/states.tsx";
import { ConfigFields } from "./config-fields.tsx";
import {
  buildConfig,
  configForm,
  type FormValues,
  initialValues,
  isGroup,
  issueTarget,
  sameJson,
} from "./config-schema.ts";
import { providerMessages } from "./messages.ts";
import {
  type ConnectionReportData,
  CreateProviderMutation,
  type EditedProvider,
  PROVIDER_QUERIES,
  type ProviderKindData,
  UpdateProviderMutation,
} from "./queries.ts";

/** What a save returns to the page: the provider and the verification's report, if any. */
export interface SavedProvider {
  id: string;
  connection: ConnectionReportData | null;
}

/** A refusal to show above the form: the typed error's message, and its report or issues. */
interface Problem {
  title: string;
  detail?: string;
  report?: ConnectionReportData;
  issues?: { path: string; message: string }[];
}

type Result =
  | ResultOf<typeof CreateProviderMutation>["createProvider"]
  | ResultOf<typeof UpdateProviderMutation>["updateProvider"];

/** The form's own fields, which validation issues may name besides the config's. */
const OWN_PATHS = ["kind", "name", "flag", "syncOptions.updateExisting", "syncOptions", "config"];

interface ProviderFormProps {
  kinds: readonly ProviderKindData[];
  /** The provider being edited; absent when creating one. */
  provider?: EditedProvider;
  /** Preselected kind (`/providers/new?kind=feishu`). */
  initialKind?: string | null;
  /** Flags already taken, so the suggested flag is a free one. */
  takenFlags?: readonly string[];
  onSaved(saved: SavedProvider, outcome: "created" | "saved" | "unchanged"): void;
}

/**
 * Creates or edits a provider: name, flag, the plugin's settings rendered from its JSON Schema,
 * sync options. The service's typed refusals are shown where they belong: an issue next to its
 * field, a refused credential with its connection report, a taken flag on the flag.
 */
export function ProviderForm({
  kinds,
  provider,
  initialKind,
  takenFlags = [],
  onSaved,
}: ProviderFormProps) {
  const t = useMessages(providerMessages);
  const common = useMessages(commonMessages);
  const editing = provider !== undefined;

  const [kind, setKind] = useState(
    () =>
      provider?.kind ??
      kinds.find((candidate) => candidate.kind === initialKind)?.kind ??
      kinds[0]?.kind ??
      "",
  );
  const kindData = kinds.find((candidate) => candidate.kind === kind);
  const form = useMemo(() => configForm(kindData?.configSchema), [kindData]);
  const storedConfig = provider?.config as Record<string, unknown> | undefined;

  const [name, setName] = useState(provider?.name ?? "");
  const [flag, setFlag] = useState(() => provider?.flag ?? (takenFlags.includes(kind) ? "" : kind));
  const [enabled, setEnabled] = useState(provider?.enabled ?? true);
  const [updateExisting, setUpdateExisting] = useState(
    provider?.syncOptions.updateExisting ?? true,
  );
  const [verify, setVerify] = useState(true);
  const [values, setValues] = useState<FormValues>(() => initialValues(form, storedConfig));
  const [clear, setClear] = useState<Record<string, boolean>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem | undefined>();
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const problemRef = useRef<HTMLDivElement>(null);

  const create = useGraphQLMutation(CreateProviderMutation, { invalidates: PROVIDER_QUERIES });
  const update = useGraphQLMutation(UpdateProviderMutation, { invalidates: PROVIDER_QUERIES });
  const busy = create.isPending || update.isPending;

  useEffect(() => {
    if (problem) problemRef.current?.focus();
  }, [problem]);

  const advancedPaths = useMemo(
    () =>
      new Set(
        form.advanced.flatMap((item) =>
          isGroup(item) ? item.fields.map((field) => field.path) : [item.path],
        ),
      ),
    [form],
  );

  function changeKind(next: string) {
    const nextData = kinds.find((candidate) => candidate.kind === next);
    setKind(next);
    setValues(initialValues(configForm(nextData?.configSchema)));
    if (!flag || flag === kind) setFlag(takenFlags.includes(next) ? "" : next);
    setErrors({});
  }

  function showErrors(fieldErrors: Record<string, string>) {
    setErrors(fieldErrors);
    if (Object.keys(fieldErrors).some((path) => advancedPaths.has(path))) setAdvancedOpen(true);
  }

  function showIssues(message: string, issues: readonly { path: string; message: string }[]) {
    const paths = [...OWN_PATHS, ...form.fields.map((field) => field.path)];
    const fieldErrors: Record<string, string> = {};
    const general: { path: string; message: string }[] = [];
    for (const issue of issues) {
      const target = issueTarget(issue.path, paths);
      const onField = target && target !== "config" && target !== "syncOptions";
      if (onField) {
        fieldErrors[target] = fieldErrors[target]
          ? `${fieldErrors[target]} ${issue.message}`
          : issue.message;
      } else general.push(issue);
    }
    showErrors(fieldErrors);
    setProblem({
      title: message,
      detail: Object.keys(fieldErrors).length > 0 ? t.fixFields : t.nothingSaved,
      issues: general,
    });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(undefined);
    const built = buildConfig(form, values, storedConfig ? { stored: storedConfig, clear } : {});
    if (built.problems.length > 0) {
      const text = { number: t.problemNumber, integer: t.problemInteger, json: t.problemJson };
      showErrors(Object.fromEntries(built.problems.map((p) => [p.path, text[p.problem]])));
      return;
    }
    setErrors({});
    try {
      if (!provider) {
        const data = await create.mutateAsync({
          input: {
            kind,
            name,
            flag: flag.trim(),
            config: built.config,
            enabled,
            syncOptions: { updateExisting },
            verify,
          },
        });
        handleResult(data.createProvider, "created");
        return;
      }
      const configChanged = built.secretsChanged || !sameJson(built.config, storedConfig);
      const changed =
        configChanged ||
        name !== provider.name ||
        enabled !== provider.enabled ||
        updateExisting !== provider.syncOptions.updateExisting;
      if (!changed) {
        onSaved({ id: provider.id, connection: null }, "unchanged");
        return;
      }
      const data = await update.mutateAsync({
        id: provider.id,
        input: {
          name,
          enabled,
          syncOptions: { updateExisting },
          verify,
          ...(configChanged ? { config: built.config } : {}),
        },
      });
      handleResult(data.updateProvider, "saved");
    } catch (error) {
      setProblem({ title: common.errorTitle, detail: errorText(error, common.unreachable) });
    }
  }

  function handleResult(result: Result, outcome: "created" | "saved") {
    switch (result.__typename) {
      case "ProviderChange":
        setClear({});
        onSaved({ id: result.provider.id, connection: result.connection }, outcome);
        return;
      case "ValidationError":
        showIssues(result.message, result.issues);
        return;
      case "ProviderVerificationError":
        setProblem({ title: t.verificationFailed, detail: result.message, report: result.report });
        return;
      case "ConflictError":
        // On create the only conflict is the flag: say so on the flag itself.
        if (!editing) setErrors({ flag: result.message });
        setProblem({ title: result.message, detail: t.nothingSaved });
        return;
      default:
        setProblem({ title: result.message });
    }
  }

  if (!kindData) {
    return <Notice tone="danger" title={t.noKinds} />;
  }

  const secrets = {
    editing,
    stored: provider?.secretsSet ?? [],
    clear,
    onClear: (path: string, value: boolean) =>
      setClear((current) => ({ ...current, [path]: value })),
  };
  const onChange = (path: string, value: string | boolean) =>
    setValues((current) => ({ ...current, [path]: value }));

  return (
    <form className="provider-form" onSubmit={submit} noValidate aria-busy={busy || undefined}>
      {problem && (
        <div ref={problemRef} tabIndex={-1} className="problem-anchor">
          <Notice tone="danger" title={problem.title}>
            {problem.detail && <p>{problem.detail}</p>}
            {problem.issues && problem.issues.length > 0 && (
              <ul className="issue-list">
                {problem.issues.map((issue) => (
                  <li key={`${issue.path}:${issue.message}`}>
                    <code>{issue.path}</code> — {issue.message}
                  </li>
                ))}
              </ul>
            )}
          </Notice>
          {problem.report && <ConnectionReportView checks={problem.report.checks} />}
        </div>
      )}

      <Card title={t.general}>
        <div className="grid-2">
          {editing ? (
            <TextField label={t.kind} value={kindData.displayName} readOnly />
          ) : (
            <SelectField
              label={t.kind}
              error={errors.kind}
              value={kind}
              onChange={(event) => changeKind(event.target.value)}
            >
              {kinds.map((candidate) => (
                <option key={candidate.kind} value={candidate.kind}>
                  {candidate.displayName}
                </option>
              ))}
            </SelectField>
          )}
          <TextField
            label={t.name}
            hint={t.nameHint}
            error={errors.name}
            placeholder={t.namePlaceholder}
            autoComplete="off"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <TextField
            label={t.flag}
            hint={editing ? t.flagImmutable : t.flagHint}
            error={errors.flag}
            value={flag}
            readOnly={editing}
            spellCheck={false}
            autoComplete="off"
            className="mono"
            onChange={(event) => setFlag(event.target.value)}
          />
        </div>
      </Card>

      <Card title={t.connectionSettings}>
        <div className="config-grid">
          <ConfigFields
            kind={kind}
            items={form.main}
            values={values}
            errors={errors}
            secrets={secrets}
            onChange={onChange}
          />
        </div>
        {form.advanced.length > 0 && (
          <details
            className="advanced"
            open={advancedOpen}
            onToggle={(event) => setAdvancedOpen(event.currentTarget.open)}
          >
            <summary>{t.advanced}</summary>
            <p className="field-hint">{t.advancedHint}</p>
            <div className="config-grid">
              <ConfigFields
                kind={kind}
                items={form.advanced}
                values={values}
                errors={errors}
                secrets={secrets}
                onChange={onChange}
              />
            </div>
          </details>
        )}
      </Card>

      <Card title={t.syncSection}>
        <div className="stack">
          <CheckboxField
            label={t.enabled}
            hint={t.enabledHint}
            checked={enabled}
            onChange={(event) => setEnabled(event.target.checked)}
          />
          <CheckboxField
            label={t.updateExisting}
            hint={errors["syncOptions.updateExisting"] ?? t.updateExistingHint}
            checked={updateExisting}
            onChange={(event) => setUpdateExisting(event.target.checked)}
          />
        </div>
      </Card>

      <div className="form-actions">
        <CheckboxField
          label={t.verify}
          hint={t.verifyHint}
          checked={verify}
          onChange={(event) => setVerify(event.target.checked)}
        />
        <Button type="submit" variant="primary" busy={busy}>
          {busy ? t.saving : editing ? t.save : t.create}
        </Button>
      </div>
    </form>
  );
}
