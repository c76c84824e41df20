import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";

/**
 * Chinese and English. The first visit follows the browser (`navigator.languages`); a choice in
 * the header is remembered in localStorage. Each feature keeps its own catalog next to its code
 * (`defineMessages`), so adding a page never touches a global file.
 */

export const LOCALES = ["en", "zh"] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = "orgsync.locale";

export function detectLocale(
  languages: readonly string[] = globalThis.navigator?.languages ?? [],
  stored: string | null = readStored(),
): Locale {
  if (stored === "en" || stored === "zh") return stored;
  for (const language of languages) {
    const lower = language.toLowerCase();
    if (lower.startsWith("zh")) return "zh";
    if (lower.startsWith("en")) return "en";
  }
  return "en";
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
}

const LocaleContext = createContext<LocaleState | undefined>(undefined);

export function LocaleProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => initial ?? detectLocale());
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale === "zh" ? "zh-CN" : "en";
  }, [locale]);
  return <LocaleContext.Provider value={{ locale, setLocale }}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleState {
  const state = useContext(LocaleContext);
  if (!state) throw new Error("useLocale() needs a <LocaleProvider> above it");
  return state;
}
