import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerGraphQL, type GraphQLCall, renderPage } from "../../test/render.tsx";
import { RunsPage } from "./runs-page.tsx";

afterEach(() => vi.unstubAllGlobals());

function runRow(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    status: "succeeded",
    scope: "USERS",
    trigger: "manual",
    dryRun: false,
    requestedBy: "admin",
    createdAt: "2026-03-02T08:00:00.000Z",
    startedAt: "2026-03-02T08:00:01.000Z",
    finishedAt: "2026-03-02T08:01:16.000Z",
    durationMs: 75_000,
    counts: [],
    ...overrides,
  };
}

const page = (nodes: unknown[], endCursor: string | null = null) => ({
  runs: { __typename: "RunPage", endCursor, nodes },
});

const listCalls = (calls: GraphQLCall[]) =>
  calls.filter((call) => call.operationName === "RunsList");

describe("RunsPage", () => {
  it("lists the provider's runs with their counts, links each to its detail and loads more by cursor", async () => {
    const runsList = (variables: Record<string, unknown>) =>
      variables.after === "cursor-1"
        ? page([
            runRow("run-older", {
              status: "failed",
              scope: "GROUPS",
              trigger: "schedule",
              requestedBy: "schedule",
            }),
          ])
        : page(
            [
              runRow("run-new", {
                counts: [
                  { op: "createUser", outcome: "succeeded", count: 12 },
                  { op: "updateUser", outcome: "succeeded", count: 3 },
                  { op: "moveUser", outcome: "succeeded", count: 1 },
                  { op: "disableUser", outcome: "succeeded", count: 2 },
                  { op: "createUser", outcome: "failed", count: 4 },
                ],
              }),
              runRow("run-preview", { dryRun: true, status: "succeeded", requestedBy: null }),
              runRow("run-live", { status: "applying", finishedAt: null, durationMs: null }),
            ],
            "cursor-1",
          );
    const calls = answerGraphQL({
      RunsList: runsList,
    });
    renderPage(<RunsPage />, { route: "/runs" });

    const table = await screen.findByRole("table", { name: "Runs, newest first" });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(4);
    const first = within(rows[1] as HTMLElement).getAllByRole("cell");
    expect(first.map((cell) => cell.textContent)).toEqual([
      expect.any(String),
      "Succeeded",
      "Users",
      "Manual",
      "—",
      "12",
      "4",
      "2",
      "4",
      "admin",
      "1 min 15 s",
    ]);
    expect(within(rows[1] as HTMLElement).getByRole("link")).toHaveAttribute(
      "href",
      "/runs/run-new",
    );
    expect(within(rows[2] as HTMLElement).getByText("Preview")).toBeInTheDocument();
    expect(within(rows[3] as HTMLElement).getByText("Running…")).toBeInTheDocument();
    expect(listCalls(calls)[0]?.variables).toEqual({ providerId: "1", first: 25 });

    await userEvent.click(screen.getByRole("button", { name: "Load more" }));
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(5));
    expect(listCalls(calls).at(-1)?.variables).toEqual({
      providerId: "1",
      first: 25,
      after: "cursor-1",
    });
    expect(within(table).getByText("Schedule")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();
  });

  it("filters by several statuses and by kind, on the service", async () => {
    const runsList = (variables: Record<string, unknown>) =>
      variables.status
        ? page([runRow("run-failed", { status: "failed" })])
        : page([runRow("run-ok")]);
    const calls = answerGraphQL({
      RunsList: runsList,
    });
    renderPage(<RunsPage />, { route: "/runs" });
    await screen.findByRole("table");

    const statuses = screen.getByRole("group", { name: "Status" });
    await userEvent.click(within(statuses).getByLabelText("Failed"));
    await userEvent.click(within(statuses).getByLabelText("Interrupted"));
    await waitFor(() =>
      expect(listCalls(calls).at(-1)?.variables).toEqual({
        providerId: "1",
        first: 25,
        status: ["failed", "interrupted"],
      }),
    );
    await userEvent.selectOptions(screen.getByLabelText("Kind"), "Previews (dry runs) only");
    await waitFor(() =>
      expect(listCalls(calls).at(-1)?.variables).toEqual({
        providerId: "1",
        first: 25,
        status: ["failed", "interrupted"],
        dryRun: true,
      }),
    );
    await userEvent.selectOptions(screen.getByLabelText("Kind"), "Applied runs only");
    await waitFor(() =>
      expect(listCalls(calls).at(-1)?.variables).toMatchObject({ dryRun: false }),
    );

    await userEvent.click(
      screen.getAllByRole("button", { name: "Clear filters" })[0] as HTMLElement,
    );
    await waitFor(() =>
      expect(listCalls(calls).at(-1)?.variables).toEqual({ providerId: "1", first: 25 }),
    );
    expect(within(statuses).getByLabelText("Failed")).not.toBeChecked();
  });

  it("reads the filters from the address and says when nothing matches", async () => {
    const calls = answerGraphQL({ RunsList: page([]) });
    renderPage(<RunsPage />, { route: "/runs?status=needs_approval&kind=applied" });
    expect(await screen.findByText("No run matches these filters.")).toBeInTheDocument();
    expect(listCalls(calls)[0]?.variables).toEqual({
      providerId: "1",
      first: 25,
      status: ["needs_approval"],
      dryRun: false,
    });
    expect(screen.getByLabelText("Needs approval")).toBeChecked();
  });

  it("invites a first sync when there is no run, in Chinese", async () => {
    answerGraphQL({ RunsList: page([]) });
    renderPage(<RunsPage />, { route: "/runs", locale: "zh" });
    expect(await screen.findByText("还没有运行记录")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "前往同步" })).toHaveAttribute("href", "/sync");
    expect(screen.getByRole("group", { name: "状态" })).toBeInTheDocument();
    expect(screen.getByLabelText("待批准")).toBeInTheDocument();
  });

  it("shows the Chinese column names and values", async () => {
    answerGraphQL({ RunsList: page([runRow("run-zh", { scope: "GROUPS", trigger: "event" })]) });
    renderPage(<RunsPage />, { route: "/runs", locale: "zh" });
    const table = await screen.findByRole("table", { name: "运行记录，最新的在前" });
    expect(within(table).getByRole("columnheader", { name: "删除 / 停用" })).toBeInTheDocument();
    expect(within(table).getByText("部门")).toBeInTheDocument();
    expect(within(table).getByText("IM 事件")).toBeInTheDocument();
    expect(within(table).getByText("成功")).toBeInTheDocument();
    expect(within(table).getByText("1 分 15 秒")).toBeInTheDocument();
  });
});
