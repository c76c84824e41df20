import { type KeyboardEvent, useCallback, useEffect, useId, useMemo, useState } from "react";
import { useGraphQLMutation } from "../../graphql/hooks.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Button } from "../../ui/button.tsx";
import { commonMessages } from "../../ui/common-messages.ts";
import { ConfirmDialog } from "../../ui/dialog.tsx";
import { Notice } from "../../ui/notice.tsx";
import { errorText } from "../../ui/states.tsx";
import {
  type GroupDraft,
  groupChanged,
  groupInputOf,
  groupProblems,
  type Issue,
  type Kind,
  NO_ISSUES,
  otherIssues,
  placeIssues,
  type RelationSet,
  type UserDraft,
  userChanged,
  userInputOf,
  userProblems,
} from "./draft.ts";
import { paletteFields } from "./field-palette.tsx";
import { ImportDialog, type ImportPayload } from "./import-dialog.tsx";
import { ImportedNotice } from "./imported-notice.tsx";
import { GroupEditor, UserEditor } from "./kind-editors.tsx";
import {
  type Feedback,
  type GroupState,
  groupState,
  type KindState,
  type UserState,
  userState,
} from "./kind-state.ts";
import { fieldRelationsMessages } from "./messages.ts";
import {
  FieldRelationsResetMutation,
  FieldRelationsSaveGroupMutation,
  FieldRelationsSaveUserMutation,
  type ProviderFieldRelations,
  RELATIONS_QUERIES,
  type SavedVersion,
} from "./operations.ts";
import { PreviewPanel, useFieldRelationsPreview } from "./preview-panel.tsx";

const KINDS: readonly Kind[] = ["group", "user"];

/**
 * Both kinds' editors, the preview of the draft, reset and import. Each kind saves on its own,
 * guarded by the version it was loaded at, so two admins never silently overwrite each other.
 */
