import { type Locale, useLocale } from "../i18n/locale.tsx";
import { useMessages } from "../i18n/messages.ts";
import { shellMessages } from "./shell-messages.ts";

const NAMES: Record<Locale, string> = { en: "English", zh: "中文" };

export function LanguageSwitch() {
  const { locale, setLocale } = useLocale();
  const t = useMessages(shellMessages);
  return (
    <label className="inline-select">
      <span className="visually-hidden">{t.language}</span>
      <select
        value={locale}
        aria-label={t.language}
        onChange={(event) => setLocale(event.target.value as Locale)}
      >
        {(Object.keys(NAMES) as Locale[]).map((code) => (
          <option key={code} value={code} lang={code}>
            {NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
