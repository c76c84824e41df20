import type { ReactNode } from "react";
import { GraphQLRequestError } from "../graphql/client.ts";
import { useMessages } from "../i18n/messages.ts";
import { Button } from "./button.tsx";
import { commonMessages } from "./common-messages.ts";

/** Loading, empty and failed states every page uses, so they look and read the same. */

export function Loading({ label }: { label?: string }) {
  const t = useMessages(commonMessages);
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t.loading}</span>
    </div>
  );
}

export function EmptyState({
  title,
  children,
  action,
}: {
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children && <div className="state-body">{children}</div>}
      {action && <div className="state-action">{action}</div>}
    </div>
  );
}

/** An error as the admin should see it: what the service said, never a stack trace. */
export function errorText(error: unknown, unreachable: string): string {
  if (error instanceof GraphQLRequestError) return error.message;
  if (error instanceof TypeError) return unreachable;
  if (error instanceof Error && error.message) return error.message;
  return unreachable;
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useMessages(commonMessages);
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{t.errorTitle}</p>
      <p className="state-body">{errorText(error, t.unreachable)}</p>
      {onRetry && (
        <div className="state-action">
          <Button onClick={onRetry}>{t.retry}</Button>
        </div>
      )}
    </div>
  );
}
