import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerGraphQL, renderPage } from "../../test/render.tsx";
import { SetupChecklistPage } from "./setup-checklist-page.tsx";

afterEach(() => vi.unstubAllGlobals());

const PHONE_FIX =
  '开发者后台 (open.feishu.cn/app) → your app → 权限管理 → search "contact:user.phone:readonly" → 开通, then 版本管理与发布 → 创建版本 → 申请发布';

const PROVIDER = {
  id: "1",
  name: "Acme Feishu",
  kind: "feishu",
  flag: "feishu",
  enabled: true,
  config: { appId: "cli_a1", domain: "feishu" },
  webhookUrl: "https://orgsync.example.com/events/feishu",
  activeRun: null,
};

const SETUP = {
  directorySettings: {
    updatedAt: "2026-11-20T08:00:00.000Z",
    connection: { url: "ldap://ldap.example.com:389", baseDn: "dc=example,dc=com" },
  },
  providers: [PROVIDER],
  providerKinds: [{ kind: "feishu", displayName: "Feishu / Lark" }],
};

const check = (id: string, status: string, extra: Record<string, string | null> = {}) => ({
  id,
  label: id,
  status,
  detail: null,
  fix: null,
  ...extra,
});

function report(phone: "ok" | "missing") {
  return {
    testProviderConnection: {
      __typename: "ConnectionReport",
      ok: phone === "ok",
      checks: [
        check("credentials", "ok", { detail: "token issued by https://open.feishu.cn" }),
        check("permission:contact:department.organize:readonly", "ok"),
        check("permission:contact:user.base:readonly", "ok"),
        phone === "ok"
          ? check("permission:contact:user.phone:readonly", "ok")
          : check("permission:contact:user.phone:readonly", "missing", {
              detail: "mobile absent for all 12 sampled users",
              fix: PHONE_FIX,
            }),
        check("contact-scope", "ok", { detail: "the whole org, root included, can be read" }),
      ],
    },
  };
}

const RELATIONS_SAVED = {
  fieldRelations: {
    __typename: "ProviderFieldRelations",
    group: { version: 2, updatedAt: "2026-11-20T08:00:00.000Z" },
    user: { version: 3, updatedAt: "2026-11-20T08:00:00.000Z" },
  },
};

const GROUPS_SYNCED = {
  runs: {
    __typename: "RunPage",
    endCursor: null,
    nodes: [{ id: "run-1", scope: "GROUPS", finishedAt: "2026-11-21T08:00:00.000Z" }],
  },
};

const step = (name: RegExp) => screen.getByRole("listitem", { name });

