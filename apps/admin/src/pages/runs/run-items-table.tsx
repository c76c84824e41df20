import { Fragment, useId, useState } from "react";
import { useMessages } from "../../i18n/messages.ts";
import { Badge } from "../../ui/badge.tsx";
import { Button } from "../../ui/button.tsx";
import type { Tone } from "../../ui/notice.tsx";
import { describeCategory, errorCategoryOf } from "./error-categories.ts";
import { ItemChanges } from "./item-changes.tsx";
import type { RunItem } from "./run-documents.ts";
import { runMessages } from "./run-messages.ts";
import { DESTRUCTIVE_OPS, type OperationType } from "./run-model.ts";

const OUTCOME_TONES: Record<string, Tone | "neutral"> = {
  planned: "info",
  succeeded: "success",
  failed: "danger",
  skipped: "warning",
  cancelled: "neutral",
};
export const outcomeTone = (outcome: string): Tone | "neutral" =>
  OUTCOME_TONES[outcome] ?? "neutral";

/** Removals read as such at a glance; creations as additions. */
export function opTone(op: string): Tone | "neutral" {
  if (DESTRUCTIVE_OPS.includes(op as OperationType)) return "danger";
  if (op === "createGroup" || op === "createUser") return "success";
  return "neutral";
}

/**
 * A run's objects: operation, DN and anchor, outcome, and each row's attribute diff behind a
 * toggle (with the object's message, for a failed one).
 */
export function RunItemsTable({
  items,
  showOutcome,
  caption,
}: {
  items: readonly RunItem[];
  showOutcome: boolean;
  caption?: string;
}) {
  const t = useMessages(runMessages);
  const idPrefix = useId();
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const toggle = (seq: number) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });
  const columns = showOutcome ? 5 : 4;
  return (
    <div className="table-wrap">
      <table className="table run-items-table">
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            <th scope="col" className="num">
              {t.colSeq}
            </th>
            <th scope="col">{t.colOp}</th>
            <th scope="col">{t.colObject}</th>
            {showOutcome && <th scope="col">{t.colOutcome}</th>}
            <th scope="col">{t.colChanges}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const open = expanded.has(item.seq);
            const detailsId = `${idPrefix}-${item.seq}`;
            const failed = item.outcome === "failed" || item.outcome === "skipped";
            return (
              <Fragment key={item.seq}>
                <tr className={open ? "run-item-row run-item-row-open" : "run-item-row"}>
                  <td className="num">{item.seq + 1}</td>
                  <td>
                    <Badge tone={opTone(item.op)}>{t[`op_${item.op}`]}</Badge>
                  </td>
                  <td>
                    <span className="dn">{item.dn}</span>
                    <span className="run-anchor">{item.anchor}</span>
                  </td>
                  {showOutcome && (
                    <td>
                      <div className="run-item-outcome">
                        <Badge tone={outcomeTone(item.outcome)}>
                          {t[`outcome_${item.outcome}`]}
                        </Badge>
                        {failed && (
                          <span className="run-item-category">
                            {describeCategory(t, errorCategoryOf(item.errorCategory)).title}
                          </span>
                        )}
                        {item.message && (
                          <span className="run-item-message-short">{item.message}</span>
                        )}
                      </div>
                    </td>
                  )}
                  <td>
                    <Button
                      variant="ghost"
                      className="btn-small"
                      aria-expanded={open}
                      aria-controls={open ? detailsId : undefined}
                      aria-label={`${open ? t.hideChanges : t.showChanges(item.changes.length)}: ${item.dn}`}
                      onClick={() => toggle(item.seq)}
                    >
                      {open ? t.hideChanges : t.showChanges(item.changes.length)}
                    </Button>
                  </td>
                </tr>
                {open && (
                  <tr className="run-item-details" id={detailsId}>
                    <td colSpan={columns}>
                      {item.message && <pre className="run-item-message">{item.message}</pre>}
                      <ItemChanges changes={item.changes} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
