import { useCallback, useRef, useState } from "react";
import { useGraphQLQuery } from "../../graphql/hooks.ts";
import { useFormat } from "../../i18n/format.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Notice } from "../../ui/notice.tsx";
import { ErrorState, Loading } from "../../ui/states.tsx";
import { ConnectionSection } from "./connection-section.tsx";
import { type DirectorySettingsData, SettingsDirectoryQuery } from "./directory-documents.ts";
import {
  allInput,
  connectionInput,
  type DirectoryDrafts,
  departedInput,
  draftsOf,
  type Issue,
  layoutInput,
  passwordsInput,
} from "./directory-form.ts";
import { LayoutSection } from "./layout-section.tsx";
import { DepartedSection, PasswordsSection } from "./policy-sections.tsx";
import { SaveBar } from "./save-bar.tsx";
import { settingsMessages } from "./settings-messages.ts";
import { type DirectorySave, useDirectorySave } from "./use-directory-save.ts";

type SectionKey = keyof DirectoryDrafts;
const ALL_SECTIONS: readonly SectionKey[] = ["connection", "layout", "passwords", "departed"];

/** The four directory sections, once the stored settings (or their absence) are known. */
export function DirectorySettingsSections() {
  const t = useMessages(settingsMessages);
  const query = useGraphQLQuery(SettingsDirectoryQuery, {});
  if (query.isPending) return <Loading label={t.loadingDirectory} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  return <DirectoryForm settings={query.data.directorySettings ?? null} />;
}

/**
 * Each section keeps its own draft and its own Save, which sends that section's fields only.
 * Before anything is stored (`settings` null) the service needs the whole settings at once
 * (a connection, and an initial password unless passwords are random), so the first save is
 * one button that sends every section.
 */
function DirectoryForm({ settings }: { settings: DirectorySettingsData | null }) {
  const t = useMessages(settingsMessages);
  const format = useFormat();
  const firstRun = settings === null;
  const [drafts, setDrafts] = useState(() => draftsOf(settings));
  const [verify, setVerify] = useState(true);

  const edit =
    <K extends SectionKey>(key: K) =>
    (patch: Partial<DirectoryDrafts[K]>) =>
      setDrafts((current) => ({ ...current, [key]: { ...current[key], ...patch } }));

  /** After a save, the saved sections show what is stored (and blank passwords again). */
  const resetFrom = useCallback((keys: readonly SectionKey[], saved: DirectorySettingsData) => {
    const fresh = draftsOf(saved);
    setDrafts((current) => {
      const next = { ...current };
      for (const key of keys) Object.assign(next, { [key]: fresh[key] });
      return next;
    });
  }, []);

  // What the connection's Save sent: everything on the first run, else the connection only.
  const connectionSent = useRef<readonly SectionKey[]>(["connection"]);
  const connectionSave = useDirectorySave(
    useCallback((saved) => resetFrom(connectionSent.current, saved), [resetFrom]),
  );
  const layoutSave = useDirectorySave(
    useCallback((saved) => resetFrom(["layout"], saved), [resetFrom]),
  );
  const passwordsSave = useDirectorySave(
    useCallback((saved) => resetFrom(["passwords"], saved), [resetFrom]),
  );
  const departedSave = useDirectorySave(
    useCallback((saved) => resetFrom(["departed"], saved), [resetFrom]),
  );

  const issuesOf = (save: DirectorySave): readonly Issue[] => {
    const source = firstRun ? connectionSave : save;
    if (source.outcome?.kind !== "placement") return source.issues;
    return source.issues.map((issue) => ({ ...issue, message: t.placementField }));
  };

  const saveConnection = () => {
    connectionSent.current = firstRun ? ALL_SECTIONS : ["connection"];
    connectionSave.save(firstRun ? allInput(drafts, t) : connectionInput(drafts.connection, t), {
      verify,
    });
  };

  const footer = (save: DirectorySave, label: string, onSave: () => void) =>
    firstRun ? (
      <p className="muted settings-first-run-note">{t.firstRunSaveNote}</p>
    ) : (
      <SaveBar save={save} label={label} onSave={onSave} />
    );

  return (
    <>
      {firstRun ? (
        <Notice tone="info" title={t.firstRunTitle}>
          {t.firstRunBody}
        </Notice>
      ) : (
        <p className="muted settings-last-saved">
          {t.lastSaved(format.dateTime(settings.updatedAt), settings.updatedBy ?? null)}{" "}
          {t.auditNote}
        </p>
      )}
      <ConnectionSection
        draft={drafts.connection}
        onChange={edit("connection")}
        hasBindPassword={settings?.hasBindPassword ?? false}
        issues={issuesOf(connectionSave)}
        save={connectionSave}
        saveLabel={firstRun ? t.saveFirstRun : t.saveConnection}
        verify={verify}
        onVerifyChange={setVerify}
        onSave={saveConnection}
        checks={t}
      />
      <LayoutSection
        draft={drafts.layout}
        onChange={edit("layout")}
        issues={issuesOf(layoutSave)}
        firstRun={firstRun}
        footer={footer(layoutSave, t.saveLayout, () =>
          // The connection test also checks the layout's object classes exist.
          layoutSave.save(layoutInput(drafts.layout, t), { verify: true }),
        )}
      />
      <PasswordsSection
        draft={drafts.passwords}
        onChange={edit("passwords")}
        hasInitialPassword={settings?.hasInitialPassword ?? false}
        issues={issuesOf(passwordsSave)}
        footer={footer(passwordsSave, t.savePasswords, () =>
          // Nothing here touches the connection: saving does not need the directory to answer.
          passwordsSave.save(passwordsInput(drafts.passwords), { verify: false }),
        )}
      />
      <DepartedSection
        draft={drafts.departed}
        onChange={edit("departed")}
        issues={issuesOf(departedSave)}
        footer={footer(departedSave, t.saveDeparted, () =>
          departedSave.save(departedInput(drafts.departed, t), { verify: false }),
        )}
      />
    </>
  );
}
