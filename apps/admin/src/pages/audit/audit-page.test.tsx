import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerGraphQL, type GraphQLCall, renderPage } from "../../test/render.tsx";
import { AuditPage } from "./audit-page.tsx";

afterEach(() => vi.unstubAllGlobals());

const alice = { id: "a-1", username: "alice" };
const RUN_ID = "3f2a9c1e-7d41-4a0b-9e55-0c6f2b8d1a77";

function entry(
  id: number,
  action: string,
  fields: Partial<{
    admin: typeof alice | null;
    targetType: string | null;
    targetId: string | null;
    details: Record<string, unknown>;
  }> = {},
) {
  return {
    id,
    at: new Date(Date.UTC(2026, 2, 1, 8, 0, id % 60)).toISOString(),
    action,
    admin: alice,
    targetType: null,
    targetId: null,
    details: { actor: "alice" },
    ...fields,
  };
}

const page = (data: unknown[]) => ({ auditLog: { __typename: "QueryAuditLogSuccess", data } });
/** 50 entries, then two older ones before id 151; nothing for provider targets. */
function pagedLog(variables: Record<string, unknown>) {
  if (variables.targetType === "provider") return page([]);
  if (variables.before === 151) return page([entry(150, "run.approve"), entry(149, "run.cancel")]);
  return page(Array.from({ length: 50 }, (_, i) => entry(200 - i, "run.approve")));
}

const auditCalls = (calls: GraphQLCall[]) =>
  calls.filter((call) => call.operationName === "AuditLogPage").map((call) => call.variables);

