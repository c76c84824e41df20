import { type ReactNode, useEffect, useRef } from "react";
import { useFormat } from "../../i18n/format.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Badge } from "../../ui/badge.tsx";
import { Button } from "../../ui/button.tsx";
import { Notice } from "../../ui/notice.tsx";
import type { Kind } from "./draft.ts";
import type { Feedback } from "./kind-state.ts";
import { fieldRelationsMessages } from "./messages.ts";
import type { SavedVersion } from "./operations.ts";

/**
 * One kind's tab panel: where it stands (version, who, when; unsaved changes), its actions, what
 * the last action said, and the form with the source fields beside it.
 */
export function KindPanel({
  kind,
  id,
  labelledBy,
  hidden,
  saved,
  dirty,
  feedback,
  saving,
  reloading,
  onSave,
  onDiscard,
  onReset,
  onReload,
  form,
  aside,
}: {
  kind: Kind;
  id: string;
  labelledBy: string;
  hidden: boolean;
  saved: SavedVersion<unknown> | null;
  dirty: boolean;
  feedback: Feedback | null;
  saving: boolean;
  reloading: boolean;
  onSave(): void;
  onDiscard(): void;
  onReset(): void;
  onReload(): void;
  form: ReactNode;
  aside: ReactNode;
}) {
  const t = useMessages(fieldRelationsMessages);
  const panelRef = useRef<HTMLElement>(null);

  // A refused save moves the focus to the first problem, so keyboard users land on it.
  useEffect(() => {
    if (feedback?.type !== "local" && feedback?.type !== "invalid") return;
    panelRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [feedback]);

  const canSave = dirty || saved === null;
  return (
    <section
      ref={panelRef}
      role="tabpanel"
      id={id}
      aria-labelledby={labelledBy}
      hidden={hidden}
      className="kind-panel"
    >
      <div className="kind-bar">
        <div className="kind-title">
          <h2>{kind === "group" ? t.groupTitle : t.userTitle}</h2>
          <VersionStatus saved={saved} dirty={dirty} />
        </div>
        <div className="kind-actions">
          {dirty && saved !== null && (
            <Button variant="ghost" onClick={onDiscard} disabled={saving}>
              {t.discard}
            </Button>
          )}
          <Button onClick={onReset} disabled={saving}>
            {t.resetDefaults}
          </Button>
          <Button variant="primary" onClick={onSave} busy={saving} disabled={!canSave}>
            {kind === "group" ? t.saveGroup : t.saveUser}
          </Button>
        </div>
      </div>
      <FeedbackNotice feedback={feedback} onReload={onReload} reloading={reloading} />
      <div className="kind-layout">
        <div className="card kind-form">
          <p className="muted">{kind === "group" ? t.groupIntro : t.userIntro}</p>
          {form}
        </div>
        <aside className="kind-aside">{aside}</aside>
      </div>
    </section>
  );
}

function VersionStatus({ saved, dirty }: { saved: SavedVersion<unknown> | null; dirty: boolean }) {
  const t = useMessages(fieldRelationsMessages);
  const format = useFormat();
  return (
    <p className="kind-status">
      {saved ? (
        <>
          <Badge tone="success">{t.badgeSaved}</Badge>{" "}
          <span>
            {(() => {
              const when = `${format.dateTime(saved.updatedAt)} (${format.relative(saved.updatedAt)})`;
              return saved.updatedBy
                ? t.savedBy(saved.version, saved.updatedBy, when)
                : t.savedBySystem(saved.version, when);
            })()}
          </span>
        </>
      ) : (
        <>
          <Badge tone="warning">{t.badgeNotSaved}</Badge> <span>{t.notSavedKind}</span>
        </>
      )}{" "}
      {dirty ? (
        <Badge tone="info">{t.badgeUnsaved}</Badge>
      ) : (
        saved && <span className="muted">· {t.noChanges}</span>
      )}
    </p>
  );
}

function FeedbackNotice({
  feedback,
  onReload,
  reloading,
}: {
  feedback: Feedback | null;
  onReload(): void;
  reloading: boolean;
}) {
  const t = useMessages(fieldRelationsMessages);
  if (!feedback) return null;
  switch (feedback.type) {
    case "saved":
      return <Notice tone="success">{t.savedNotice(feedback.version)}</Notice>;
    case "reset":
      return <Notice tone="success">{t.resetNotice(feedback.version)}</Notice>;
    case "reloaded":
      return <Notice tone="info">{t.reloadedNotice}</Notice>;
    case "local":
      return <Notice tone="danger">{t.localProblemsNotice(feedback.count)}</Notice>;
    case "invalid":
      return (
        <Notice tone="danger" title={t.invalidNotice}>
          {feedback.general.length > 0 && (
            <>
              <p>{t.generalIssuesTitle}</p>
              <ul className="issue-list">
                {feedback.general.map((issue) => (
                  <li key={`${issue.path}:${issue.message}`}>
                    <code>{issue.path}</code> — {issue.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </Notice>
      );
    case "conflict":
      return (
        <div className="notice notice-warning" role="alert">
          <p className="notice-title">{t.conflictTitle}</p>
          <div className="notice-body stack">
            <p>{t.conflictBody}</p>
            <div>
              <Button onClick={onReload} busy={reloading}>
                {t.reload}
              </Button>
            </div>
          </div>
        </div>
      );
    case "failed":
      return (
        <Notice tone="danger" title={t.notSavedError}>
          {feedback.message}
        </Notice>
      );
  }
}
