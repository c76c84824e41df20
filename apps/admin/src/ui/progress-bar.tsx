/** Progress of a run: determinate once the plan's size is known, indeterminate before. */
export function ProgressBar({
  done,
  total,
  label,
}: {
  done: number;
  total: number | null | undefined;
  label: string;
}) {
  const known = typeof total === "number" && total > 0;
  const percent = known ? Math.min(100, Math.round((done / total) * 100)) : undefined;
  return (
    <div className="progress">
      <div
        className={known ? "progress-track" : "progress-track progress-indeterminate"}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={known ? total : undefined}
        aria-valuenow={known ? done : undefined}
      >
        <div className="progress-fill" style={{ width: known ? `${percent}%` : undefined }} />
      </div>
      <span className="progress-text">
        {known ? `${done} / ${total} (${percent}%)` : total === 0 ? "0 / 0" : "…"}
      </span>
    </div>
  );
}
