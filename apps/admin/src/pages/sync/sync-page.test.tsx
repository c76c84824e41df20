import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerGraphQL, type GraphQLCall, renderPage } from "../../test/render.tsx";
import type { RunDetail, RunItem } from "../runs/run-documents.ts";
import { itemsPage, makeItem, makeRun, streamRunProgress } from "../runs/run-fixtures.ts";
import { SyncPage } from "./sync-page.tsx";

afterEach(() => vi.unstubAllGlobals());

const idle = {
  provider: { id: "1", name: "Acme Feishu", enabled: true, activeRun: null },
  runs: { __typename: "RunPage", nodes: [] },
};

function withActiveRun(id: string, status: string) {
  return { ...idle, provider: { ...idle.provider, activeRun: { id, status } } };
}

function plan(overrides: Record<string, unknown> = {}) {
  return {
    planSync: {
      __typename: "Run",
      id: "plan-1",
      status: "succeeded",
      scope: "GROUPS",
      error: null,
      createdAt: "2026-03-02T08:00:00.000Z",
      counts: [
        { op: "createGroup", outcome: "planned", count: 2 },
        { op: "updateGroup", outcome: "planned", count: 1 },
      ],
      approval: { required: false, reason: null, destructiveCount: 0 },
      warnings: [],
      ...overrides,
    },
  };
}

const GROUP_ITEMS: RunItem[] = [
  makeItem({
    seq: 0,
    op: "createGroup",
    anchor: "feishu:od-1",
    dn: "cn=Engineering,ou=feishuroot,dc=example,dc=com",
    changes: [{ attribute: "cn", old: [], new: ["Engineering"] }],
  }),
  makeItem({
    seq: 1,
    op: "createGroup",
    anchor: "feishu:od-2",
    dn: "cn=Sales,ou=feishuroot,dc=example,dc=com",
  }),
  makeItem({
    seq: 2,
    op: "updateGroup",
    anchor: "feishu:od-3",
    dn: "cn=Marketing,ou=feishuroot,dc=example,dc=com",
    changes: [{ attribute: "description", old: ["Market"], new: ["Marketing team"] }],
  }),
];

/** Filters the items as the service does (op, case-insensitive DN/anchor search). */
function itemsResponder(items: RunItem[]) {
  return (variables: Record<string, unknown>) => {
    const search = String(variables.search ?? "").toLowerCase();
    const nodes = items.filter(
      (item) =>
        (!variables.op || item.op === variables.op) &&
        (!search ||
          item.dn.toLowerCase().includes(search) ||
          item.anchor.toLowerCase().includes(search)),
    );
    return itemsPage(nodes, null, String(variables.id));
  };
}

const callsOf = (calls: GraphQLCall[], name: string) =>
  calls.filter((call) => call.operationName === name);

