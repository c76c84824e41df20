import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerGraphQL, type GraphQLCall, renderPage } from "../../test/render.tsx";
import { cronInWords } from "./cron-words.ts";
import { SchedulesSection } from "./schedules-section.tsx";

afterEach(() => vi.unstubAllGlobals());

// No pause between keystrokes: the tests type whole URLs and DNs.
const user = userEvent.setup({ delay: null });

const GROUPS_SCHEDULE = {
  scope: "GROUPS",
  cron: "0 0 2 * * *",
  timezone: "Asia/Shanghai",
  enabled: true,
  nextFireTimes: [
    "2026-11-25T18:00:00.000Z",
    "2026-11-26T18:00:00.000Z",
    "2026-11-27T18:00:00.000Z",
    "2026-11-28T18:00:00.000Z",
    "2026-11-29T18:00:00.000Z",
  ],
  updatedAt: "2026-11-20T08:00:00.000Z",
  updatedBy: "admin",
};

const FIRES = [
  {
    scope: "GROUPS",
    fireAt: "2026-11-24T18:00:00.000Z",
    outcome: "started",
    reason: null,
    runId: "42",
    run: { id: "42", status: "succeeded" },
  },
  {
    scope: "USERS",
    fireAt: "2026-11-24T17:00:00.000Z",
    outcome: "skipped",
    reason: "the provider was running: run 41",
    runId: null,
    run: null,
  },
];

function schedulesAnswer(schedules: unknown[] = [GROUPS_SCHEDULE], fires: unknown[] = FIRES) {
  return {
    SettingsSchedules: {
      provider: { id: "1", name: "Acme Feishu", schedules, scheduleFires: fires },
    },
  };
}

/** One scope's editor, found by its heading. */
async function editor(name: string) {
  const heading = await screen.findByRole("heading", { level: 3, name });
  return within(heading.closest("section") as HTMLElement);
}

const callsOf = (calls: GraphQLCall[], name: string) =>
  calls.filter((call) => call.operationName === name);

