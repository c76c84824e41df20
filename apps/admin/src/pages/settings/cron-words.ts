import cronstrue from "cronstrue";
// Registers the Chinese locale on the cronstrue instance imported above (a side effect).
import "cronstrue/locales/zh_CN";
import type { Locale } from "../../i18n/locale.tsx";

/** A cron expression in words, or why it cannot be read. */
export type CronWords = { ok: true; text: string } | { ok: false; problem: string };

const CRONSTRUE_LOCALE: Record<Locale, string> = { en: "en", zh: "zh_CN" };

/**
 * Describes a schedule's cron the way the service reads it (croner): five fields, or six with
 * seconds first, or a nickname such as `@daily`; weekday 0 and 7 are Sunday. Times use the
 * 24-hour clock, as the cron itself does.
 */
export function cronInWords(cron: string, locale: Locale): CronWords {
  try {
    const text = cronstrue.toString(cron.trim(), {
      locale: CRONSTRUE_LOCALE[locale],
      use24HourTimeFormat: true,
      throwExceptionOnParseError: true,
    });
    return { ok: true, text };
  } catch (error) {
    // cronstrue throws strings ("Error: Expression has only 2 parts…"), not Errors.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: message.replace(/^Error:\s*/, "") };
  }
}
