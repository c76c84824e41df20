import type { ReactNode } from "react";
import { useMessages } from "../../i18n/messages.ts";
import { CheckboxField, TextField } from "../../ui/field.tsx";
import { Card } from "../../ui/page.tsx";
import { RadioGroup, RangeField } from "./choice-fields.tsx";
import {
  GROUP_CLASSES,
  type Issue,
  issueAt,
  type LayoutDraft,
  posixRequired,
} from "./directory-form.ts";
import { settingsMessages } from "./settings-messages.ts";

/**
 * The LDAP target's `LayoutOptions` as fields: the department object class, the users'
 * container, optional POSIX attributes; and go-ldap-admin's default email domain.
 */
export function LayoutSection({
  draft,
  onChange,
  issues,
  footer,
  firstRun,
}: {
  draft: LayoutDraft;
  onChange(patch: Partial<LayoutDraft>): void;
  issues: readonly Issue[];
  footer: ReactNode;
  firstRun: boolean;
}) {
  const t = useMessages(settingsMessages);
  const at = (path: string) => issueAt(issues, path);
  const needsPosix = posixRequired(draft);
  const posixOn = draft.posix || needsPosix;
  return (
    <Card id="layout" title={t.layoutTitle}>
      <p className="muted">{t.layoutIntro}</p>
      {!firstRun && <p className="muted">{t.placementNote}</p>}
      <div className="grid-2">
        <RadioGroup
          legend={t.groups}
          name="groups"
          value={draft.groups}
          onChange={(groups) => onChange({ groups })}
          error={at("layout.groups")}
          choices={GROUP_CLASSES.map((value) => ({
            value,
            label: <code>{t[`groups_${value}`]}</code>,
            hint: t[`groupsHint_${value}`],
          }))}
        />
        <div className="stack">
          <TextField
            label={t.usersOu}
            hint={t.usersOuHint}
            value={draft.usersOu}
            placeholder="people"
            onChange={(event) => onChange({ usersOu: event.target.value })}
            error={at("layout.usersOu")}
            spellCheck={false}
          />
          <TextField
            label={t.defaultEmailSuffix}
            hint={t.defaultEmailSuffixHint}
            value={draft.defaultEmailSuffix}
            placeholder="example.com"
            onChange={(event) => onChange({ defaultEmailSuffix: event.target.value })}
            error={at("defaultEmailSuffix")}
            spellCheck={false}
          />
        </div>
      </div>

      <div className="settings-group">
        <CheckboxField
          label={t.posix}
          hint={needsPosix ? t.posixRequired : t.posixHint}
          checked={posixOn}
          disabled={needsPosix}
          onChange={(event) => onChange({ posix: event.target.checked })}
        />
        {posixOn && (
          <div className="grid-3">
            <RangeField
              legend={t.uidNumbers}
              fromLabel={t.rangeFrom}
              toLabel={t.rangeTo}
              low={draft.uidLow}
              high={draft.uidHigh}
              placeholder={["10000", "59999"]}
              onChange={(uidLow, uidHigh) => onChange({ uidLow, uidHigh })}
              hint={t.uidNumbersHint}
              error={at("layout.posix.uidNumbers")}
            />
            <TextField
              label={t.gidNumber}
              hint={t.gidNumberHint}
              inputMode="numeric"
              value={draft.gidNumber}
              placeholder="10000"
              onChange={(event) => onChange({ gidNumber: event.target.value })}
              error={at("layout.posix.gidNumber")}
            />
            <RangeField
              legend={t.gidNumbers}
              fromLabel={t.rangeFrom}
              toLabel={t.rangeTo}
              low={draft.gidLow}
              high={draft.gidHigh}
              placeholder={["20000", "29999"]}
              onChange={(gidLow, gidHigh) => onChange({ gidLow, gidHigh })}
              hint={needsPosix ? t.gidNumbersHintRequired : t.gidNumbersHint}
              error={at("layout.posix.gidNumbers")}
            />
            <TextField
              label={t.homeDirectory}
              hint={t.homeDirectoryHint}
              value={draft.homeDirectory}
              placeholder="/home/{uid}"
              onChange={(event) => onChange({ homeDirectory: event.target.value })}
              error={at("layout.posix.homeDirectory")}
              spellCheck={false}
            />
            <TextField
              label={t.loginShell}
              hint={t.loginShellHint}
              value={draft.loginShell}
              placeholder="/bin/bash"
              onChange={(event) => onChange({ loginShell: event.target.value })}
              error={at("layout.posix.loginShell")}
              spellCheck={false}
            />
          </div>
        )}
      </div>
      {footer}
    </Card>
  );
}