describe("SchedulesSection", () => {
  it("shows a saved cron in words and its next runs in the schedule's time zone", async () => {
    answerGraphQL(schedulesAnswer());
    renderPage(<SchedulesSection />, { route: "/settings" });

    const groups = await editor("Sync groups");
    expect(groups.getByLabelText("Cron expression")).toHaveValue("0 0 2 * * *");
    // Six fields: seconds first.
    expect(groups.getByLabelText("Cron expression")).toHaveAccessibleDescription(
      expect.stringContaining("In words: At 02:00"),
    );
    const runs = groups.getByRole("list", { name: "Next runs (Asia/Shanghai)" });
    const items = within(runs).getAllByRole("listitem");
    expect(items).toHaveLength(5);
    expect(items[0]).toHaveTextContent("Thu, 26 Nov 2026, 02:00");
    expect(items[0]?.querySelector("time")).toHaveAttribute("datetime", "2026-11-25T18:00:00.000Z");
    expect(items[4]).toHaveTextContent("Mon, 30 Nov 2026, 02:00");
  });

  it("describes a cron as it is typed, and says when it cannot be read", async () => {
    const calls = answerGraphQL(schedulesAnswer());
    renderPage(<SchedulesSection />, { route: "/settings" });

    const users = await editor("Sync users");
    expect(users.getByText("Not scheduled: runs only when started by hand.")).toBeInTheDocument();
    const cron = users.getByLabelText("Cron expression");
    await user.type(cron, "*/30 * * * *");
    expect(cron).toHaveAccessibleDescription(expect.stringContaining("In words: Every 30 minutes"));

    await user.clear(cron);
    await user.type(cron, "0 2");
    expect(cron).toHaveAttribute("aria-invalid", "true");
    expect(cron).toHaveAccessibleDescription(
      expect.stringContaining("Expression has only 2 parts"),
    );
    await user.click(users.getByRole("button", { name: "Save users schedule" }));
    expect(callsOf(calls, "SettingsSetSchedule")).toHaveLength(0);
  });

  it("reads crons and next runs in Chinese", async () => {
    answerGraphQL(schedulesAnswer());
    renderPage(<SchedulesSection />, { locale: "zh", route: "/settings" });

    const groups = await editor("同步部门");
    expect(groups.getByLabelText("Cron 表达式")).toHaveAccessibleDescription(
      expect.stringMatching(/含义：\s*在02:00/),
    );
    const runs = groups.getByRole("list", { name: "接下来的运行时间（Asia/Shanghai）" });
    expect(within(runs).getAllByRole("listitem")[0]).toHaveTextContent("2026年11月26日周四 02:00");
    const users = await editor("同步用户");
    const cron = users.getByLabelText("Cron 表达式");
    await user.type(cron, "0 8 * * 1-5");
    expect(cron).toHaveAccessibleDescription(expect.stringContaining("在08:00, 星期一至星期五"));
  });

  it("saves a schedule with the cron, time zone and enabled flag", async () => {
    const echo = (variables: Record<string, unknown>) => ({
      setSchedule: {
        __typename: "Schedule",
        scope: variables.scope,
        cron: variables.cron,
        timezone: variables.timezone,
        enabled: variables.enabled,
        updatedAt: "2026-11-25T00:00:00.000Z",
      },
    });
    const calls = answerGraphQL({ ...schedulesAnswer(), SettingsSetSchedule: echo });
    renderPage(<SchedulesSection />, { route: "/settings" });

    const users = await editor("Sync users");
    // A new schedule starts in the browser's own zone.
    const timezone = users.getByLabelText("Time zone");
    expect(timezone).toHaveValue(Intl.DateTimeFormat().resolvedOptions().timeZone);
    await user.type(users.getByLabelText("Cron expression"), "0 3 * * *");
    await user.clear(timezone);
    await user.type(timezone, "Asia/Shanghai");
    await user.click(users.getByLabelText("Enabled"));
    await user.click(users.getByRole("button", { name: "Save users schedule" }));

    expect(await users.findByText("Schedule saved.")).toBeInTheDocument();
    expect(callsOf(calls, "SettingsSetSchedule")[0]?.variables).toEqual({
      providerId: "1",
      scope: "USERS",
      cron: "0 3 * * *",
      timezone: "Asia/Shanghai",
      enabled: false,
    });
    // The list is read again for the new next runs.
    await waitFor(() => expect(callsOf(calls, "SettingsSchedules").length).toBeGreaterThan(1));
  });

  it("shows the service's verdict on the cron and the time zone at their fields", async () => {
    answerGraphQL({
      ...schedulesAnswer(),
      SettingsSetSchedule: {
        setSchedule: {
          __typename: "ValidationError",
          message: "schedules: invalid",
          issues: [{ path: "timezone", message: "is not an IANA time zone this server knows" }],
        },
      },
    });
    renderPage(<SchedulesSection />, { route: "/settings" });

    const all = await editor("Sync all");
    await user.type(all.getByLabelText("Cron expression"), "@daily");
    await user.click(all.getByRole("button", { name: "Save sync-all schedule" }));
    const timezone = all.getByLabelText("Time zone");
    await waitFor(() => expect(timezone).toHaveAttribute("aria-invalid", "true"));
    expect(timezone).toHaveAccessibleDescription(
      expect.stringContaining("is not an IANA time zone this server knows"),
    );
  });

  it("deletes a schedule after confirmation", async () => {
    const calls = answerGraphQL({
      ...schedulesAnswer(),
      SettingsDeleteSchedule: {
        deleteSchedule: { __typename: "MutationDeleteScheduleSuccess", data: true },
      },
    });
    renderPage(<SchedulesSection />, { route: "/settings" });

    const groups = await editor("Sync groups");
    await user.click(groups.getByRole("button", { name: "Delete groups schedule" }));
    const dialog = screen.getByRole("dialog", { name: "Delete the “Sync groups” schedule?" });
    await user.click(within(dialog).getByRole("button", { name: "Delete schedule" }));
    expect(await groups.findByText("Schedule deleted.")).toBeInTheDocument();
    expect(callsOf(calls, "SettingsDeleteSchedule")[0]?.variables).toEqual({
      providerId: "1",
      scope: "GROUPS",
    });
  });

  it("lists recent fires with their outcome and a link to the run", async () => {
    answerGraphQL(schedulesAnswer());
    renderPage(<SchedulesSection />, { route: "/settings" });

    const table = await screen.findByRole("table", { name: /last 10 times/ });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(3);
    expect(within(rows[1] as HTMLElement).getByText("Started a run")).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByRole("link", { name: "Run 42" })).toHaveAttribute(
      "href",
      "/runs/42",
    );
    expect(within(rows[2] as HTMLElement).getByText("Skipped")).toBeInTheDocument();
    expect(
      within(rows[2] as HTMLElement).getByText("the provider was running: run 41"),
    ).toBeInTheDocument();
  });

  it("says so when there is no provider to schedule", async () => {
    answerGraphQL({ ProvidersList: { providers: [] } });
    renderPage(<SchedulesSection />, { route: "/settings" });
    expect(
      await screen.findByText("Schedules belong to a provider, and there is none yet."),
    ).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Add a provider" })).toHaveAttribute(
      "href",
      "/providers/new",
    );
  });
});

describe("cronInWords", () => {
  it("reads five and six fields and nicknames, in English and Chinese", () => {
    expect(cronInWords("0 2 * * *", "en")).toEqual({ ok: true, text: "At 02:00" });
    expect(cronInWords("0 0 2 * * *", "en")).toEqual({ ok: true, text: "At 02:00" });
    expect(cronInWords("@hourly", "zh")).toEqual({ ok: true, text: "每小时" });
  });

  it("gives cronstrue's reason without its prefix", () => {
    expect(cronInWords("61 * * * *", "en")).toEqual({
      ok: false,
      problem: "minutes part must be >= 0 and <= 59",
    });
  });
});