describe("AuditPage", () => {
  it("shows who did what to which object, newest first", async () => {
    const calls = answerGraphQL({
      AuditLogPage: page([
        entry(103, "run.start", {
          targetType: "run",
          targetId: RUN_ID,
          details: { actor: "alice", providerId: "1", scope: "ALL" },
        }),
        entry(102, "provider.update", {
          targetType: "provider",
          targetId: "1",
          details: {
            actor: "alice",
            flag: "feishu",
            name: "Acme Feishu",
            enabled: false,
            syncOptions: { updateExisting: false },
          },
        }),
        entry(101, "admin.loginFailed", {
          admin: null,
          targetType: "admin",
          targetId: "mallory",
          details: { ip: "10.0.0.8" },
        }),
        entry(100, "webhook.rotate", { admin: null, details: { actor: "cli" } }),
        entry(99, "fieldRelations.reset", {
          targetType: "provider",
          targetId: "1",
          details: { actor: "alice", kind: "both" },
        }),
      ]),
    });
    renderPage(<AuditPage />, { route: "/audit" });
    const table = await screen.findByRole("table", { name: "Audit log entries, newest first" });
    expect(auditCalls(calls)).toEqual([{ first: 50 }]);
    const [, run, provider, failed, unknown, reset] = within(table).getAllByRole(
      "row",
    ) as HTMLElement[];

    expect(within(run as HTMLElement).getByText("Started a sync")).toBeInTheDocument();
    expect(within(run as HTMLElement).getByText("run.start")).toBeInTheDocument();
    expect(within(run as HTMLElement).getByText("alice")).toBeInTheDocument();
    expect(within(run as HTMLElement).getByRole("link", { name: "Run 3f2a9c1e" })).toHaveAttribute(
      "href",
      `/runs/${RUN_ID}`,
    );
    expect(within(run as HTMLElement).getByText("scope")).toBeInTheDocument();
    expect(within(run as HTMLElement).getByText("ALL")).toBeInTheDocument();
    // Nothing nested: no JSON to expand.
    expect(within(run as HTMLElement).queryByText("Show JSON")).toBeNull();

    expect(within(provider as HTMLElement).getByText("Changed a provider")).toBeInTheDocument();
    expect(
      within(provider as HTMLElement).getByRole("link", { name: "Acme Feishu" }),
    ).toHaveAttribute("href", "/providers/1");
    expect(within(provider as HTMLElement).getByText("no")).toBeInTheDocument();
    expect(within(provider as HTMLElement).getByText("{updateExisting}")).toBeInTheDocument();
    await userEvent.click(within(provider as HTMLElement).getByText("Show JSON"));
    expect(within(provider as HTMLElement).getByText(/"updateExisting": false/)).toBeVisible();

    expect(within(failed as HTMLElement).getByText("Failed login")).toBeInTheDocument();
    expect(within(failed as HTMLElement).getByText("System")).toBeInTheDocument();
    expect(within(failed as HTMLElement).getByText("Admin mallory")).toBeInTheDocument();
    expect(within(failed as HTMLElement).getByText("10.0.0.8")).toBeInTheDocument();

    // An action this version does not know still shows, by its name.
    expect(within(unknown as HTMLElement).getAllByText("webhook.rotate")).toHaveLength(2);
    expect(within(unknown as HTMLElement).getByText("System (cli)")).toBeInTheDocument();
    // Without a name in the details, the provider is named as the provider list names it.
    const named = await within(reset as HTMLElement).findByRole("link", { name: "Acme Feishu" });
    expect(named).toHaveAttribute("href", "/providers/1");
  });

  it("filters by action and target type and loads older entries with `before`", async () => {
    const calls = answerGraphQL({ AuditLogPage: pagedLog });
    renderPage(<AuditPage />, { route: "/audit" });
    await userEvent.selectOptions(
      await screen.findByLabelText("Action"),
      screen.getByRole("option", { name: "Approved a held run" }),
    );
    const table = await screen.findByRole("table");
    expect(within(table).getAllByRole("row")).toHaveLength(51);
    expect(auditCalls(calls).at(-1)).toEqual({ action: "run.approve", first: 50 });
    expect(screen.getByText("50 entries shown")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Load more" }));
    expect(await screen.findByText("52 entries shown")).toBeInTheDocument();
    expect(auditCalls(calls).at(-1)).toEqual({ action: "run.approve", first: 50, before: 151 });
    expect(screen.getByText("That is the beginning of the log.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();

    await userEvent.selectOptions(screen.getByLabelText("Target type"), "provider");
    expect(await screen.findByText("No entries match these filters")).toBeInTheDocument();
    expect(auditCalls(calls).at(-1)).toEqual({
      action: "run.approve",
      targetType: "provider",
      first: 50,
    });
    await userEvent.click(
      screen.getAllByRole("button", { name: "Clear filters" })[0] as HTMLElement,
    );
    expect(screen.getByLabelText("Action")).toHaveValue("");
    expect(screen.getByLabelText("Target type")).toHaveValue("");
    expect(await screen.findByText("50 entries shown")).toBeInTheDocument();
    expect(auditCalls(calls).at(-1)).toEqual({ first: 50 });
  });

  it("takes its filters from the address", async () => {
    const calls = answerGraphQL({ AuditLogPage: page([entry(7, "run.cancel")]) });
    renderPage(<AuditPage />, { route: "/audit?action=run.cancel&targetType=run" });
    expect(await screen.findByRole("table")).toBeInTheDocument();
    expect(auditCalls(calls)).toEqual([{ action: "run.cancel", targetType: "run", first: 50 }]);
    expect(screen.getByLabelText("Action")).toHaveValue("run.cancel");
    expect(screen.getByLabelText("Target type")).toHaveValue("run");
  });

  it("says when nothing was recorded yet", async () => {
    answerGraphQL({ AuditLogPage: page([]) });
    renderPage(<AuditPage />, { route: "/audit" });
    expect(await screen.findByText("Nothing recorded yet")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Clear filters" })).toBeNull();
  });

  it("shows a failed request as an error the admin can retry", async () => {
    answerGraphQL({});
    renderPage(<AuditPage />, { route: "/audit" });
    expect(await screen.findByRole("alert")).toHaveTextContent("test: no answer for AuditLogPage");
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });

  it("speaks Chinese", async () => {
    answerGraphQL({
      AuditLogPage: page([
        entry(3, "run.start", { targetType: "run", targetId: RUN_ID }),
        entry(2, "admin.setup", {
          admin: null,
          targetType: "admin",
          targetId: "a-1",
          details: { username: "alice" },
        }),
      ]),
    });
    renderPage(<AuditPage />, { locale: "zh", route: "/audit" });
    expect(await screen.findByRole("heading", { name: "审计日志" })).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: "审计日志条目，最新的在前" });
    expect(within(table).getByText("启动同步")).toBeInTheDocument();
    expect(within(table).getByRole("link", { name: "运行 3f2a9c1e" })).toBeInTheDocument();
    expect(within(table).getByText("创建首个管理员")).toBeInTheDocument();
    expect(within(table).getByText("系统")).toBeInTheDocument();
    expect(within(table).getByText("管理员 alice")).toBeInTheDocument();
    expect(screen.getByLabelText("操作")).toBeInTheDocument();
    expect(screen.getByRole("option", { name: "全部对象" })).toBeInTheDocument();
    expect(screen.getByText("已到日志开头。")).toBeInTheDocument();
  });
});
