import { useEffect, useId, useRef } from "react";
import { useFormat } from "../../i18n/format.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Badge } from "../../ui/badge.tsx";
import { Button } from "../../ui/button.tsx";
import { commonMessages } from "../../ui/common-messages.ts";
import { describeCategory, errorCategoryOf } from "./error-categories.ts";
import { ItemChanges } from "./item-changes.tsx";
import type { RunItem } from "./run-documents.ts";
import { outcomeTone } from "./run-items-table.tsx";
import { runMessages } from "./run-messages.ts";

/**
 * One object's line of a run in a modal: what happened, its error with the category's fix,
 * its DN and anchor and its changes. Escape or Close returns focus to what opened it.
 */
export function ItemDialog({ item, onClose }: { item: RunItem; onClose(): void }) {
  const t = useMessages(runMessages);
  const common = useMessages(commonMessages);
  const format = useFormat();
  const titleId = useId();
  const closeRef = useRef<HTMLButtonElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onCloseRef.current();
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      opener?.focus?.();
    };
  }, []);

  const failed = item.outcome === "failed" || item.outcome === "skipped";
  const category = failed || item.errorCategory ? errorCategoryOf(item.errorCategory) : undefined;
  const text = category ? describeCategory(t, category) : undefined;
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog run-dialog-wide"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
      >
        <h2 id={titleId}>{t.itemDialogTitle(t[`op_${item.op}`])}</h2>
        <div className="dialog-body stack">
          <div className="row">
            <Badge tone={outcomeTone(item.outcome)}>{t[`outcome_${item.outcome}`]}</Badge>
            {text && <Badge tone="danger">{text.title}</Badge>}
            <span className="muted">
              {t.attempts(item.attempts)} · {t.durationLabel} {format.duration(item.durationMs)}
            </span>
          </div>
          {item.message && (
            <div>
              <h3>{t.message}</h3>
              <pre className="run-item-message">{item.message}</pre>
            </div>
          )}
          {text && (
            <div className="run-category-help">
              <p>
                <strong>{t.why}:</strong> {text.why}
              </p>
              <p>
                <strong>{t.fix}:</strong> {text.fix}
              </p>
            </div>
          )}
          <dl className="run-facts">
            <dt>{t.dn}</dt>
            <dd className="dn">{item.dn}</dd>
            <dt>{t.anchor}</dt>
            <dd className="mono">{item.anchor}</dd>
            {item.errorCategory && (
              <>
                <dt>{t.errorCategory}</dt>
                <dd className="mono">{item.errorCategory}</dd>
              </>
            )}
          </dl>
          <div>
            <h3>{t.changes}</h3>
            <ItemChanges changes={item.changes} />
          </div>
        </div>
        <div className="dialog-actions">
          <Button ref={closeRef} onClick={onClose}>
            {common.close}
          </Button>
        </div>
      </div>
    </div>
  );
}
