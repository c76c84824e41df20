import { useFormat } from "../../i18n/format.ts";
import { useMessages } from "../../i18n/messages.ts";
import { runMessages } from "./run-messages.ts";
import {
  ITEM_OUTCOMES,
  OPERATION_TYPES,
  type OperationCount,
  summarizeCounts,
  totalOf,
} from "./run-model.ts";
import "./runs.css";

/**
 * A run's counts in a few numbers: created / updated / removed, and failures when there are any.
 * `planned`: the counts of a plan not yet applied ("to create"…).
 */
export function CountsStats({
  counts,
  planned = false,
  label,
}: {
  counts: readonly OperationCount[];
  planned?: boolean;
  label?: string;
}) {
  const t = useMessages(runMessages);
  const format = useFormat();
  const summary = summarizeCounts(counts);
  const stats: { key: string; label: string; value: number; tone?: string }[] = [
    {
      key: "created",
      label: planned ? t.summaryToCreate : t.summaryCreated,
      value: summary.created,
    },
    {
      key: "updated",
      label: planned ? t.summaryToUpdate : t.summaryUpdated,
      value: summary.updated,
    },
    {
      key: "removed",
      label: planned ? t.summaryToRemove : t.summaryRemoved,
      value: summary.removed,
      ...(summary.removed > 0 ? { tone: "warning" } : {}),
    },
  ];
  if (!planned || summary.failed > 0) {
    stats.push({
      key: "failed",
      label: t.summaryFailed,
      value: summary.failed,
      ...(summary.failed > 0 ? { tone: "danger" } : {}),
    });
  }
  if (summary.skipped > 0) {
    stats.push({
      key: "skipped",
      label: t.summarySkipped,
      value: summary.skipped,
      tone: "warning",
    });
  }
  if (summary.cancelled > 0) {
    stats.push({ key: "cancelled", label: t.summaryCancelled, value: summary.cancelled });
  }
  return (
    <dl className="run-stats" aria-label={label}>
      {stats.map((stat) => (
        <div
          key={stat.key}
          className={stat.tone ? `stat run-stat-${stat.tone}` : "stat"}
          data-stat={stat.key}
        >
          <dt className="stat-label">{stat.label}</dt>
          <dd className="stat-value">{format.number(stat.value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Every operation × outcome of a run, with totals: what the run did, in one table. */
export function CountsMatrix({
  counts,
  caption,
}: {
  counts: readonly OperationCount[];
  caption: string;
}) {
  const t = useMessages(runMessages);
  const format = useFormat();
  const ops = OPERATION_TYPES.filter((op) => counts.some((row) => row.op === op));
  const outcomes = ITEM_OUTCOMES.filter((outcome) => counts.some((row) => row.outcome === outcome));
  const cell = (op: string, outcome: string) =>
    counts.find((row) => row.op === op && row.outcome === outcome)?.count ?? 0;
  return (
    <div className="table-wrap">
      <table className="table run-counts-matrix">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.colOp}</th>
            {outcomes.map((outcome) => (
              <th key={outcome} scope="col" className="num">
                {t[`outcome_${outcome}`]}
              </th>
            ))}
            <th scope="col" className="num">
              Σ
            </th>
          </tr>
        </thead>
        <tbody>
          {ops.map((op) => (
            <tr key={op}>
              <th scope="row">{t[`op_${op}`]}</th>
              {outcomes.map((outcome) => {
                const value = cell(op, outcome);
                return (
                  <td
                    key={outcome}
                    className={value > 0 && outcome === "failed" ? "num run-count-failed" : "num"}
                  >
                    {value > 0 ? format.number(value) : <span className="muted">0</span>}
                  </td>
                );
              })}
              <td className="num">
                <strong>{format.number(totalOf(counts.filter((row) => row.op === op)))}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