export function RelationsEditor({
  providerId,
  data,
  reload,
}: {
  providerId: string;
  data: ProviderFieldRelations;
  /** Reads the stored relations again (after a conflict). */
  reload(): Promise<ProviderFieldRelations | undefined>;
}) {
  const t = useMessages(fieldRelationsMessages);
  const common = useMessages(commonMessages);
  const baseId = useId();
  const [tab, setTab] = useState<Kind>("group");
  const [group, setGroup] = useState<GroupState>(() => groupState(data.group, data.defaults.group));
  const [user, setUser] = useState<UserState>(() => userState(data.user, data.defaults.user));
  const [resetKind, setResetKind] = useState<Kind | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [imported, setImported] = useState<ImportPayload | null>(null);
  const [reloading, setReloading] = useState<Kind | null>(null);

  const groupDirty = groupChanged(group.draft, group.baseline);
  const userDirty = userChanged(user.draft, user.baseline);
  const dirty = { group: groupDirty, user: userDirty };
  const local = { group: groupProblems(group.draft), user: userProblems(user.draft) };

  // Leaving the page (reload, close, another site) with unsaved edits asks first.
  useEffect(() => {
    if (!groupDirty && !userDirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [groupDirty, userDirty]);

  const draft: RelationSet = { group: groupInputOf(group.draft), user: userInputOf(user.draft) };
  const preview = useFieldRelationsPreview(
    providerId,
    draft,
    local.group.length + local.user.length > 0,
  );
  const previewPlaced = {
    group: placeIssues("group", preview.issues, group.draft),
    user: placeIssues("user", preview.issues, user.draft),
  };
  const unplacedPreviewIssues = [
    ...previewPlaced.group.general,
    ...previewPlaced.user.general,
    ...otherIssues(preview.issues),
  ];

  const saveGroup = useGraphQLMutation(FieldRelationsSaveGroupMutation, {
    invalidates: RELATIONS_QUERIES,
  });
  const saveUser = useGraphQLMutation(FieldRelationsSaveUserMutation, {
    invalidates: RELATIONS_QUERIES,
  });
  const reset = useGraphQLMutation(FieldRelationsResetMutation, {
    invalidates: RELATIONS_QUERIES,
  });

  function refuseLocally<D, R>(
    setState: (update: (state: KindState<D, R>) => KindState<D, R>) => void,
    count: number,
  ) {
    setState((state) => ({ ...state, showAll: true, feedback: { type: "local", count } }));
  }

  const failed = (error: unknown) => ({
    type: "failed" as const,
    message: errorText(error, common.unreachable),
  });

  /** Shows `feedback` at the top of one kind's editor. */
  const setFeedback = (kind: Kind, feedback: Feedback) => {
    if (kind === "group") setGroup((state) => ({ ...state, feedback }));
    else setUser((state) => ({ ...state, feedback }));
  };

  const onSaveGroup = () => {
    if (local.group.length > 0) return refuseLocally(setGroup, local.group.length);
    const sent = group.draft;
    saveGroup.mutate(
      {
        providerId,
        relations: groupInputOf(sent),
        expectedVersion: group.saved?.version ?? 0,
      },
      {
        onSuccess: ({ setGroupRelations: result }) =>
          setGroup((state) => afterSave("group", state, sent, result)),
        onError: (error) => setFeedback("group", failed(error)),
      },
    );
  };

  const onSaveUser = () => {
    if (local.user.length > 0) return refuseLocally(setUser, local.user.length);
    const sent = user.draft;
    saveUser.mutate(
      {
        providerId,
        relations: userInputOf(sent),
        expectedVersion: user.saved?.version ?? 0,
      },
      {
        onSuccess: ({ setUserRelations: result }) =>
          setUser((state) => afterSave("user", state, sent, result)),
        onError: (error) => setFeedback("user", failed(error)),
      },
    );
  };

  const onReload = async (kind: Kind) => {
    setReloading(kind);
    try {
      const fresh = await reload();
      if (!fresh) return;
      if (kind === "group") {
        setGroup(groupState(fresh.group, fresh.defaults.group, { type: "reloaded" }));
      } else {
        setUser(userState(fresh.user, fresh.defaults.user, { type: "reloaded" }));
      }
    } catch (error) {
      setFeedback(kind, failed(error));
    } finally {
      setReloading(null);
    }
  };

  const onDiscard = (kind: Kind) => {
    if (kind === "group") setGroup((state) => groupState(state.saved, state.baseline));
    else setUser((state) => userState(state.saved, state.baseline));
  };

  const closeReset = useCallback(() => {
    setResetKind(null);
  }, []);
  const confirmReset = () => {
    if (!resetKind) return;
    const kind = resetKind;
    reset.mutate(
      { providerId, kind },
      {
        onSuccess: ({ resetFieldRelations: result }) => {
          setResetKind(null);
          if (result.__typename !== "ProviderFieldRelations") {
            setFeedback(kind, { type: "failed", message: result.message });
            return;
          }
          if (kind === "group" && result.group) {
            const version = result.group.version;
            setGroup(groupState(result.group, data.defaults.group, { type: "reset", version }));
          }
          if (kind === "user" && result.user) {
            const version = result.user.version;
            setUser(userState(result.user, data.defaults.user, { type: "reset", version }));
          }
        },
        onError: (error) => {
          setResetKind(null);
          setFeedback(kind, failed(error));
        },
      },
    );
  };

  const closeImport = useCallback(() => setImportOpen(false), []);
  const onImported = useCallback(
    (payload: ImportPayload) => {
      const { group: savedGroup, user: savedUser } = payload.relations;
      setGroup(groupState(savedGroup, data.defaults.group));
      setUser(userState(savedUser, data.defaults.user));
      setImported(payload);
    },
    [data.defaults],
  );

  // Arrow keys move between the tabs (WAI-ARIA tabs pattern); the panel follows the focus.
  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    event.preventDefault();
    const next: Kind = tab === "group" ? "user" : "group";
    setTab(next);
    document.getElementById(`${baseId}-tab-${next}`)?.focus();
  };

  const unsavedKinds = KINDS.filter(
    (kind) => (kind === "group" ? group.saved : user.saved) === null,
  );
  const groupFields = useMemo(() => paletteFields("group", data.fields.group, t), [data.fields, t]);
  const userFields = useMemo(() => paletteFields("user", data.fields.user, t), [data.fields, t]);

  return (
    <div className="field-relations stack">
      {unsavedKinds.length > 0 && (
        <Notice tone="warning" title={t.notSavedTitle}>
          {t.notSavedBody(unsavedKinds)}
        </Notice>
      )}
      {imported && <ImportedNotice payload={imported} onDismiss={() => setImported(null)} />}
      <div className="kind-tabs-bar">
        <div role="tablist" aria-label={t.tabsLabel} className="kind-tabs" onKeyDown={onTabKey}>
          {KINDS.map((kind) => (
            <button
              key={kind}
              type="button"
              role="tab"
              id={`${baseId}-tab-${kind}`}
              aria-selected={tab === kind}
              aria-controls={`${baseId}-panel-${kind}`}
              tabIndex={tab === kind ? 0 : -1}
              className="kind-tab"
              onClick={() => setTab(kind)}
            >
              {kind === "group" ? t.tabGroups : t.tabUsers}
              {dirty[kind] && (
                <span className="tab-dot" aria-hidden="true" title={t.badgeUnsaved}>
                  ●
                </span>
              )}
            </button>
          ))}
        </div>
        <Button onClick={() => setImportOpen(true)}>{t.importButton}</Button>
      </div>

      <GroupEditor
        id={`${baseId}-panel-group`}
        labelledBy={`${baseId}-tab-group`}
        hidden={tab !== "group"}
        state={group}
        setState={setGroup}
        dirty={groupDirty}
        previewIssues={previewPlaced.group}
        fields={groupFields}
        defaultAttributes={data.defaults.group.attributes.map((pair) => pair.attribute)}
        saving={saveGroup.isPending}
        reloading={reloading === "group"}
        onSave={onSaveGroup}
        onDiscard={() => onDiscard("group")}
        onReset={() => setResetKind("group")}
        onReload={() => void onReload("group")}
      />
      <UserEditor
        id={`${baseId}-panel-user`}
        labelledBy={`${baseId}-tab-user`}
        hidden={tab !== "user"}
        state={user}
        setState={setUser}
        dirty={userDirty}
        previewIssues={previewPlaced.user}
        fields={userFields}
        defaultAttributes={data.defaults.user.attributes.map((pair) => pair.attribute)}
        saving={saveUser.isPending}
        reloading={reloading === "user"}
        onSave={onSaveUser}
        onDiscard={() => onDiscard("user")}
        onReset={() => setResetKind("user")}
        onReload={() => void onReload("user")}
      />

      <PreviewPanel preview={preview} unplacedIssues={unplacedPreviewIssues} />

      <ConfirmDialog
        open={resetKind !== null}
        title={resetKind ? t.resetTitle(resetKind) : ""}
        confirmLabel={t.resetConfirm}
        danger
        busy={reset.isPending}
        onConfirm={confirmReset}
        onCancel={closeReset}
      >
        <p>{t.resetBody}</p>
        {resetKind && dirty[resetKind] && <p>{t.resetDiscards}</p>}
      </ConfirmDialog>
      <ImportDialog
        open={importOpen}
        providerId={providerId}
        dirty={groupDirty || userDirty}
        onClose={closeImport}
        onImported={onImported}
      />
    </div>
  );
}

/** Issues of a save that belong to the other kind or to none: shown in the general list. */
function otherKindIssues(kind: Kind, issues: readonly Issue[]): Issue[] {
  const other: Kind = kind === "group" ? "user" : "group";
  const ofOther = issues.filter(
    (issue) => issue.path === other || issue.path.startsWith(`${other}.`),
  );
  return [...ofOther, ...otherIssues(issues)];
}

/** What a save of either kind answers: the saved version, or why it was refused. */
type SaveResult<R> =
  | ({ __typename: "GroupRelationsVersion" | "UserRelationsVersion" } & SavedVersion<R>)
  | { __typename: "ValidationError"; issues: readonly Issue[] }
  | { __typename: "ConflictError" | "NotFoundError"; message: string };

/** One kind's editor state once its save answered: the same steps for groups and users. */
function afterSave<D extends GroupDraft | UserDraft, R>(
  kind: Kind,
  state: KindState<D, R>,
  sent: D,
  result: SaveResult<R>,
): KindState<D, R> {
  switch (result.__typename) {
    case "GroupRelationsVersion":
    case "UserRelationsVersion":
      return {
        ...state,
        saved: result,
        baseline: result.relations,
        issues: NO_ISSUES,
        showAll: false,
        feedback: { type: "saved", version: result.version },
      };
    case "ValidationError": {
      const placed = placeIssues(kind, result.issues, sent);
      const general = [...placed.general, ...otherKindIssues(kind, result.issues)];
      return { ...state, issues: placed, feedback: { type: "invalid", general } };
    }
    case "ConflictError":
      return { ...state, feedback: { type: "conflict" } };
    default:
      return { ...state, feedback: { type: "failed", message: result.message } };
  }
}
