import { ConfigError } from "@orgsync/core";
import { Cron } from "croner";

/**
 * Cron expressions for schedules, read by croner (5 or 6 fields, IANA time zones, DST-aware).
 *
 * - 5 fields: `minute hour day month weekday` (`0 2 * * *`: 02:00 every day).
 * - 6 fields: `second minute hour day month weekday` (`0 0 2 * * *`), as go-ldap-admin's
 *   `dept-sync-time` / `user-sync-time` (robfig/cron with seconds) write them.
 * - The nicknames `@yearly` `@annually` `@monthly` `@weekly` `@daily` `@midnight` `@hourly`.
 *
 * Day of month and weekday combine with OR when both are restricted, as in Vixie cron and
 * robfig/cron. Every second (`* * * * * *`) is allowed — the tests need it — though a sync
 * every second is rarely sensible: a fire while the previous run is still going is only
 * recorded as skipped, so a too-frequent schedule wastes nothing but fire rows.
 */

const FIELDS_6 = ["second", "minute", "hour", "day", "month", "weekday"] as const;
type FieldName = (typeof FIELDS_6)[number];

/** Each field's numeric range, for messages that name the field and its bounds. */
const RANGES: Record<FieldName, readonly [number, number]> = {
  second: [0, 59],
  minute: [0, 59],
  hour: [0, 23],
  day: [1, 31],
  month: [1, 12],
  weekday: [0, 7],
};

const NICKNAMES = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

/** Fire times computed at once are capped, so a bad call cannot loop for long. */
export const MAX_FIRE_TIMES = 1000;

/** A validated cron in its time zone. */
export interface CompiledCron {
  /** As given, trimmed. Example: `"0 0 2 * * *"`. */
  readonly cron: string;
  /** Example: `"Asia/Shanghai"`. */
  readonly timezone: string;
  /** Whether the cron has a seconds field (6 fields). */
  readonly hasSeconds: boolean;
  /** The first fire time strictly after `after`; `undefined` if it never fires again. */
  next(after: Date): Date | undefined;
  /** The next `count` fire times strictly after `after` (at most `MAX_FIRE_TIMES`). */
  nextTimes(count: number, after: Date): Date[];
  /**
   * Fire times in `(from, to]`, oldest first, at most `limit` of them (the newest are kept when
   * there are more: what the scheduler still acts on after a long stall).
   */
  firesBetween(from: Date, to: Date, limit?: number): Date[];
}

/** What a schedule's cron and time zone are, before validation. */
export interface CronInput {
  cron: string;
  /**
   * IANA time zone the cron is read in.
   * @default "UTC"
   * @example "Asia/Shanghai"
   */
  timezone?: string;
}

/** Whether `timezone` is an IANA zone this Node knows (`Intl` throws a RangeError otherwise). */
export function isKnownTimezone(timezone: string): boolean {
  if (timezone.trim() === "" || timezone !== timezone.trim()) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/** Checks plain numbers (in values, ranges and steps' bases) against the field's bounds. */
function rangeProblem(field: FieldName, text: string): string | undefined {
  const [min, max] = RANGES[field];
  for (const item of text.split(",")) {
    const [base = ""] = item.split("/");
    for (const part of base.split("-")) {
      if (!/^\d+$/.test(part)) continue;
      const value = Number(part);
      if (value < min || value > max) {
        return `${field}: ${value} is out of range ${min}–${max}`;
      }
    }
  }
  return undefined;
}

/** croner's message, with its class prefix removed and its entry numbers turned into field names. */
function cronerProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const text = message.replace(/^CronPattern:\s*/, "");
  const entry = /configuration entry (\d+) \(([^)]*)\) contains illegal characters/.exec(text);
  if (entry) {
    // croner numbers the entries of its 6-field form (seconds first), whatever was given.
    const field = FIELDS_6[Number(entry[1])];
    return `${field ?? "a field"}: "${entry[2]}" is not a value, range, step or list`;
  }
  return text;
}

function fail(where: string, path: "cron" | "timezone", problem: string): never {
  throw new ConfigError(`${where}: ${path === "cron" ? "the cron" : "the time zone"} ${problem}`, [
    { path, message: problem },
  ]);
}

/**
 * Validates a cron and its time zone and compiles them. Throws `ConfigError` whose `issues`
 * name `cron` or `timezone` and the problem, e.g. `{ path: "cron", message: "expected 5 fields:
 * minute hour day month weekday, or 6 fields: second minute hour day month weekday; got 7" }`.
 *
 * @param where The message prefix: subsystem and provider. Example: `"schedules (feishu)"`.
 */
export function compileCron(input: CronInput, where = "schedules"): CompiledCron {
  const cron = input.cron.trim().replace(/\s+/g, " ");
  const timezone = input.timezone ?? "UTC";
  if (!isKnownTimezone(timezone)) {
    fail(
      where,
      "timezone",
      `"${timezone}" is not a known IANA time zone; use a name such as "UTC" or "Asia/Shanghai"`,
    );
  }
  if (cron === "") fail(where, "cron", "is empty; example: 0 0 2 * * * (02:00:00 every day)");

  let fields: readonly FieldName[] = FIELDS_6;
  if (cron.startsWith("@")) {
    if (!NICKNAMES.includes(cron.toLowerCase())) {
      fail(
        where,
        "cron",
        `"${cron}" is not a supported nickname; use ${NICKNAMES.join(", ")} or a cron of 5 or 6 fields`,
      );
    }
  } else {
    const parts = cron.split(" ");
    if (parts.length !== 5 && parts.length !== 6) {
      fail(
        where,
        "cron",
        `expected 5 fields: minute hour day month weekday, or 6 fields: second minute hour day month weekday; got ${parts.length}`,
      );
    }
    fields = parts.length === 5 ? FIELDS_6.slice(1) : FIELDS_6;
    for (const [index, part] of parts.entries()) {
      const field = fields[index] as FieldName;
      const problem = rangeProblem(field, part);
      if (problem) fail(where, "cron", problem);
    }
  }

  let job: Cron;
  try {
    // Without a callback croner schedules nothing: the job only computes times.
    job = new Cron(cron, { paused: true, timezone, mode: "5-or-6-parts" });
  } catch (error) {
    fail(where, "cron", cronerProblem(error));
  }
  const next = (after: Date): Date | undefined => job.nextRun(after) ?? undefined;
  if (!next(new Date())) {
    fail(where, "cron", `"${cron}" never fires (a date that does not exist, e.g. 30 February)`);
  }

  return {
    cron,
    timezone,
    hasSeconds: fields.length === 6 && !cron.startsWith("@"),
    next,
    nextTimes(count, after) {
      const times: Date[] = [];
      let cursor = after;
      while (times.length < Math.min(count, MAX_FIRE_TIMES)) {
        const time = next(cursor);
        if (!time) break;
        times.push(time);
        cursor = time;
      }
      return times;
    },
    firesBetween(from, to, limit = MAX_FIRE_TIMES) {
      const times: Date[] = [];
      let cursor = from;
      for (;;) {
        const time = next(cursor);
        if (!time || time.getTime() > to.getTime()) break;
        times.push(time);
        if (times.length > limit) times.shift();
        cursor = time;
      }
      return times;
    },
  };
}
