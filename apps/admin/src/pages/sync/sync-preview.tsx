import { useCallback, useState } from "react";
import { Link } from "react-router";
import { useFormat } from "../../i18n/format.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Button } from "../../ui/button.tsx";
import { ConfirmDialog } from "../../ui/dialog.tsx";
import { Notice } from "../../ui/notice.tsx";
import { Card } from "../../ui/page.tsx";
import { CountsStats } from "../runs/run-counts.tsx";
import { RunItemsBrowser } from "../runs/run-items-browser.tsx";
import { runMessages } from "../runs/run-messages.ts";
import { DESTRUCTIVE_OPS, destructiveTotal, totalsByOp } from "../runs/run-model.ts";
import type { PlannedRun } from "./sync-documents.ts";
import { syncMessages } from "./sync-messages.ts";

/**
 * A stored dry run shown as the diff it would apply, and "Apply". Apply plans again (the IM or
 * the directory may have moved on), so the page says so; a plan that removes objects asks first.
 */
export function SyncPreview({
  run,
  title,
  applying,
  previewing,
  onApply,
  onPreviewAgain,
  onDiscard,
}: {
  run: PlannedRun;
  title: string;
  applying: boolean;
  previewing: boolean;
  onApply(): void;
  onPreviewAgain(): void;
  onDiscard(): void;
}) {
  const t = useMessages(syncMessages);
  const r = useMessages(runMessages);
  const format = useFormat();
  const [confirming, setConfirming] = useState(false);
  const closeConfirm = useCallback(() => setConfirming(false), []);
  const removals = destructiveTotal(run.counts);
  const totals = totalsByOp(run.counts);
  const failed = run.status !== "succeeded";

  const apply = () => {
    if (removals > 0) setConfirming(true);
    else onApply();
  };

  return (
    <Card
      title={t.previewTitle(title)}
      className="sync-preview"
      actions={
        <Link to={`/runs/${run.id}`} className="btn btn-ghost btn-small">
          {t.previewRun}
        </Link>
      }
    >
      <p className="muted">{t.previewIntro(format.dateTime(run.createdAt))}</p>
      {failed ? (
        <Notice tone="danger" title={t.previewFailed}>
          {run.error}
        </Notice>
      ) : (
        <>
          {run.approval?.required && (
            <Notice tone="warning" title={t.thresholdTitle}>
              <p>{t.thresholdBody(run.approval.destructiveCount)}</p>
              {run.approval.reason && <p>{run.approval.reason}</p>}
            </Notice>
          )}
          {run.warnings.length > 0 && (
            <Notice tone="info" title={t.previewWarnings}>
              <ul className="issue-list">
                {run.warnings.map((warning) => (
                  <li key={`${warning.code}:${warning.anchor ?? ""}:${warning.message}`}>
                    {warning.message}
                    {warning.anchor && <code className="muted"> {warning.anchor}</code>}
                  </li>
                ))}
              </ul>
            </Notice>
          )}
          <CountsStats counts={run.counts} planned />
          <RunItemsBrowser runId={run.id} counts={run.counts} showOutcome={false} />
        </>
      )}
      <div className="sync-apply-box">
        <h3>{t.applyTitle}</h3>
        <p className="muted">{t.applyExplain}</p>
        <div className="row">
          {!failed && (
            <Button variant="primary" busy={applying} disabled={previewing} onClick={apply}>
              {t.apply}
            </Button>
          )}
          <Button busy={previewing} disabled={applying} onClick={onPreviewAgain}>
            {t.previewAgain}
          </Button>
          <Button variant="ghost" disabled={applying || previewing} onClick={onDiscard}>
            {t.discard}
          </Button>
        </div>
      </div>
      <ConfirmDialog
        open={confirming}
        danger
        title={t.confirmTitle(removals)}
        confirmLabel={t.confirmApply(removals)}
        busy={applying}
        onCancel={closeConfirm}
        onConfirm={() => {
          setConfirming(false);
          onApply();
        }}
      >
        <ul className="issue-list">
          {DESTRUCTIVE_OPS.filter((op) => (totals.get(op) ?? 0) > 0).map((op) => (
            <li key={op}>
              {r[`op_${op}`]}: <strong>{format.number(totals.get(op) ?? 0)}</strong>
            </li>
          ))}
        </ul>
        <p>{t.confirmBody}</p>
      </ConfirmDialog>
    </Card>
  );
}
