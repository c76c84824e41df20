import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerGraphQL, type GraphQLCall, renderPage } from "../../test/render.tsx";
import { RunDetailPage } from "./run-detail-page.tsx";
import type { RunItem } from "./run-documents.ts";
import { itemsPage, makeItem, makeRun, streamRunProgress } from "./run-fixtures.ts";

afterEach(() => vi.unstubAllGlobals());

const FAILED_RUN = makeRun({
  id: "run-1",
  scope: "USERS",
  status: "failed",
  error: "runs: 3 of 9 operations failed: 2 schemaViolation, 1 permission; 1 skipped",
  approvedBy: "lead",
  approvedAt: "2026-03-02T08:00:00.500Z",
  counts: [
    { op: "createUser", outcome: "succeeded", count: 5 },
    { op: "createUser", outcome: "failed", count: 2 },
    { op: "updateUser", outcome: "failed", count: 1 },
    { op: "setMembers", outcome: "skipped", count: 1 },
  ],
  warnings: [
    { code: "danglingParent", anchor: "feishu:od-9", message: "department od-9 has no parent" },
  ],
});

const BAD_MAIL = makeItem({
  seq: 3,
  op: "createUser",
  outcome: "failed",
  dn: "uid=bad,ou=people,dc=example,dc=com",
  anchor: "feishu:ou_bad",
  errorCategory: "schemaViolation",
  message: "ldap: add uid=bad,ou=people,dc=example,dc=com: mail: value #0 invalid per syntax (21)",
  attempts: 1,
  durationMs: 14,
  changes: [{ attribute: "mail", old: [], new: ["not an e-mail"] }],
});
const FAILED: RunItem[] = [
  BAD_MAIL,
  makeItem({
    seq: 4,
    op: "createUser",
    outcome: "failed",
    dn: "uid=bad2,ou=people,dc=example,dc=com",
    errorCategory: "schemaViolation",
    message: "mobile: invalid",
  }),
  makeItem({
    seq: 6,
    op: "updateUser",
    outcome: "failed",
    dn: "uid=locked,ou=people,dc=example,dc=com",
    errorCategory: "permission",
    message: "insufficient access (50)",
  }),
];
const SKIPPED: RunItem[] = [
  makeItem({
    seq: 8,
    op: "setMembers",
    outcome: "skipped",
    dn: "cn=Eng,ou=feishuroot,dc=example,dc=com",
    errorCategory: "dependencyFailed",
    message: "a dependency failed",
  }),
];
const SUCCEEDED: RunItem[] = [0, 1, 2, 5, 7].map((seq) =>
  makeItem({ seq, outcome: "succeeded", dn: `uid=ok${seq},ou=people,dc=example,dc=com` }),
);
const ALL = [...FAILED, ...SKIPPED, ...SUCCEEDED].sort((a, b) => a.seq - b.seq);

/** Pages like the service: `first` items after the cursor (the cursor is the last seq). */
function itemsResponder(variables: Record<string, unknown>) {
  const first = Number(variables.first ?? 100);
  const after = variables.after === undefined ? -1 : Number(variables.after);
  const matching = ALL.filter(
    (item) => (!variables.outcome || item.outcome === variables.outcome) && item.seq > after,
  );
  const nodes = matching.slice(0, first);
  const last = nodes.at(-1);
  return itemsPage(nodes, matching.length > first && last ? String(last.seq) : null);
}

function renderDetail(locale: "en" | "zh" = "en") {
  return renderPage(
    <Routes>
      <Route path="/runs/:id" element={<RunDetailPage />} />
    </Routes>,
    { route: "/runs/run-1", locale },
  );
}

/** jsdom's Blob has no `text()`; its FileReader does the same. */
function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

const itemCalls = (calls: GraphQLCall[]) =>
  calls.filter((call) => call.operationName === "RunItems");