describe("SetupChecklistPage", () => {
  it("shows a missing permission with its fix, and turns it green on Check again", {
    timeout: 15_000,
  }, async () => {
    // The first test finds the permission missing; once it is granted, the next finds it.
    let tests = 0;
    const answerTest = () => report(++tests === 1 ? "missing" : "ok");
    const calls = answerGraphQL({
      SetupChecklist: SETUP,
      ProviderTestConnection: answerTest,
      SetupChecklistRelations: RELATIONS_SAVED,
      SetupChecklistRuns: GROUPS_SYNCED,
    });
    renderPage(<SetupChecklistPage />);

    expect(await screen.findByText("4 of 6 done")).toBeInTheDocument();
    expect(step(/^App credentials work Done$/)).toBeInTheDocument();
    const permissions = step(/^Permissions granted Missing$/);
    expect(within(permissions).getByText("2 of 3 granted")).toBeInTheDocument();
    expect(within(permissions).getByText(PHONE_FIX)).toBeVisible();
    // Each check once: the e2e test finds a permission by its `data-check`.
    const phone = permissions.querySelectorAll(
      '[data-check="permission:contact:user.phone:readonly"]',
    );
    expect(phone).toHaveLength(1);
    expect(phone[0]).toHaveClass("check-missing");
    expect(
      within(permissions).getByRole("link", { name: /Open the IM's developer console/ }),
    ).toHaveAttribute("href", "https://open.feishu.cn/app");
    expect(step(/^Contact scope: all members Done$/)).toBeInTheDocument();
    expect(
      within(step(/^Field relations configured Done$/)).getByText(
        "Saved: group relations v2, user relations v3.",
      ),
    ).toBeInTheDocument();
    expect(
      within(step(/^Groups synced Done$/)).getByRole("link", { name: "View run" }),
    ).toHaveAttribute("href", "/runs/run-1");
    const users = step(/^Users synced Missing$/);
    expect(within(users).getByRole("link", { name: "Sync users" })).toHaveAttribute(
      "href",
      "/sync",
    );

    await userEvent.click(screen.getByRole("button", { name: "Check again" }));
    await waitFor(() => expect(step(/^Permissions granted Done$/)).toBeInTheDocument());
    expect(screen.getByText("5 of 6 done")).toBeInTheDocument();
    expect(
      document.querySelector('[data-check="permission:contact:user.phone:readonly"]'),
    ).toHaveClass("check-ok");
    expect(screen.queryByText(PHONE_FIX)).not.toBeInTheDocument();
    expect(
      calls
        .filter((call) => call.operationName === "ProviderTestConnection")
        .map((c) => c.variables),
    ).toEqual([{ id: "1" }, { id: "1" }]);
  });

  it("leaves later checks unchecked when the credentials fail, and says where to fix them", async () => {
    answerGraphQL({
      SetupChecklist: SETUP,
      ProviderTestConnection: {
        testProviderConnection: {
          __typename: "ConnectionReport",
          ok: false,
          checks: [
            check("credentials", "failed", {
              detail: "app secret is wrong",
              fix: "copy App Secret from 开发者后台 → your app → 凭证与基础信息",
            }),
            check("permission:contact:user.base:readonly", "skipped", {
              detail: "not checked: the credentials do not work",
            }),
            check("contact-scope", "skipped"),
          ],
        },
      },
      SetupChecklistRelations: {
        fieldRelations: { __typename: "ProviderFieldRelations", group: null, user: null },
      },
      SetupChecklistRuns: { runs: { __typename: "RunPage", endCursor: null, nodes: [] } },
    });
    renderPage(<SetupChecklistPage />);

    const credentials = await screen.findByRole("listitem", {
      name: /^App credentials work Failed$/,
    });
    expect(
      within(credentials).getByText("copy App Secret from 开发者后台 → your app → 凭证与基础信息"),
    ).toBeInTheDocument();
    expect(
      within(credentials).getByRole("link", { name: "Edit provider settings" }),
    ).toHaveAttribute("href", "/providers/1");
    expect(step(/^Permissions granted Not checked$/)).toBeInTheDocument();
    expect(step(/^Contact scope: all members Not checked$/)).toBeInTheDocument();
    expect(
      within(step(/^Field relations configured Missing$/)).getByText(
        "Not saved yet: group relations, user relations. Start from the defaults and adjust.",
      ),
    ).toBeInTheDocument();
    expect(screen.getByText("0 of 6 done")).toBeInTheDocument();
  });

  it("says when the connection test could not run", async () => {
    answerGraphQL({
      SetupChecklist: SETUP,
      SetupChecklistRelations: RELATIONS_SAVED,
      SetupChecklistRuns: GROUPS_SYNCED,
    });
    renderPage(<SetupChecklistPage />);
    expect(await screen.findByText("The connection test could not run")).toBeInTheDocument();
    expect(screen.getByText("test: no answer for ProviderTestConnection")).toBeInTheDocument();
    expect(step(/^App credentials work Not checked$/)).toBeInTheDocument();
  });

  it("shows the directory, the event URL and an active run", async () => {
    answerGraphQL({
      SetupChecklist: {
        ...SETUP,
        providers: [
          { ...PROVIDER, activeRun: { id: "run-7", status: "applying", scope: "USERS" } },
        ],
      },
      ProviderTestConnection: report("ok"),
      SetupChecklistRelations: RELATIONS_SAVED,
      SetupChecklistRuns: GROUPS_SYNCED,
    });
    renderPage(<SetupChecklistPage />);
    expect(
      await screen.findByText("ldap://ldap.example.com:389 · base DN dc=example,dc=com"),
    ).toBeInTheDocument();
    expect(screen.getByText("https://orgsync.example.com/events/feishu")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Run in progress: USERS · applying" })).toHaveAttribute(
      "href",
      "/runs/run-7",
    );
  });

  it("welcomes a new install: the directory first, then the Feishu app", async () => {
    const calls = answerGraphQL({
      SetupChecklist: { directorySettings: null, providers: [], providerKinds: [] },
    });
    renderPage(<SetupChecklistPage />);
    expect(await screen.findByText("Connect the LDAP directory")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Open directory settings" })).toHaveAttribute(
      "href",
      "/settings",
    );
    expect(screen.getByRole("heading", { name: "Welcome to orgsync" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Add your Feishu app" })).toHaveAttribute(
      "href",
      "/providers/new?kind=feishu",
    );
    expect(screen.getByText("Users synced")).toBeInTheDocument();
    expect(calls.some((call) => call.operationName === "ProviderTestConnection")).toBe(false);
  });

  it("speaks Chinese", async () => {
    answerGraphQL({
      SetupChecklist: SETUP,
      ProviderTestConnection: report("missing"),
      SetupChecklistRelations: RELATIONS_SAVED,
      SetupChecklistRuns: GROUPS_SYNCED,
    });
    renderPage(<SetupChecklistPage />, { locale: "zh" });
    expect(await screen.findByText("已完成 4/6 步")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "重新检查" })).toBeInTheDocument();
    expect(screen.getByRole("listitem", { name: /^权限已开通 缺失$/ })).toBeInTheDocument();
    expect(
      screen.getByRole("listitem", { name: /^通讯录权限范围：全部成员 已完成$/ }),
    ).toBeInTheDocument();
  });
});
