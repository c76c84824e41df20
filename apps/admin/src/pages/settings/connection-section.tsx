import { useState } from "react";
import { useGraphQLMutation } from "../../graphql/hooks.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Button } from "../../ui/button.tsx";
import { commonMessages } from "../../ui/common-messages.ts";
import { ConnectionReportView } from "../../ui/connection-report.tsx";
import { CheckboxField, TextField } from "../../ui/field.tsx";
import { Notice } from "../../ui/notice.tsx";
import { Card } from "../../ui/page.tsx";
import { errorText } from "../../ui/states.tsx";
import { SettingsTestDirectoryMutation } from "./directory-documents.ts";
import {
  type ConnectionDraft,
  connectionInput,
  type Issue,
  issueAt,
  type LocalCheckMessages,
  unplacedIssues,
} from "./directory-form.ts";
import { SaveBar } from "./save-bar.tsx";
import { settingsMessages } from "./settings-messages.ts";
import type { DirectorySave } from "./use-directory-save.ts";

/** Examples shown in empty fields on the first run: placeholders, never values. */
const EXAMPLE = {
  url: "ldap://localhost:389",
  bindDn: "cn=admin,dc=example,dc=com",
  baseDn: "dc=example,dc=com",
};

/**
 * Where the directory is and how orgsync logs in. "Test connection" checks the draft (over the
 * stored password when the field is blank) without saving; Save tests too unless told not to.
 */
export function ConnectionSection({
  draft,
  onChange,
  hasBindPassword,
  issues,
  save,
  saveLabel,
  verify,
  onVerifyChange,
  onSave,
  checks,
}: {
  draft: ConnectionDraft;
  onChange(patch: Partial<ConnectionDraft>): void;
  hasBindPassword: boolean;
  /** Issues of the last Save, by field path. */
  issues: readonly Issue[];
  save: DirectorySave;
  saveLabel: string;
  verify: boolean;
  onVerifyChange(verify: boolean): void;
  onSave(): void;
  checks: LocalCheckMessages;
}) {
  const t = useMessages(settingsMessages);
  const common = useMessages(commonMessages);
  const test = useGraphQLMutation(SettingsTestDirectoryMutation);
  const tested = test.data?.testDirectoryConnection;
  const testIssues: Issue[] = tested?.__typename === "ValidationError" ? [...tested.issues] : [];
  const [localIssues, setLocalIssues] = useState<Issue[]>([]);
  const shown = [...localIssues, ...testIssues, ...issues];
  const at = (path: string) => issueAt(shown, path);

  const runTest = () => {
    save.reset();
    const built = connectionInput(draft, checks);
    setLocalIssues(built.issues);
    if (built.issues.length > 0) {
      test.reset();
      return;
    }
    test.mutate({ draft: built.input });
  };
  const runSave = () => {
    test.reset();
    setLocalIssues([]);
    onSave();
  };

  return (
    <Card id="ldap-connection" title={t.connectionTitle}>
      <p className="muted">{t.connectionIntro}</p>
      <div className="grid-2">
        <TextField
          label={t.url}
          hint={t.urlHint}
          value={draft.url}
          placeholder={EXAMPLE.url}
          onChange={(event) => onChange({ url: event.target.value })}
          error={at("connection.url")}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          label={t.baseDn}
          hint={t.baseDnHint}
          value={draft.baseDn}
          placeholder={EXAMPLE.baseDn}
          onChange={(event) => onChange({ baseDn: event.target.value })}
          error={at("connection.baseDn")}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          label={t.bindDn}
          hint={t.bindDnHint}
          value={draft.bindDn}
          placeholder={EXAMPLE.bindDn}
          onChange={(event) => onChange({ bindDn: event.target.value })}
          error={at("connection.bindDn")}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          label={t.bindPassword}
          hint={hasBindPassword ? t.bindPasswordSet : t.bindPasswordMissing}
          type="password"
          value={draft.bindPassword}
          onChange={(event) => onChange({ bindPassword: event.target.value })}
          error={at("bindPassword")}
          // A new secret for a server, never this browser's saved login.
          autoComplete="new-password"
        />
      </div>

      <fieldset className="settings-group">
        <legend>{t.security}</legend>
        <div className="grid-2">
          <div className="stack">
            <CheckboxField
              label={t.startTls}
              hint={t.startTlsHint}
              checked={draft.startTls}
              onChange={(event) => onChange({ startTls: event.target.checked })}
            />
            {at("connection.startTls") && (
              <p className="field-error" role="alert">
                {at("connection.startTls")}
              </p>
            )}
            <CheckboxField
              label={t.rejectUnauthorized}
              hint={t.rejectUnauthorizedHint}
              checked={draft.rejectUnauthorized}
              onChange={(event) => onChange({ rejectUnauthorized: event.target.checked })}
            />
          </div>
          <TextField
            label={t.caCertPath}
            hint={t.caCertPathHint}
            value={draft.caCertPath}
            placeholder="/etc/ssl/certs/corp-ca.pem"
            onChange={(event) => onChange({ caCertPath: event.target.value })}
            error={at("connection.tls.caCertPath")}
            spellCheck={false}
          />
        </div>
      </fieldset>

      <fieldset className="settings-group">
        <legend>{t.limits}</legend>
        <div className="grid-3">
          <TextField
            label={t.timeoutMs}
            hint={t.timeoutMsHint}
            inputMode="numeric"
            value={draft.timeoutMs}
            placeholder="30000"
            onChange={(event) => onChange({ timeoutMs: event.target.value })}
            error={at("connection.timeoutMs")}
          />
          <TextField
            label={t.connectTimeoutMs}
            hint={t.connectTimeoutMsHint}
            inputMode="numeric"
            value={draft.connectTimeoutMs}
            placeholder="5000"
            onChange={(event) => onChange({ connectTimeoutMs: event.target.value })}
            error={at("connection.connectTimeoutMs")}
          />
          <TextField
            label={t.poolSize}
            hint={t.poolSizeHint}
            inputMode="numeric"
            value={draft.poolSize}
            placeholder="4"
            onChange={(event) => onChange({ poolSize: event.target.value })}
            error={at("connection.poolSize")}
          />
        </div>
      </fieldset>

      <CheckboxField
        label={t.verify}
        hint={t.verifyHint}
        checked={verify}
        onChange={(event) => onVerifyChange(event.target.checked)}
      />

      {test.isPending && (
        <p className="muted" role="status">
          {t.testing}
        </p>
      )}
      {tested?.__typename === "ConnectionReport" && (
        <Notice
          tone={tested.ok ? "success" : "danger"}
          title={tested.ok ? t.testOk : t.testProblems}
        >
          <ConnectionReportView checks={tested.checks} />
        </Notice>
      )}
      {tested?.__typename === "ValidationError" && (
        <Notice tone="danger" title={t.invalidTitle}>
          {unplacedIssues(testIssues).length > 0 && (
            <ul className="issue-list">
              {unplacedIssues(testIssues).map((issue) => (
                <li key={`${issue.path}:${issue.message}`}>
                  <code>{issue.path}</code> — {issue.message}
                </li>
              ))}
            </ul>
          )}
        </Notice>
      )}
      {localIssues.length > 0 && !save.outcome && <Notice tone="danger">{t.invalidTitle}</Notice>}
      {test.isError && <Notice tone="danger">{errorText(test.error, common.unreachable)}</Notice>}

      <SaveBar save={save} label={saveLabel} onSave={runSave}>
        <Button onClick={runTest} busy={test.isPending}>
          {t.testConnection}
        </Button>
      </SaveBar>
    </Card>
  );
}
