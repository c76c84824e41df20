import { useId, useMemo, useState } from "react";
import { useGraphQLMutation } from "../../graphql/hooks.ts";
import { useFormat } from "../../i18n/format.ts";
import { useLocale } from "../../i18n/locale.tsx";
import { useMessages } from "../../i18n/messages.ts";
import { Badge } from "../../ui/badge.tsx";
import { Button } from "../../ui/button.tsx";
import { commonMessages } from "../../ui/common-messages.ts";
import { ConfirmDialog } from "../../ui/dialog.tsx";
import { CheckboxField, TextField } from "../../ui/field.tsx";
import { Notice } from "../../ui/notice.tsx";
import { errorText } from "../../ui/states.tsx";
import { cronInWords } from "./cron-words.ts";
import {
  type ScheduleData,
  SettingsDeleteScheduleMutation,
  SettingsSetScheduleMutation,
  type SyncScope,
} from "./schedule-documents.ts";
import { scheduleMessages } from "./schedule-messages.ts";
import { browserTimeZone, isTimeZone, timeZoneSuggestions } from "./time-zones.ts";

interface ScheduleDraft {
  cron: string;
  timezone: string;
  enabled: boolean;
}

function draftOf(schedule: ScheduleData | undefined): ScheduleDraft {
  return schedule
    ? { cron: schedule.cron, timezone: schedule.timezone, enabled: schedule.enabled }
    : { cron: "", timezone: browserTimeZone(), enabled: true };
}

/** Crons offered as suggestions in the cron field, each shown with its meaning. */
const CRON_SUGGESTIONS = [
  "0 2 * * *",
  "0 0 2 * * *",
  "30 1 * * *",
  "0 * * * *",
  "*/30 * * * *",
  "0 8 * * 1-5",
  "0 3 * * 0",
];

type Outcome =
  | { kind: "saved" }
  | { kind: "deleted" }
  | { kind: "invalid"; issues: readonly { path: string; message: string }[] }
  | { kind: "refused"; message: string }
  | { kind: "failed"; error: unknown };

/**
 * One scope's schedule: the cron (read back in words as it is typed), its time zone, whether it
 * is enabled, and the next fire times the service computed for what is saved.
 */
