import { type ChangeEvent, useCallback, useId, useState } from "react";
import type { ResultOf } from "../../graphql/graphql.ts";
import { useGraphQLMutation } from "../../graphql/hooks.ts";
import { useMessages } from "../../i18n/messages.ts";
import { commonMessages } from "../../ui/common-messages.ts";
import { ConfirmDialog } from "../../ui/dialog.tsx";
import { TextAreaField } from "../../ui/field.tsx";
import { Notice, ProblemNotice } from "../../ui/notice.tsx";
import { errorText } from "../../ui/states.tsx";
import { fieldRelationsMessages } from "./messages.ts";
import { FieldRelationsImportMutation, RELATIONS_QUERIES } from "./operations.ts";

export type ImportPayload = Extract<
  ResultOf<typeof FieldRelationsImportMutation>["importGoLdapAdminFieldRelations"],
  { __typename: "ImportFieldRelationsPayload" }
>;

/** Parses the pasted text; the error says where the JSON breaks, before anything is sent. */
export function parseImport(
  text: string,
): { ok: true; value: unknown } | { ok: false; detail: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * go-ldap-admin's field relations, pasted or read from a file, translated and saved by the
 * service (both kinds at once). The dialog stays open on a refusal so the text can be fixed.
 */
export function ImportDialog({
  open,
  providerId,
  dirty,
  onClose,
  onImported,
}: {
  open: boolean;
  providerId: string;
  /** Whether an editor has unsaved changes the import would replace. */
  dirty: boolean;
  onClose(): void;
  onImported(payload: ImportPayload): void;
}) {
  const t = useMessages(fieldRelationsMessages);
  const common = useMessages(commonMessages);
  const fileId = useId();
  const [text, setText] = useState("");
  const [localError, setLocalError] = useState<string | undefined>();
  const importRelations = useGraphQLMutation(FieldRelationsImportMutation, {
    invalidates: RELATIONS_QUERIES,
  });
  const result = importRelations.data?.importGoLdapAdminFieldRelations;

  // Stable: the dialog re-focuses its Cancel button whenever this changes.
  const close = useCallback(() => {
    setText("");
    setLocalError(undefined);
    importRelations.reset();
    onClose();
  }, [importRelations.reset, onClose]);

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    try {
      setText(await file.text());
      setLocalError(undefined);
    } catch {
      setLocalError(t.importFileError);
    }
  };

  const submit = () => {
    if (text.trim() === "") {
      setLocalError(t.importEmpty);
      return;
    }
    const parsed = parseImport(text);
    if (!parsed.ok) {
      setLocalError(t.importParseError(parsed.detail));
      return;
    }
    setLocalError(undefined);
    importRelations.mutate(
      { providerId, json: parsed.value },
      {
        onSuccess: (data) => {
          const answer = data.importGoLdapAdminFieldRelations;
          if (answer.__typename !== "ImportFieldRelationsPayload") return;
          onImported(answer);
          setText("");
          importRelations.reset();
          onClose();
        },
      },
    );
  };

  return (
    <ConfirmDialog
      open={open}
      title={t.importTitle}
      confirmLabel={t.importConfirm}
      busy={importRelations.isPending}
      onConfirm={submit}
      onCancel={close}
    >
      <div className="stack import-dialog">
        <p>{t.importIntro}</p>
        {dirty && <Notice tone="warning">{t.importDirty}</Notice>}
        <div className="field">
          <label htmlFor={fileId}>{t.importFile}</label>
          <input id={fileId} type="file" accept=".json,application/json" onChange={readFile} />
        </div>
        <TextAreaField
          label={t.importText}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setLocalError(undefined);
          }}
          error={localError}
          rows={10}
          spellCheck={false}
          placeholder='[{ "flag": "feishu_user", "attributes": { "username": "custom_name_pinyin", … } }]'
        />
        {result && result.__typename !== "ImportFieldRelationsPayload" && (
          <ProblemNotice error={result} />
        )}
        {importRelations.isError && (
          <Notice tone="danger">{errorText(importRelations.error, common.unreachable)}</Notice>
        )}
      </div>
    </ConfirmDialog>
  );
}