describe("SyncPage", () => {
  it("previews a sync as a diff: counts per operation as chips, search, filter and each change old → new", async () => {
    const calls = answerGraphQL({
      SyncProvider: idle,
      SyncPlan: plan(),
      RunItems: itemsResponder(GROUP_ITEMS),
    });
    renderPage(<SyncPage />, { route: "/sync" });

    await userEvent.click(await screen.findByRole("button", { name: "Sync groups" }));
    expect(
      await screen.findByRole("heading", { name: "Preview: Sync groups" }),
    ).toBeInTheDocument();
    expect(callsOf(calls, "SyncPlan")[0]?.variables).toEqual({ providerId: "1", scope: "GROUPS" });
    // Nothing applied yet.
    expect(callsOf(calls, "SyncRun")).toHaveLength(0);

    expect(screen.getByRole("button", { name: "All 3" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("button", { name: "Create group 2" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Update group 1" })).toBeInTheDocument();
    expect(
      await screen.findByText("cn=Engineering,ou=feishuroot,dc=example,dc=com"),
    ).toBeInTheDocument();
    expect(screen.getByText("feishu:od-3")).toBeInTheDocument();

    // An update reads old → new.
    await userEvent.click(
      screen.getByRole("button", {
        name: "Show 1 change: cn=Marketing,ou=feishuroot,dc=example,dc=com",
      }),
    );
    expect(screen.getByText("Market")).toHaveClass("diff-old");
    expect(screen.getByText("Marketing team")).toHaveClass("diff-new");

    // Filter by operation: asked of the service.
    await userEvent.click(screen.getByRole("button", { name: "Update group 1" }));
    await waitFor(() =>
      expect(
        screen.queryByText("cn=Engineering,ou=feishuroot,dc=example,dc=com"),
      ).not.toBeInTheDocument(),
    );
    expect(callsOf(calls, "RunItems").at(-1)?.variables).toMatchObject({
      id: "plan-1",
      op: "updateGroup",
    });
    expect(screen.getByRole("button", { name: "Update group 1" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );

    // Search by DN, across every operation.
    await userEvent.click(screen.getByRole("button", { name: "All 3" }));
    await userEvent.type(screen.getByLabelText("Search by DN or anchor"), "SALES");
    await waitFor(() =>
      expect(callsOf(calls, "RunItems").at(-1)?.variables).toMatchObject({ search: "SALES" }),
    );
    await waitFor(() =>
      expect(
        screen.queryByText("cn=Engineering,ou=feishuroot,dc=example,dc=com"),
      ).not.toBeInTheDocument(),
    );
    expect(screen.getByText("cn=Sales,ou=feishuroot,dc=example,dc=com")).toBeInTheDocument();
    expect(callsOf(calls, "RunItems").at(-1)?.variables).not.toHaveProperty("op");
  });

  it("asks before applying a plan that removes objects, then follows the run live to its outcome", async () => {
    let status: RunDetail["status"] = "queued";
    const runDetail = () => ({
      run: makeRun({
        id: "run-9",
        scope: "USERS",
        status,
        counts:
          status === "succeeded"
            ? [
                { op: "createUser", outcome: "succeeded", count: 1 },
                { op: "disableUser", outcome: "succeeded", count: 2 },
                { op: "deleteUser", outcome: "failed", count: 1 },
              ]
            : [],
      }),
    });
    const calls = answerGraphQL({
      SyncProvider: idle,
      SyncPlan: plan({
        scope: "USERS",
        counts: [
          { op: "createUser", outcome: "planned", count: 1 },
          { op: "disableUser", outcome: "planned", count: 2 },
          { op: "deleteUser", outcome: "planned", count: 1 },
        ],
      }),
      RunItems: itemsResponder([]),
      SyncRun: { runSync: { __typename: "Run", id: "run-9", status: "queued" } },
      RunDetail: runDetail,
    });
    const stream = streamRunProgress();
    renderPage(<SyncPage />, { route: "/sync" });

    await userEvent.click(await screen.findByRole("button", { name: "Sync users" }));
    await userEvent.click(await screen.findByRole("button", { name: "Apply changes" }));
    const dialog = screen.getByRole("dialog", { name: "Apply a plan that removes 3 objects?" });
    expect(within(dialog).getByText("Disable user:")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(callsOf(calls, "SyncRun")).toHaveLength(0);

    await userEvent.click(screen.getByRole("button", { name: "Apply changes" }));
    await userEvent.click(screen.getByRole("button", { name: "Apply and remove 3" }));
    await waitFor(() =>
      expect(callsOf(calls, "SyncRun")[0]?.variables).toEqual({ providerId: "1", scope: "USERS" }),
    );

    expect(
      await screen.findByRole("heading", { name: "Sync in progress: Sync users" }),
    ).toBeInTheDocument();
    await waitFor(() => expect(stream.opened).toEqual([{ id: "run-9" }]));
    stream.push(
      {
        status: "applying",
        done: 2,
        total: 4,
        counts: [
          { op: "createUser", outcome: "succeeded", count: 1 },
          { op: "disableUser", outcome: "succeeded", count: 1 },
          { op: "disableUser", outcome: "planned", count: 1 },
          { op: "deleteUser", outcome: "planned", count: 1 },
        ],
      },
      "run-9",
    );
    const bar = screen.getByRole("progressbar", { name: "Run progress" });
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", "2"));
    expect(bar).toHaveAttribute("aria-valuemax", "4");
    expect(screen.getByText("2 / 4 (50%)")).toBeInTheDocument();
    expect(screen.getByText("Applying")).toBeInTheDocument();
    // Counts so far leave out what is still planned: 1 created, 1 disabled.
    const stat = (key: string) => document.querySelector(`[data-stat="${key}"] .stat-value`);
    expect(stat("created")).toHaveTextContent("1");
    expect(stat("removed")).toHaveTextContent("1");
    expect(stat("updated")).toHaveTextContent("0");

    status = "succeeded";
    stream.push({ status: "succeeded", done: 4, total: 4 }, "run-9");
    expect(
      await screen.findByRole("heading", { name: "Sync finished: Sync users" }),
    ).toBeInTheDocument();
    expect(await screen.findByText(/1 object failed/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Open the run's detail" })).toHaveAttribute(
      "href",
      "/runs/run-9",
    );
    await userEvent.click(screen.getByRole("button", { name: "Start another sync" }));
    expect(await screen.findByRole("button", { name: "Sync all" })).toBeInTheDocument();
  });

  it.each([
    {
      result: {
        __typename: "SafetyError",
        rule: "fieldRelationsMissing",
        message: "runs (feishu): field relations are not set",
      },
      title: "Field relations are not set",
      link: { name: "Set up field relations", href: "/field-relations" },
    },
    {
      result: { __typename: "DirectoryNotConfiguredError", message: "directory: not configured" },
      title: "The LDAP directory is not configured",
      link: { name: "Open Settings", href: "/settings" },
    },
    {
      result: {
        __typename: "RunAlreadyActiveError",
        activeRunId: "run-3",
        message: "runs: run run-3 is active",
      },
      title: "A run is already in progress for this provider",
      link: { name: "Open the active run", href: "/runs/run-3" },
    },
    {
      result: {
        __typename: "SafetyError",
        rule: "emptySource",
        message: "runs: the IM returned no one",
      },
      title: "The IM returned nobody",
      link: { name: "Open the set-up checklist", href: "/" },
    },
  ])(
    "explains $result.__typename $result.rule and links to the fix",
    async ({ result, title, link }) => {
      answerGraphQL({ SyncProvider: idle, SyncPlan: { planSync: result } });
      renderPage(<SyncPage />, { route: "/sync" });
      await userEvent.click(await screen.findByRole("button", { name: "Sync all" }));
      const alert = await screen.findByRole("alert");
      expect(within(alert).getByText(title)).toBeInTheDocument();
      // The service's own words follow the explanation.
      expect(within(alert).getByText(result.message)).toBeInTheDocument();
      expect(within(alert).getByRole("link", { name: link.name })).toHaveAttribute(
        "href",
        link.href,
      );
    },
  );

  it("offers to preview the groups when users are refused before them", async () => {
    const syncPlan = (variables: Record<string, unknown>) =>
      variables.scope === "USERS"
        ? {
            planSync: {
              __typename: "SafetyError",
              rule: "groupsNotSynced",
              message: "runs (feishu): users cannot be synced before their groups",
            },
          }
        : plan();
    const calls = answerGraphQL({
      SyncProvider: idle,
      SyncPlan: syncPlan,
      RunItems: itemsResponder(GROUP_ITEMS),
    });
    renderPage(<SyncPage />, { route: "/sync" });
    await userEvent.click(await screen.findByRole("button", { name: "Sync users" }));
    expect(await screen.findByText("Sync the groups first")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Preview the groups sync" }));
    expect(
      await screen.findByRole("heading", { name: "Preview: Sync groups" }),
    ).toBeInTheDocument();
    expect(callsOf(calls, "SyncPlan").map((call) => call.variables.scope)).toEqual([
      "USERS",
      "GROUPS",
    ]);
  });

  it("shows the active run on load instead of the buttons, and approves a held run, again after a replan", async () => {
    const held = makeRun({
      id: "run-5",
      scope: "ALL",
      status: "needs_approval",
      error: "runs: held for approval",
      approval: {
        required: true,
        reason: "3 deletions and disables exceed the threshold (2)",
        destructiveCount: 2,
      },
      counts: [
        { op: "createUser", outcome: "planned", count: 1 },
        { op: "deleteUser", outcome: "planned", count: 2 },
      ],
    });
    let approvals = 0;
    const approveRun = () => {
      approvals += 1;
      return {
        approveRun: {
          __typename: "ApproveRunPayload",
          replanned: approvals === 1,
          run: { id: "run-5", status: approvals === 1 ? "needs_approval" : "applying" },
        },
      };
    };
    const calls = answerGraphQL({
      SyncProvider: withActiveRun("run-5", "needs_approval"),
      RunDetail: { run: held },
      RunDestructiveItems: {
        run: {
          id: "run-5",
          deleteUsers: {
            endCursor: null,
            nodes: [
              makeItem({
                seq: 4,
                op: "deleteUser",
                dn: "uid=lisi,ou=people,dc=example,dc=com",
                anchor: "feishu:ou_4",
              }),
              makeItem({
                seq: 5,
                op: "deleteUser",
                dn: "uid=wangwu,ou=people,dc=example,dc=com",
                anchor: "feishu:ou_5",
              }),
            ],
          },
          disableUsers: { endCursor: null, nodes: [] },
          deleteGroups: { endCursor: null, nodes: [] },
        },
      },
      RunItems: itemsResponder([]),
      ApproveRun: approveRun,
    });
    const stream = streamRunProgress();
    renderPage(<SyncPage />, { route: "/sync" });

    expect(
      await screen.findByRole("heading", { name: "Sync held for approval: Sync all" }),
    ).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Sync groups" })).not.toBeInTheDocument();
    expect(
      await screen.findByText("3 deletions and disables exceed the threshold (2)"),
    ).toBeInTheDocument();
    expect(screen.getByText(/deletes or disables 2 objects/)).toBeInTheDocument();
    expect(await screen.findByText("uid=lisi,ou=people,dc=example,dc=com")).toBeInTheDocument();
    expect(screen.getByText("uid=wangwu,ou=people,dc=example,dc=com")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: /Approve/ }));
    expect(
      await screen.findByText("The directory changed since this plan was made"),
    ).toBeInTheDocument();
    expect(callsOf(calls, "ApproveRun")[0]?.variables).toEqual({ id: "run-5" });
    // The new plan is shown to approve: the whole plan is open, the removals listed again.
    expect(screen.getByText("Every planned change").closest("details")).toHaveAttribute("open");

    await userEvent.click(screen.getByRole("button", { name: /Approve/ }));
    await waitFor(() => expect(callsOf(calls, "ApproveRun")).toHaveLength(2));
    await waitFor(() => expect(stream.opened.length).toBeGreaterThan(0));
    stream.push({ status: "applying", done: 1, total: 3 }, "run-5");
    expect(
      await screen.findByRole("heading", { name: "Sync in progress: Sync all" }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Cancel run" }));
    expect(callsOf(calls, "CancelRun")[0]?.variables).toEqual({ id: "run-5" });
  });

  it("polls the run every 2 s when the event stream is refused", async () => {
    const calls = answerGraphQL({
      SyncProvider: withActiveRun("run-7", "applying"),
      RunDetail: {
        run: makeRun({ id: "run-7", status: "applying", progress: { done: 1, total: 10 } }),
      },
      RunProgressPoll: {
        run: { id: "run-7", status: "applying", progress: { done: 6, total: 10 }, counts: [] },
      },
    });
    const stream = streamRunProgress({ fail: true });
    renderPage(<SyncPage />, { route: "/sync" });
    const bar = await screen.findByRole("progressbar", { name: "Run progress" });
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", "6"));
    expect(stream.opened).toEqual([{ id: "run-7" }]);
    expect(callsOf(calls, "RunProgressPoll")[0]?.variables).toEqual({ id: "run-7" });
    expect(screen.getByText("Updating every 2 s")).toBeInTheDocument();
  });

  it("speaks Chinese: the actions, the preview and the approval", async () => {
    answerGraphQL({
      SyncProvider: idle,
      SyncPlan: plan(),
      RunItems: itemsResponder(GROUP_ITEMS),
    });
    renderPage(<SyncPage />, { route: "/sync", locale: "zh" });
    expect(await screen.findByRole("heading", { name: "同步" })).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "同步用户" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "全部同步" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "同步部门" }));
    expect(await screen.findByRole("heading", { name: "预览：同步部门" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "新建部门 2" })).toBeInTheDocument();
    expect(screen.getByLabelText("按 DN 或锚点搜索")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "应用变更" })).toBeInTheDocument();
  });

  it("shows the approve button in Chinese for a held run", async () => {
    answerGraphQL({
      SyncProvider: withActiveRun("run-5", "needs_approval"),
      RunDetail: {
        run: makeRun({
          id: "run-5",
          status: "needs_approval",
          approval: { required: true, reason: null, destructiveCount: 0 },
        }),
      },
      RunItems: itemsResponder([]),
    });
    streamRunProgress();
    renderPage(<SyncPage />, { route: "/sync", locale: "zh" });
    expect(await screen.findByRole("heading", { name: "这次运行需要你批准" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /批准/ })).toHaveTextContent("批准并执行");
    expect(screen.getByRole("button", { name: "取消运行" })).toBeInTheDocument();
  });
});
