import { useMessages } from "../i18n/messages.ts";
import { commonMessages } from "./common-messages.ts";

export interface ConnectionCheckView {
  id: string;
  label: string;
  status: "ok" | "warning" | "failed" | "missing" | "skipped";
  detail?: string | null;
  fix?: string | null;
}

const ICONS: Record<ConnectionCheckView["status"], string> = {
  ok: "✓",
  warning: "!",
  failed: "✕",
  missing: "✕",
  skipped: "–",
};

/** A connection test's checks, each with its status in words and, when not ok, what to do. */
export function ConnectionReportView({ checks }: { checks: readonly ConnectionCheckView[] }) {
  const t = useMessages(commonMessages);
  return (
    <ul className="checks">
      {checks.map((check) => (
        <li key={check.id} className={`check check-${check.status}`} data-check={check.id}>
          <span className="check-icon" aria-hidden="true">
            {ICONS[check.status]}
          </span>
          <div className="check-text">
            <p className="check-label">
              {check.label}
              <span className="visually-hidden">: </span>
              <span className="check-status">{t[`checkStatus_${check.status}`]}</span>
            </p>
            {check.detail && <p className="check-detail">{check.detail}</p>}
            {check.fix && check.status !== "ok" && (
              <p className="check-fix">
                <strong>{t.fix}:</strong> {check.fix}
              </p>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
