import type { ReactNode } from "react";
import { useMessages } from "../i18n/messages.ts";
import { commonMessages } from "./common-messages.ts";

export type Tone = "info" | "success" | "warning" | "danger";

/** A message in the page's flow (saved, refused, needs attention). */
export function Notice({
  tone = "info",
  title,
  children,
}: {
  tone?: Tone;
  title?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className={`notice notice-${tone}`} role={tone === "danger" ? "alert" : "status"}>
      {title && <p className="notice-title">{title}</p>}
      {children && <div className="notice-body">{children}</div>}
    </div>
  );
}

interface TypedError {
  __typename?: string;
  message: string;
  issues?: readonly { path: string; message: string }[];
}

/** A typed error of a mutation's result union: its message, then each invalid field. */
export function ProblemNotice({ error }: { error: TypedError }) {
  const t = useMessages(commonMessages);
  return (
    <Notice tone="danger" title={error.message}>
      {error.issues && error.issues.length > 0 && (
        <>
          <p>{t.issuesTitle}</p>
          <ul className="issue-list">
            {error.issues.map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>
                <code>{issue.path}</code> — {issue.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </Notice>
  );
}
