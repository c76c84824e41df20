import { Link } from "react-router";
import { useMessages } from "../../i18n/messages.ts";
import { Button } from "../../ui/button.tsx";
import { directoryMessages } from "./messages.ts";
import type { DirectoryUnavailable } from "./queries.ts";

/**
 * The directory could not be read: what failed in the service's words (the URL, the server's
 * answer), where to fix it and a way to try again once it is fixed. Shown for the whole page
 * when the first level fails, and inside a panel when the directory goes away later.
 */
export function DirectoryUnavailableState({
  error,
  onRetry,
  retrying,
}: {
  error: Pick<DirectoryUnavailable, "message" | "reason">;
  onRetry(): void;
  retrying: boolean;
}) {
  const t = useMessages(directoryMessages);
  return (
    <div className="state state-error directory-unavailable" role="alert">
      <p className="state-title">{t[`unavailable_${error.reason}`]}</p>
      <p className="state-body directory-unavailable-message">{error.message}</p>
      <p className="state-body">{t.unavailableHint}</p>
      <div className="state-action row">
        <Link className="btn btn-primary" to="/settings">
          {t.goToSettings}
        </Link>
        <Button onClick={onRetry} busy={retrying}>
          {t.tryAgain}
        </Button>
      </div>
    </div>
  );
}