describe("RunDetailPage", () => {
  it("shows what the run was and did: header, error, counts by operation and outcome", async () => {
    answerGraphQL({ RunDetail: { run: FAILED_RUN }, RunItems: itemsResponder });
    renderDetail();
    expect(
      await screen.findByRole("heading", { name: "Sync: Users", level: 1 }),
    ).toBeInTheDocument();
    expect(screen.getByText(FAILED_RUN.error as string)).toBeInTheDocument();
    expect(screen.getByText("Requested by").nextSibling).toHaveTextContent("admin");
    expect(screen.getByText("Approved by").nextSibling).toHaveTextContent(/^lead, /);
    expect(screen.getByText("Duration").nextSibling).toHaveTextContent("12.5 s");
    expect(screen.getByText("Trigger").nextSibling).toHaveTextContent("Manual");
    expect(screen.getByText("department od-9 has no parent")).toBeInTheDocument();

    const matrix = screen.getByRole("table", { name: "Operations by type and outcome" });
    const createRow = within(matrix).getByRole("row", { name: /Create user/ });
    expect(
      within(createRow)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual(["5", "2", "0", "7"]);
    expect(
      within(matrix)
        .getAllByRole("columnheader")
        .map((cell) => cell.textContent),
    ).toEqual(["Operation", "Succeeded", "Failed", "Skipped", "Σ"]);
  });

  it("groups the errors by category, largest first, each with why, the fix and its page", async () => {
    const calls = answerGraphQL({ RunDetail: { run: FAILED_RUN }, RunItems: itemsResponder });
    renderDetail();
    const schema = await screen.findByRole("region", { name: "Schema violation" });
    expect(within(schema).getByText("2 objects")).toBeInTheDocument();
    expect(
      within(schema).getByText(/correct its relation on the Field relations page/),
    ).toBeInTheDocument();
    expect(within(schema).getByRole("link", { name: "Open the page to fix it" })).toHaveAttribute(
      "href",
      "/field-relations",
    );
    expect(within(schema).getByText("mobile: invalid")).toBeInTheDocument();

    const permission = screen.getByRole("region", { name: "Permission denied" });
    expect(within(permission).getByText("1 object")).toBeInTheDocument();
    expect(
      within(permission).getByRole("link", { name: "Open the page to fix it" }),
    ).toHaveAttribute("href", "/settings");
    expect(within(permission).getByText("insufficient access (50)")).toBeInTheDocument();

    const skipped = screen.getByRole("region", { name: "Skipped: a dependency failed" });
    expect(within(skipped).getByText(/Fix the failures it depends on/)).toBeInTheDocument();

    const order = screen
      .getAllByRole("region")
      .map((region) => region.getAttribute("data-category"));
    expect(order).toEqual(["schemaViolation", "permission", "dependencyFailed"]);
    // Fetched by outcome, a thousand at a time.
    expect(itemCalls(calls).map((call) => call.variables)).toEqual(
      expect.arrayContaining([
        { id: "run-1", outcome: "failed", first: 1000 },
        { id: "run-1", outcome: "skipped", first: 1000 },
      ]),
    );
  });

  it("opens a failed object's error: message, DN, anchor, category fix and changes", async () => {
    answerGraphQL({ RunDetail: { run: FAILED_RUN }, RunItems: itemsResponder });
    renderDetail();
    const opener = await screen.findByRole("button", {
      name: "Open the error of uid=bad,ou=people,dc=example,dc=com",
    });
    await userEvent.click(opener);
    const dialog = screen.getByRole("dialog", { name: "Create user: what happened" });
    expect(within(dialog).getByText(BAD_MAIL.message as string)).toBeInTheDocument();
    expect(within(dialog).getByText("uid=bad,ou=people,dc=example,dc=com")).toBeInTheDocument();
    expect(within(dialog).getByText("feishu:ou_bad")).toBeInTheDocument();
    expect(within(dialog).getByText("schemaViolation")).toBeInTheDocument();
    expect(
      within(dialog).getByText(/correct its relation on the Field relations page/),
    ).toBeInTheDocument();
    expect(within(dialog).getByText("not an e-mail")).toHaveClass("diff-new");
    expect(within(dialog).getByText("1 attempt · Duration 14 ms")).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Close" })).toHaveFocus();

    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  it("lists every object with its outcome, filtered by outcome and paged", async () => {
    const calls = answerGraphQL({ RunDetail: { run: FAILED_RUN }, RunItems: itemsResponder });
    renderDetail();
    expect(await screen.findByText("uid=ok0,ou=people,dc=example,dc=com")).toBeInTheDocument();
    expect(screen.getByText("Showing 9 of 9")).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText("Outcome"), "Failed (3)");
    await waitFor(() =>
      expect(screen.queryByText("uid=ok0,ou=people,dc=example,dc=com")).not.toBeInTheDocument(),
    );
    expect(itemCalls(calls).at(-1)?.variables).toEqual({
      id: "run-1",
      first: 50,
      outcome: "failed",
    });
    expect(screen.getByText("Showing 3 of 3")).toBeInTheDocument();
    // The chips now count the failed objects per operation.
    expect(screen.getByRole("button", { name: "Create user 2" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Update user 1" })).toBeInTheDocument();
  });

  it("pages with the cursor when there are more objects than a page", async () => {
    const many = makeRun({
      id: "run-1",
      counts: [{ op: "createUser", outcome: "succeeded", count: 120 }],
    });
    const nodes = Array.from({ length: 50 }, (_, seq) =>
      makeItem({ seq, outcome: "succeeded", dn: `uid=u${seq},ou=people,dc=example,dc=com` }),
    );
    const runItems = (variables: Record<string, unknown>) =>
      variables.outcome
        ? itemsPage([])
        : variables.after
          ? itemsPage([
              makeItem({
                seq: 50,
                outcome: "succeeded",
                dn: "uid=u50,ou=people,dc=example,dc=com",
              }),
            ])
          : itemsPage(nodes, "49");
    const calls = answerGraphQL({
      RunDetail: { run: many },
      RunItems: runItems,
    });
    renderDetail();
    await userEvent.click(await screen.findByRole("button", { name: "Load more" }));
    expect(await screen.findByText("uid=u50,ou=people,dc=example,dc=com")).toBeInTheDocument();
    expect(itemCalls(calls).at(-1)?.variables).toEqual({ id: "run-1", first: 50, after: "49" });
    expect(screen.getByText("Showing 51 of 120")).toBeInTheDocument();
  });

  it("exports every object as CSV, a thousand at a time", async () => {
    const big: RunItem[] = Array.from({ length: 1001 }, (_, seq) =>
      makeItem({ seq, outcome: "succeeded", dn: `uid=u${seq},ou=people,dc=example,dc=com` }),
    );
    big[1000] = makeItem({
      seq: 1000,
      outcome: "failed",
      dn: "uid==cmd,ou=people,dc=example,dc=com",
      anchor: "feishu:ou_x",
      errorCategory: "schemaViolation",
      message: 'bad "value"\nsecond line',
      attempts: 2,
      durationMs: 31,
    });
    const runItems = (variables: Record<string, unknown>) => {
      const after = variables.after === undefined ? -1 : Number(variables.after);
      const rest = big.filter((item) => item.seq > after);
      const nodes = rest.slice(0, Number(variables.first));
      return itemsPage(nodes, rest.length > nodes.length ? String(nodes.at(-1)?.seq) : null);
    };
    const calls = answerGraphQL({
      RunDetail: {
        run: makeRun({
          id: "run-1",
          counts: [{ op: "createUser", outcome: "succeeded", count: 1001 }],
        }),
      },
      RunItems: runItems,
    });
    const blobs: Blob[] = [];
    // jsdom has no object URLs: record the blob the page hands over.
    const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return "blob:orgsync-test";
    });
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    renderDetail();
    await userEvent.click(await screen.findByRole("button", { name: "Export CSV" }));
    await waitFor(() => expect(blobs).toHaveLength(1));
    expect(click).toHaveBeenCalled();
    const exportCalls = itemCalls(calls).filter(
      (call) => call.variables.first === 1000 && !call.variables.outcome,
    );
    expect(exportCalls.map((call) => call.variables.after)).toEqual([undefined, "999"]);

    const text = await readBlob(blobs[0] as Blob);
    const lines = text.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("seq,op,outcome,dn,anchor,errorCategory,message,attempts,durationMs");
    expect(lines[1]).toBe(
      '0,createUser,succeeded,"uid=u0,ou=people,dc=example,dc=com",feishu:ou_1,,,0,',
    );
    expect(text).toContain(
      `1000,createUser,failed,"uid==cmd,ou=people,dc=example,dc=com",feishu:ou_x,schemaViolation,"bad ""value""\nsecond line",2,31\r\n`,
    );
    expect(lines).toHaveLength(1003);
    click.mockRestore();
    URL.createObjectURL = original.create;
    URL.revokeObjectURL = original.revoke;
  });

  it("follows an active run live and cancels it", async () => {
    const calls = answerGraphQL({
      RunDetail: {
        run: makeRun({
          status: "applying",
          finishedAt: null,
          durationMs: null,
          progress: { done: 0, total: 8 },
        }),
      },
      RunItems: itemsResponder,
      CancelRun: {
        cancelRun: { __typename: "Run", id: "run-1", status: "applying", cancelRequested: true },
      },
    });
    const stream = streamRunProgress();
    renderDetail();
    const bar = await screen.findByRole("progressbar", { name: "Run progress" });
    await waitFor(() => expect(stream.opened).toEqual([{ id: "run-1" }]));
    stream.push({ status: "applying", done: 3, total: 8 });
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", "3"));
    expect(screen.getByText("Live")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Cancel run" }));
    expect(
      await screen.findByText("Cancelling: the run stops after its current step."),
    ).toBeInTheDocument();
    expect(calls.find((call) => call.operationName === "CancelRun")?.variables).toEqual({
      id: "run-1",
    });
  });

  it("says when there is no such run", async () => {
    answerGraphQL({ RunDetail: { run: null } });
    renderDetail();
    expect(await screen.findByText("There is no such run.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to the runs" })).toHaveAttribute("href", "/runs");
  });

  it("speaks Chinese: the errors by category, their fixes and the export", async () => {
    answerGraphQL({ RunDetail: { run: FAILED_RUN }, RunItems: itemsResponder });
    renderDetail("zh");
    expect(
      await screen.findByRole("heading", { name: "同步：用户", level: 1 }),
    ).toBeInTheDocument();
    const schema = await screen.findByRole("region", { name: "不符合目录 Schema" });
    expect(within(schema).getByText("2 个对象")).toBeInTheDocument();
    expect(within(schema).getByText(/请在「字段关系」页面修正对应的关系/)).toBeInTheDocument();
    expect(within(schema).getByRole("link", { name: "前往修复" })).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "权限不足" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "导出 CSV" })).toBeInTheDocument();
    expect(screen.getByRole("table", { name: "按操作类型和结果统计" })).toBeInTheDocument();
  });
});
