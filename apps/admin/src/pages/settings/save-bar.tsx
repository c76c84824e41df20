import { type ReactNode, useState } from "react";
import { useMessages } from "../../i18n/messages.ts";
import { Button } from "../../ui/button.tsx";
import { commonMessages } from "../../ui/common-messages.ts";
import { ConnectionReportView } from "../../ui/connection-report.tsx";
import { ConfirmDialog } from "../../ui/dialog.tsx";
import { Notice } from "../../ui/notice.tsx";
import { errorText } from "../../ui/states.tsx";
import { unplacedIssues } from "./directory-form.ts";
import { settingsMessages } from "./settings-messages.ts";
import type { DirectorySave, SaveOutcome } from "./use-directory-save.ts";

/** What the last Save came to, in the section it belongs to. */
export function SaveOutcomeView({
  outcome,
  onForce,
  forcing,
}: {
  outcome: SaveOutcome | undefined;
  onForce(): void;
  forcing: boolean;
}) {
  const t = useMessages(settingsMessages);
  const common = useMessages(commonMessages);
  const [confirming, setConfirming] = useState(false);
  if (!outcome) return null;
  switch (outcome.kind) {
    case "saved": {
      const attention = outcome.report?.checks.filter((check) => check.status !== "ok") ?? [];
      if (attention.length === 0) return <Notice tone="success">{t.saved}</Notice>;
      return (
        <Notice tone="warning" title={t.savedWithWarnings}>
          <ConnectionReportView checks={attention} />
        </Notice>
      );
    }
    case "unreachable":
      return (
        <Notice tone="danger" title={t.notSavedConnection}>
          <ConnectionReportView checks={outcome.report.checks} />
        </Notice>
      );
    case "invalid": {
      const elsewhere = unplacedIssues(outcome.issues);
      return (
        <Notice tone="danger" title={t.invalidTitle}>
          {elsewhere.length > 0 && (
            <ul className="issue-list">
              {elsewhere.map((issue) => (
                <li key={`${issue.path}:${issue.message}`}>
                  <code>{issue.path}</code> — {issue.message}
                </li>
              ))}
            </ul>
          )}
        </Notice>
      );
    }
    case "placement":
      return (
        <>
          <Notice tone="warning" title={t.placementTitle}>
            <p>{t.placementBody}</p>
            <ul className="issue-list">
              {outcome.issues.map((issue) => (
                <li key={issue.path}>
                  <code>{issue.path}</code>
                </li>
              ))}
            </ul>
            <div className="row">
              <Button variant="danger" onClick={() => setConfirming(true)}>
                {t.forceOpen}
              </Button>
            </div>
          </Notice>
          <ConfirmDialog
            open={confirming}
            title={t.forceTitle}
            confirmLabel={t.forceConfirm}
            danger
            busy={forcing}
            onConfirm={() => {
              setConfirming(false);
              onForce();
            }}
            onCancel={() => setConfirming(false)}
          >
            <p>{t.forceBody}</p>
          </ConfirmDialog>
        </>
      );
    case "failed":
      return <Notice tone="danger">{errorText(outcome.error, common.unreachable)}</Notice>;
  }
}

/** A section's footer: the outcome of its last Save, then its buttons. */
export function SaveBar({
  save,
  label,
  onSave,
  children,
}: {
  save: DirectorySave;
  label: string;
  onSave(): void;
  /** More buttons before Save (Test connection). */
  children?: ReactNode;
}) {
  return (
    <div className="save-bar">
      <SaveOutcomeView outcome={save.outcome} onForce={save.force} forcing={save.pending} />
      <div className="save-actions">
        {children}
        <Button variant="primary" busy={save.pending} onClick={onSave}>
          {label}
        </Button>
      </div>
    </div>
  );
}
