import { useMessages } from "../../i18n/messages.ts";
import { Badge } from "../../ui/badge.tsx";
import { Button } from "../../ui/button.tsx";
import type { ImportPayload } from "./import-dialog.tsx";
import { fieldRelationsMessages } from "./messages.ts";

/** What an import saved, and the importer's notes; `warning:` notes stand out. */
export function ImportedNotice({
  payload,
  onDismiss,
}: {
  payload: ImportPayload;
  onDismiss(): void;
}) {
  const t = useMessages(fieldRelationsMessages);
  const warnings = payload.notes.filter(isWarning);
  const title = t.importedTitle(
    payload.relations.group?.version ?? 0,
    payload.relations.user?.version ?? 0,
  );
  return (
    <div
      className={`notice ${warnings.length > 0 ? "notice-warning" : "notice-success"}`}
      role="status"
    >
      <div className="row import-notice-head">
        <p className="notice-title">{title}</p>
        <Button variant="ghost" className="btn-small" onClick={onDismiss}>
          {t.dismiss}
        </Button>
      </div>
      <div className="notice-body">
        {payload.notes.length === 0 ? (
          <p>{t.noNotes}</p>
        ) : (
          <>
            <p>{t.importNotes}</p>
            <ul className="import-notes">
              {payload.notes.map((note) => (
                <li key={note} className={isWarning(note) ? "import-note-warning" : undefined}>
                  {isWarning(note) ? (
                    <>
                      <Badge tone="warning">{t.warning}</Badge>{" "}
                      <strong>{note.replace(/^warning:\s*/, "")}</strong>
                    </>
                  ) : (
                    note
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}

/** The importer marks the notes that need a look with a `warning:` prefix. */
const isWarning = (note: string) => note.startsWith("warning:");
