import { useMemo } from "react";
import { useLocale } from "./locale.tsx";

/** Dates, durations and numbers in the admin's language and time zone. */
export function useFormat() {
  const { locale } = useLocale();
  return useMemo(() => {
    const tag = locale === "zh" ? "zh-CN" : "en-GB";
    const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "medium" });
    const number = new Intl.NumberFormat(tag);
    const relative = new Intl.RelativeTimeFormat(tag, { numeric: "auto" });
    return {
      dateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : "—"),
      number: (value: number) => number.format(value),
      duration: (ms: number | null | undefined) => formatDuration(ms, locale),
      relative(iso: string, now = Date.now()) {
        const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
        const abs = Math.abs(seconds);
        if (abs < 60) return relative.format(seconds, "second");
        if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
        if (abs < 86_400) return relative.format(Math.round(seconds / 3600), "hour");
        return relative.format(Math.round(seconds / 86_400), "day");
      },
    };
  }, [locale]);
}

export function formatDuration(ms: number | null | undefined, locale: "en" | "zh" = "en"): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return locale === "zh" ? `${ms} 毫秒` : `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return locale === "zh" ? `${seconds.toFixed(1)} 秒` : `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds % 60);
  return locale === "zh" ? `${minutes} 分 ${rest} 秒` : `${minutes} min ${rest} s`;
}