export function ScheduleEditor({
  providerId,
  scope,
  schedule,
}: {
  providerId: string;
  scope: SyncScope;
  schedule: ScheduleData | undefined;
}) {
  const t = useMessages(scheduleMessages);
  const common = useMessages(commonMessages);
  const { locale } = useLocale();
  const format = useFormat();
  const ids = useId();
  const [draft, setDraft] = useState(() => draftOf(schedule));
  const [outcome, setOutcome] = useState<Outcome>();
  const [localErrors, setLocalErrors] = useState<{ cron?: string; timezone?: string }>({});
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  // A saved or deleted schedule comes back through the query: show it as stored.
  const [syncedWith, setSyncedWith] = useState(schedule?.updatedAt);
  if (syncedWith !== schedule?.updatedAt) {
    setSyncedWith(schedule?.updatedAt);
    setDraft(draftOf(schedule));
  }

  const setSchedule = useGraphQLMutation(SettingsSetScheduleMutation, {
    invalidates: ["SettingsSchedules"],
  });
  const deleteSchedule = useGraphQLMutation(SettingsDeleteScheduleMutation, {
    invalidates: ["SettingsSchedules"],
  });

  const words = draft.cron.trim() ? cronInWords(draft.cron, locale) : undefined;
  const suggestions = useMemo(
    () =>
      CRON_SUGGESTIONS.map((cron) => {
        const described = cronInWords(cron, locale);
        return { cron, label: described.ok ? described.text : cron };
      }),
    [locale],
  );
  const zones = useMemo(() => timeZoneSuggestions(), []);

  const serverIssue = (path: string) =>
    outcome?.kind === "invalid"
      ? outcome.issues
          .filter((issue) => issue.path === path)
          .map((issue) => issue.message)
          .join(" ") || undefined
      : undefined;
  const cronError =
    localErrors.cron ??
    (words && !words.ok ? t.cronInvalid(words.problem) : undefined) ??
    serverIssue("cron");
  const timezoneError = localErrors.timezone ?? serverIssue("timezone");
  const otherIssues =
    outcome?.kind === "invalid"
      ? outcome.issues.filter((issue) => issue.path !== "cron" && issue.path !== "timezone")
      : [];

  const change = (patch: Partial<ScheduleDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    setLocalErrors({});
    setOutcome(undefined);
  };

  const save = () => {
    const cron = draft.cron.trim();
    const timezone = draft.timezone.trim();
    const errors: { cron?: string; timezone?: string } = {};
    if (!cron) errors.cron = t.cronRequired;
    else {
      const described = cronInWords(cron, locale);
      if (!described.ok) errors.cron = t.cronInvalid(described.problem);
    }
    if (!isTimeZone(timezone)) errors.timezone = t.timezoneInvalid;
    setLocalErrors(errors);
    if (errors.cron || errors.timezone) {
      setOutcome(undefined);
      return;
    }
    setOutcome(undefined);
    setSchedule.mutate(
      { providerId, scope, cron, timezone, enabled: draft.enabled },
      {
        onSuccess: (data) => {
          const result = data.setSchedule;
          if (result.__typename === "Schedule") setOutcome({ kind: "saved" });
          else if (result.__typename === "ValidationError") {
            setOutcome({ kind: "invalid", issues: result.issues });
          } else setOutcome({ kind: "refused", message: result.message });
        },
        onError: (error) => setOutcome({ kind: "failed", error }),
      },
    );
  };

  const remove = () => {
    setConfirmingDelete(false);
    setOutcome(undefined);
    deleteSchedule.mutate(
      { providerId, scope },
      {
        onSuccess: (data) => {
          const result = data.deleteSchedule;
          if (result.__typename === "MutationDeleteScheduleSuccess")
            setOutcome({ kind: "deleted" });
          else setOutcome({ kind: "refused", message: result.message });
        },
        onError: (error) => setOutcome({ kind: "failed", error }),
      },
    );
  };

  const stale =
    schedule !== undefined &&
    (draft.cron.trim() !== schedule.cron ||
      draft.timezone.trim() !== schedule.timezone ||
      draft.enabled !== schedule.enabled);
  const headingId = `${ids}-heading`;

  return (
    <section className="schedule" aria-labelledby={headingId}>
      <header className="schedule-header">
        <h3 id={headingId}>{t[`scope_${scope}`]}</h3>
        {schedule ? (
          <Badge tone={schedule.enabled ? "success" : "neutral"}>
            {schedule.enabled ? t.scheduled : t.disabled}
          </Badge>
        ) : null}
      </header>
      <p className="field-hint">{t[`scopeHint_${scope}`]}</p>
      {!schedule && <p className="muted">{t.notScheduled}</p>}

      <TextField
        label={t.cron}
        // The meaning is part of the field's description, so it is read out with the field.
        hint={
          <>
            {words?.ok && (
              <span className="cron-words">
                {t.inWords}
                <strong>{words.text}</strong>
              </span>
            )}
            <span>{t.cronHint}</span>
          </>
        }
        value={draft.cron}
        placeholder={t.cronPlaceholder}
        onChange={(event) => change({ cron: event.target.value })}
        error={cronError}
        list={`${ids}-crons`}
        className="mono"
        autoComplete="off"
        spellCheck={false}
      />
      <datalist id={`${ids}-crons`}>
        {suggestions.map((suggestion) => (
          <option key={suggestion.cron} value={suggestion.cron}>
            {suggestion.label}
          </option>
        ))}
      </datalist>

      <TextField
        label={t.timezone}
        hint={t.timezoneHint}
        value={draft.timezone}
        onChange={(event) => change({ timezone: event.target.value })}
        error={timezoneError}
        list={`${ids}-zones`}
        autoComplete="off"
        spellCheck={false}
      />
      <datalist id={`${ids}-zones`}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <CheckboxField
        label={t.enabled}
        hint={t.enabledHint}
        checked={draft.enabled}
        onChange={(event) => change({ enabled: event.target.checked })}
      />

      {schedule && <NextRuns schedule={schedule} stale={stale} />}
      {schedule && (
        <p className="field-hint">
          {t.lastChanged(format.dateTime(schedule.updatedAt), schedule.updatedBy ?? null)}
        </p>
      )}

      {outcome?.kind === "saved" && <Notice tone="success">{t.saved}</Notice>}
      {outcome?.kind === "deleted" && <Notice tone="success">{t.deleted}</Notice>}
      {outcome?.kind === "invalid" && (
        <Notice tone="danger" title={t.fixFields}>
          {otherIssues.length > 0 && (
            <ul className="issue-list">
              {otherIssues.map((issue) => (
                <li key={`${issue.path}:${issue.message}`}>
                  <code>{issue.path}</code> — {issue.message}
                </li>
              ))}
            </ul>
          )}
        </Notice>
      )}
      {outcome?.kind === "refused" && <Notice tone="danger">{outcome.message}</Notice>}
      {outcome?.kind === "failed" && (
        <Notice tone="danger">{errorText(outcome.error, common.unreachable)}</Notice>
      )}

      <div className="schedule-actions">
        <Button variant="primary" onClick={save} busy={setSchedule.isPending}>
          {t[`save_${scope}`]}
        </Button>
        {schedule && (
          <Button
            variant="ghost"
            onClick={() => setConfirmingDelete(true)}
            busy={deleteSchedule.isPending}
          >
            {t[`delete_${scope}`]}
          </Button>
        )}
      </div>
      <ConfirmDialog
        open={confirmingDelete}
        title={t.deleteTitle(t[`scope_${scope}`])}
        confirmLabel={t.deleteConfirm}
        danger
        onConfirm={remove}
        onCancel={() => setConfirmingDelete(false)}
      >
        <p>{t.deleteBody}</p>
      </ConfirmDialog>
    </section>
  );
}

