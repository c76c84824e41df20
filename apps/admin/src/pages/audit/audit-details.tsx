import { useMessages } from "../../i18n/messages.ts";
import { auditMessages } from "./messages.ts";

/**
 * An entry's details as a compact key/value list: plain values inline, nested ones summarised,
 * and the whole JSON one click away when there is more than the list shows.
 */

/** Keys shown inline; more go behind "Show JSON". */
const KEYS_SHOWN = 6;
/** Longer text is cut in the list (the JSON has it whole). */
const TEXT_SHOWN = 80;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** `actor` is shown in the "Who" column already. */
const SHOWN_ELSEWHERE = new Set(["actor"]);

export function AuditDetails({ details }: { details: unknown }) {
  const t = useMessages(auditMessages);
  const record = isRecord(details) ? details : {};
  const entries = Object.entries(record).filter(([key]) => !SHOWN_ELSEWHERE.has(key));
  if (entries.length === 0) return <span className="muted">—</span>;
  const nested = entries.some(([, value]) => !isInline(value));
  return (
    <div className="audit-details">
      <dl>
        {entries.slice(0, KEYS_SHOWN).map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{summary(value, t)}</dd>
          </div>
        ))}
      </dl>
      {(nested || entries.length > KEYS_SHOWN) && (
        <details>
          <summary>{t.showJson}</summary>
          <pre>{JSON.stringify(details, null, 2)}</pre>
        </details>
      )}
    </div>
  );
}

function isRecord(value: unknown): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value that reads well on one line: a scalar, or a short list of scalars. */
function isInline(value: unknown): boolean {
  if (value === null || typeof value !== "object") return true;
  return Array.isArray(value) && value.every((item) => item === null || typeof item !== "object");
}

function summary(value: unknown, t: { yes: string; no: string; items(n: number): string }): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? t.yes : t.no;
  if (typeof value === "string") return cut(value);
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "—";
    return isInline(value)
      ? cut(value.map((item) => String(item)).join(", "))
      : t.items(value.length);
  }
  return `{${Object.keys(value).join(", ")}}`;
}

function cut(text: string): string {
  return text.length > TEXT_SHOWN ? `${text.slice(0, TEXT_SHOWN - 1)}…` : text;
}
