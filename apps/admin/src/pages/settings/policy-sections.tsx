import type { ReactNode } from "react";
import { useMessages } from "../../i18n/messages.ts";
import { TextField } from "../../ui/field.tsx";
import { Card } from "../../ui/page.tsx";
import { RadioGroup } from "./choice-fields.tsx";
import type { DepartedDraft, Issue, PasswordsDraft } from "./directory-form.ts";
import { issueAt } from "./directory-form.ts";
import { settingsMessages } from "./settings-messages.ts";

const MODES = ["initial", "random"] as const;
const SCHEMES = ["ssha", "clear", "exop"] as const;
const POLICIES = ["disable", "delete", "keep"] as const;

/** How new accounts get their first password, and how it is written. */
export function PasswordsSection({
  draft,
  onChange,
  hasInitialPassword,
  issues,
  footer,
}: {
  draft: PasswordsDraft;
  onChange(patch: Partial<PasswordsDraft>): void;
  hasInitialPassword: boolean;
  issues: readonly Issue[];
  footer: ReactNode;
}) {
  const t = useMessages(settingsMessages);
  const at = (path: string) => issueAt(issues, path);
  return (
    <Card id="passwords" title={t.passwordsTitle}>
      <p className="muted">{t.passwordsIntro}</p>
      <div className="grid-2">
        <div className="stack">
          <RadioGroup
            legend={t.passwordMode}
            name="passwordMode"
            value={draft.mode}
            onChange={(mode) => onChange({ mode })}
            error={at("passwordPolicy.mode")}
            choices={MODES.map((value) => ({
              value,
              label: t[`mode_${value}`],
              hint: t[`modeHint_${value}`],
            }))}
          />
          {draft.mode === "initial" && (
            <TextField
              label={t.initialPassword}
              hint={hasInitialPassword ? t.initialPasswordSet : t.initialPasswordMissing}
              type="password"
              value={draft.initialPassword}
              onChange={(event) => onChange({ initialPassword: event.target.value })}
              error={at("initialPassword")}
              autoComplete="new-password"
            />
          )}
        </div>
        <RadioGroup
          legend={t.passwordScheme}
          name="passwordScheme"
          value={draft.scheme}
          onChange={(scheme) => onChange({ scheme })}
          error={at("passwordPolicy.scheme")}
          choices={SCHEMES.map((value) => ({
            value,
            label: t[`scheme_${value}`],
            hint: t[`schemeHint_${value}`],
          }))}
        />
      </div>
      {footer}
    </Card>
  );
}

/** What happens to leavers, and how much a run may disable or delete before it waits. */
export function DepartedSection({
  draft,
  onChange,
  issues,
  footer,
}: {
  draft: DepartedDraft;
  onChange(patch: Partial<DepartedDraft>): void;
  issues: readonly Issue[];
  footer: ReactNode;
}) {
  const t = useMessages(settingsMessages);
  const at = (path: string) => issueAt(issues, path);
  return (
    <Card id="departed-users" title={t.departedTitle}>
      <p className="muted">{t.departedIntro}</p>
      <div className="grid-2">
        <RadioGroup
          legend={t.departedPolicy}
          name="departedUserPolicy"
          value={draft.policy}
          onChange={(policy) => onChange({ policy })}
          error={at("departedUserPolicy")}
          choices={POLICIES.map((value) => ({
            value,
            label: t[`policy_${value}`],
            hint: t[`policyHint_${value}`],
          }))}
        />
        <fieldset className="choice-group">
          <legend>{t.thresholds}</legend>
          <p className="field-hint">{t.thresholdsIntro}</p>
          <TextField
            label={t.maxDestructive}
            hint={t.maxDestructiveHint}
            inputMode="numeric"
            value={draft.maxDestructive}
            placeholder={t.noLimit}
            onChange={(event) => onChange({ maxDestructive: event.target.value })}
            error={at("safetyThresholds.maxDestructive")}
          />
          <TextField
            label={t.maxDestructivePercent}
            hint={t.maxDestructivePercentHint}
            inputMode="decimal"
            value={draft.maxDestructivePercent}
            placeholder={t.noLimit}
            onChange={(event) => onChange({ maxDestructivePercent: event.target.value })}
            error={at("safetyThresholds.maxDestructivePercent")}
          />
        </fieldset>
      </div>
      {footer}
    </Card>
  );
}