/** The coming fire times of the saved schedule, in its own time zone (as the cron reads). */
function NextRuns({ schedule, stale }: { schedule: ScheduleData; stale: boolean }) {
  const t = useMessages(scheduleMessages);
  const { locale } = useLocale();
  const format = useFormat();
  // Seconds only matter when the cron names some (six fields, seconds not just 0).
  const fields = schedule.cron.trim().split(/\s+/);
  const withSeconds = fields.length === 6 && fields[0] !== "0";
  const formatter = useMemo(() => {
    const options: Intl.DateTimeFormatOptions = {
      weekday: "short",
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      ...(withSeconds ? { second: "2-digit" } : {}),
      hourCycle: "h23",
    };
    const tag = locale === "zh" ? "zh-CN" : "en-GB";
    try {
      return new Intl.DateTimeFormat(tag, { ...options, timeZone: schedule.timezone });
    } catch {
      // A zone this browser does not know: the admin's own zone is still a true instant.
      return new Intl.DateTimeFormat(tag, options);
    }
  }, [locale, schedule.timezone, withSeconds]);
  const titleId = useId();
  return (
    <div className="next-runs">
      <h4 id={titleId}>{t.nextRuns(schedule.timezone)}</h4>
      {stale && <p className="field-hint">{t.nextRunsStale}</p>}
      {!schedule.enabled && <p className="field-hint">{t.nextRunsDisabled}</p>}
      {schedule.nextFireTimes.length === 0 ? (
        <p className="muted">{t.noNextRuns}</p>
      ) : (
        <ol aria-labelledby={titleId} className={schedule.enabled ? undefined : "next-runs-off"}>
          {schedule.nextFireTimes.map((iso) => (
            <li key={iso}>
              <time dateTime={iso}>{formatter.format(new Date(iso))}</time>{" "}
              <span className="muted">({format.relative(iso)})</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
