/**
 * Time zones for schedules: the browser's own (the default for a new schedule) and the IANA
 * names admins of a Feishu/DingTalk/WeCom org most often need, offered as suggestions; any
 * IANA name the browser knows is accepted.
 */

export const COMMON_TIME_ZONES = [
  "UTC",
  "Asia/Shanghai",
  "Asia/Hong_Kong",
  "Asia/Taipei",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Asia/Seoul",
  "Asia/Kolkata",
  "Asia/Dubai",
  "Europe/London",
  "Europe/Berlin",
  "Europe/Paris",
  "Europe/Moscow",
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "America/Sao_Paulo",
  "Australia/Sydney",
] as const;

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** The suggestions, the browser's zone first when it is not among them. */
export function timeZoneSuggestions(): string[] {
  const own = browserTimeZone();
  return (COMMON_TIME_ZONES as readonly string[]).includes(own)
    ? [...COMMON_TIME_ZONES]
    : [own, ...COMMON_TIME_ZONES];
}

/** Whether the browser knows the zone (the service checks again with its own list). */
export function isTimeZone(name: string): boolean {
  if (name.trim() === "" || name !== name.trim()) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
