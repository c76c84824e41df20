import { ConfigError } from "@orgsync/core";
import { describe, expect, it } from "vitest";
import { compileCron, isKnownTimezone } from "./cron.ts";

/** The ConfigError `compileCron` throws for `input`. */
function problem(cron: string, timezone?: string): ConfigError {
  try {
    compileCron({ cron, ...(timezone === undefined ? {} : { timezone }) }, "schedules (feishu)");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`"${cron}" was accepted`);
}

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

describe("compileCron", () => {
  it("reads 6 fields with seconds first in the schedule's time zone", () => {
    // 02:00:00 in Shanghai (UTC+8, no DST) is 18:00:00 UTC the day before.
    const cron = compileCron({ cron: "0 0 2 * * *", timezone: "Asia/Shanghai" });
    expect(cron.hasSeconds).toBe(true);
    expect(iso(cron.nextTimes(3, new Date("2026-03-01T12:00:00Z")))).toEqual([
      "2026-03-01T18:00:00.000Z",
      "2026-03-02T18:00:00.000Z",
      "2026-03-03T18:00:00.000Z",
    ]);
  });

  it("accepts 5 fields (minute first) and nicknames, defaulting to UTC", () => {
    const five = compileCron({ cron: "30 2 * * 1-5" });
    expect(five).toMatchObject({ timezone: "UTC", hasSeconds: false });
    // 2026-03-06 is a Friday: the next weekday 02:30 after it is Monday's.
    expect(iso(five.nextTimes(2, new Date("2026-03-06T03:00:00Z")))).toEqual([
      "2026-03-09T02:30:00.000Z",
      "2026-03-10T02:30:00.000Z",
    ]);
    expect(
      iso(compileCron({ cron: "@daily" }).nextTimes(1, new Date("2026-03-06T03:00:00Z"))),
    ).toEqual(["2026-03-07T00:00:00.000Z"]);
    // go-ldap-admin's example values, extra blanks and all.
    expect(compileCron({ cron: " 0  */30 * * * * " }).cron).toBe("0 */30 * * * *");
  });

  it("follows daylight saving time", () => {
    // Berlin switches to summer time on 2026-03-29: 03:00 local is 02:00 UTC, then 01:00 UTC.
    const cron = compileCron({ cron: "0 3 * * *", timezone: "Europe/Berlin" });
    expect(iso(cron.nextTimes(2, new Date("2026-03-28T00:00:00Z")))).toEqual([
      "2026-03-28T02:00:00.000Z",
      "2026-03-29T01:00:00.000Z",
    ]);
  });

  it("lists fire times in (from, to], every second if asked", () => {
    const cron = compileCron({ cron: "* * * * * *" });
    const from = new Date("2026-03-01T00:00:00.000Z");
    expect(iso(cron.firesBetween(from, new Date("2026-03-01T00:00:03.000Z")))).toEqual([
      "2026-03-01T00:00:01.000Z",
      "2026-03-01T00:00:02.000Z",
      "2026-03-01T00:00:03.000Z",
    ]);
    expect(cron.firesBetween(from, new Date("2026-03-01T00:00:00.999Z"))).toEqual([]);
    // A limit keeps the newest.
    expect(iso(cron.firesBetween(from, new Date("2026-03-01T00:00:10Z"), 2))).toEqual([
      "2026-03-01T00:00:09.000Z",
      "2026-03-01T00:00:10.000Z",
    ]);
  });

  it("names the field count it expected", () => {
    const error = problem("0 0 2 * * * *");
    expect(error.issues).toEqual([
      {
        path: "cron",
        message:
          "expected 5 fields: minute hour day month weekday, or 6 fields: second minute hour day month weekday; got 7",
      },
    ]);
    expect(error.message).toMatch(/^schedules \(feishu\): the cron expected 5 fields/);
    expect(problem("0 2 * *").issues[0]?.message).toMatch(/got 4$/);
    expect(problem("   ").issues[0]?.message).toMatch(/is empty; example: 0 0 2 \* \* \*/);
  });

  it("names the field and its range for a value out of range", () => {
    expect(problem("70 2 * * *").issues).toEqual([
      { path: "cron", message: "minute: 70 is out of range 0–59" },
    ]);
    expect(problem("0 24 * * *").issues[0]?.message).toBe("hour: 24 is out of range 0–23");
    expect(problem("61 * * * * *").issues[0]?.message).toBe("second: 61 is out of range 0–59");
    expect(problem("0 0 2 0 * *").issues[0]?.message).toBe("day: 0 is out of range 1–31");
    expect(problem("0 0 * 13 *").issues[0]?.message).toBe("month: 13 is out of range 1–12");
    expect(problem("0 0 * * 1-9").issues[0]?.message).toBe("weekday: 9 is out of range 0–7");
  });

  it("names the field of a malformed value, and refuses what never fires", () => {
    expect(problem("0 x * * *").issues[0]?.message).toBe(
      'hour: "x" is not a value, range, step or list',
    );
    expect(problem("*/0 * * * *").issues[0]?.message).toMatch(/stepping/);
    expect(problem("0 0 30 2 *").issues[0]?.message).toMatch(/never fires/);
    expect(problem("@every 1h").issues[0]?.message).toMatch(/not a supported nickname/);
  });

  it("refuses an unknown time zone, naming it", () => {
    const error = problem("0 2 * * *", "Mars/Olympus");
    expect(error.issues).toEqual([
      {
        path: "timezone",
        message:
          '"Mars/Olympus" is not a known IANA time zone; use a name such as "UTC" or "Asia/Shanghai"',
      },
    ]);
    expect(isKnownTimezone("Asia/Shanghai")).toBe(true);
    expect(isKnownTimezone("")).toBe(false);
    expect(isKnownTimezone(" UTC")).toBe(false);
  });
});
