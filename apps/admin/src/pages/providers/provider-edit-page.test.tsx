import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Locale } from "../../i18n/locale.tsx";
import { answerGraphQL, renderPage } from "../../test/render.tsx";
import { ProviderEditPage } from "./provider-edit-page.tsx";
import { FEISHU_KIND } from "./test-fixtures.ts";

afterEach(() => vi.unstubAllGlobals());

/** Typing without a pause between keys: the forms have many fields, the machine may be busy. */
const user = userEvent.setup({ delay: null });

const PERMISSION_FIX =
  '开发者后台 (open.feishu.cn/app) → your app → 权限管理 → search "contact:user.phone:readonly" → 开通';

const REPORT_WITH_MISSING_PERMISSION = {
  ok: false,
  checks: [
    {
      id: "credentials",
      label: "App credentials",
      status: "ok",
      detail: "token issued",
      fix: null,
    },
    {
      id: "permission:contact:user.phone:readonly",
      label: "Permission contact:user.phone:readonly (获取用户手机号)",
      status: "missing",
      detail: "mobile absent for all 3 sampled users",
      fix: PERMISSION_FIX,
    },
  ],
};

const STORED = {
  id: "7",
  kind: "feishu",
  name: "Acme Feishu",
  flag: "feishu",
  enabled: true,
  // The required secret and one optional one are stored; verificationToken is not.
  secretsSet: ["appSecret", "encryptKey"],
  config: { appId: "cli_a1", domain: "http://127.0.0.1:4010" },
  updatedAt: "2026-11-20T08:00:00.000Z",
  webhookUrl: null,
  syncOptions: { updateExisting: true },
  activeRun: null,
};

function renderAt(route: string, locale: Locale = "en") {
  return renderPage(
    <Routes>
      <Route path="/providers" element={<p>providers list</p>} />
      <Route path="/providers/new" element={<ProviderEditPage />} />
      <Route path="/providers/:id" element={<ProviderEditPage />} />
    </Routes>,
    { route, locale },
  );
}

const kinds = { providerKinds: [FEISHU_KIND] };

describe("ProviderEditPage: creating", () => {
  it("renders the plugin's schema, sends only what was entered and shows the saved report", {
    timeout: 15_000,
  }, async () => {
    const calls = answerGraphQL({
      ProvidersList: { providers: [] },
      ProviderEditKinds: kinds,
      ProviderCreate: {
        createProvider: {
          __typename: "ProviderChange",
          provider: { id: "7", name: "Acme Feishu" },
          connection: REPORT_WITH_MISSING_PERMISSION,
        },
      },
      ProviderEdit: { provider: STORED },
    });
    renderAt("/providers/new");

    const appId = await screen.findByLabelText("App ID");
    expect(screen.getByLabelText("App secret")).toHaveAttribute("type", "password");
    expect(screen.getByLabelText("Flag")).toHaveValue("feishu");
    // Tuning is behind "Advanced", with the defaults as placeholders.
    const advanced = screen.getByText("Advanced").closest("details") as HTMLElement;
    expect(advanced).not.toHaveAttribute("open");
    expect(within(advanced).getByLabelText("Requests per second")).toHaveAttribute(
      "placeholder",
      "50",
    );
    expect(within(advanced).getByRole("group", { name: "Retry" })).toBeInTheDocument();
    expect(within(advanced).getByLabelText("User ID type")).toHaveValue("");

    await user.type(screen.getByLabelText("Name"), "Acme Feishu");
    await user.type(appId, "cli_a1");
    await user.type(screen.getByLabelText("App secret"), "s3cret");
    await user.type(screen.getByLabelText("Domain"), "http://127.0.0.1:4010");
    await user.click(screen.getByRole("button", { name: "Create provider" }));

    expect(await screen.findByText("Provider created.")).toBeInTheDocument();
    expect(calls.find((call) => call.operationName === "ProviderCreate")?.variables).toEqual({
      input: {
        kind: "feishu",
        name: "Acme Feishu",
        flag: "feishu",
        config: { appId: "cli_a1", appSecret: "s3cret", domain: "http://127.0.0.1:4010" },
        enabled: true,
        syncOptions: { updateExisting: true },
        verify: true,
      },
    });
    // The provider's page, with the verification's report: a permission still to grant.
    expect(await screen.findByRole("heading", { name: "Acme Feishu" })).toBeInTheDocument();
    expect(screen.getByText(/some checks need attention/)).toBeInTheDocument();
    expect(screen.getByText(PERMISSION_FIX)).toBeInTheDocument();
    expect(calls.some((call) => call.operationName === "ProviderEdit")).toBe(true);
  });

  it("shows each validation issue next to its field, opening Advanced when needed", async () => {
    answerGraphQL({
      ProviderEditKinds: kinds,
      ProviderCreate: {
        createProvider: {
          __typename: "ValidationError",
          message: "providers: feishu configuration is invalid",
          issues: [
            { path: "appId", message: 'appId must look like "cli_a1b2c3d4e5f60123"' },
            { path: "retry.maxAttempts", message: "retry.maxAttempts must be at most 20" },
            { path: "name", message: 'is required, e.g. "Feishu (HQ)"' },
            { path: "(config)", message: "something about the whole config" },
          ],
        },
      },
    });
    renderAt("/providers/new");
    await user.type(await screen.findByLabelText("App ID"), "nope");
    await user.click(screen.getByRole("button", { name: "Create provider" }));

    const alert = await screen.findByText("providers: feishu configuration is invalid");
    expect(alert).toBeInTheDocument();
    expect(screen.getByText(/something about the whole config/)).toBeInTheDocument();
    expect(screen.getByLabelText("App ID")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("App ID")).toHaveAccessibleDescription(
      expect.stringContaining('appId must look like "cli_a1b2c3d4e5f60123"'),
    );
    expect(screen.getByLabelText("Name")).toHaveAccessibleDescription(
      expect.stringContaining("is required"),
    );
    expect(screen.getByText("Advanced").closest("details")).toHaveAttribute("open");
    expect(screen.getByLabelText("Max attempts")).toHaveAttribute("aria-invalid", "true");
  });

  it("shows a refused credential with its connection report", async () => {
    answerGraphQL({
      ProviderEditKinds: kinds,
      ProviderCreate: {
        createProvider: {
          __typename: "ProviderVerificationError",
          message: "providers: feishu (feishu) refused the credentials",
          report: {
            ok: false,
            checks: [
              {
                id: "credentials",
                label: "App credentials (App ID, App Secret)",
                status: "failed",
                detail: "app secret is wrong",
                fix: "copy App Secret from 开发者后台 → your app → 凭证与基础信息",
              },
            ],
          },
        },
      },
    });
    renderAt("/providers/new");
    await user.type(await screen.findByLabelText("Name"), "Acme");
    await user.click(screen.getByRole("button", { name: "Create provider" }));
    expect(await screen.findByText("The IM refused the credentials")).toBeInTheDocument();
    expect(
      screen.getByText("providers: feishu (feishu) refused the credentials"),
    ).toBeInTheDocument();
    expect(
      screen.getByText("copy App Secret from 开发者后台 → your app → 凭证与基础信息"),
    ).toBeInTheDocument();
  });

  it("puts a taken flag on the flag field", async () => {
    answerGraphQL({
      ProviderEditKinds: kinds,
      ProviderCreate: {
        createProvider: {
          __typename: "ConflictError",
          message: 'providers: the flag "feishu" is already used by another provider',
        },
      },
    });
    renderAt("/providers/new");
    // The default provider of the test shell already uses "feishu": no flag is suggested.
    expect(await screen.findByLabelText("Flag")).toHaveValue("");
    await user.type(screen.getByLabelText("Flag"), "feishu");
    await user.click(screen.getByRole("button", { name: "Create provider" }));
    await waitFor(() =>
      expect(screen.getByLabelText("Flag")).toHaveAccessibleDescription(
        expect.stringContaining("already used by another provider"),
      ),
    );
  });

  it("speaks Chinese", async () => {
    answerGraphQL({ ProviderEditKinds: kinds });
    renderAt("/providers/new", "zh");
    expect(await screen.findByRole("heading", { name: "添加提供方" })).toBeInTheDocument();
    expect(await screen.findByLabelText("名称")).toBeInTheDocument();
    expect(screen.getByLabelText("App ID")).toHaveAccessibleDescription(
      expect.stringContaining("凭证与基础信息"),
    );
    expect(screen.getByText("高级设置")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "创建提供方" })).toBeInTheDocument();
  });
});

describe("ProviderEditPage: editing", () => {
  it("never shows a secret, keeps it when left blank and clears an optional one on request", async () => {
    const calls = answerGraphQL({
      ProviderEditKinds: kinds,
      ProviderEdit: { provider: STORED },
      ProviderUpdate: {
        updateProvider: {
          __typename: "ProviderChange",
          provider: { id: "7", name: "Acme Feishu" },
          connection: null,
        },
      },
    });
    renderAt("/providers/7");

    const secret = await screen.findByLabelText("App secret");
    expect(secret).toHaveValue("");
    expect(secret).toHaveAccessibleDescription(
      expect.stringContaining("Set — leave blank to keep."),
    );
    // Each secret says whether it is stored, from `secretsSet`.
    expect(screen.getByLabelText("Encrypt key")).toHaveAccessibleDescription(
      expect.stringContaining("Set — leave blank to keep."),
    );
    const token = screen.getByLabelText("Verification token");
    expect(token).toHaveAccessibleDescription(expect.stringContaining("Not set."));
    expect(token).not.toHaveAccessibleDescription(expect.stringContaining("leave blank"));
    expect(screen.getByLabelText("App ID")).toHaveValue("cli_a1");
    expect(screen.getByLabelText("Flag")).toHaveAttribute("readonly");
    // A required secret cannot be cleared, a stored optional one can, an unset one has nothing to clear.
    expect(screen.queryByLabelText("Remove the stored App secret")).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Remove the stored Verification token")).not.toBeInTheDocument();
    await user.click(screen.getByLabelText("Remove the stored Encrypt key"));
    expect(screen.getByLabelText("Encrypt key")).toBeDisabled();

    await user.clear(screen.getByLabelText("Domain"));
    await user.type(screen.getByLabelText("Domain"), "lark");
    await user.click(screen.getByRole("button", { name: "Save changes" }));

    expect(await screen.findByText("Changes saved.")).toBeInTheDocument();
    const sent = calls.find((call) => call.operationName === "ProviderUpdate")?.variables;
    expect(sent).toEqual({
      id: "7",
      input: {
        name: "Acme Feishu",
        enabled: true,
        syncOptions: { updateExisting: true },
        verify: true,
        config: { appId: "cli_a1", domain: "lark", encryptKey: null },
      },
    });
  });

  it("says which secrets are stored, in Chinese too, and offers no removal of an unset one", async () => {
    answerGraphQL({
      ProviderEditKinds: kinds,
      ProviderEdit: { provider: { ...STORED, secretsSet: ["appSecret"] } },
    });
    renderAt("/providers/7", "zh");

    const secret = await screen.findByLabelText("App secret");
    expect(secret).toHaveAccessibleDescription(expect.stringContaining("已设置——留空则保持不变。"));
    for (const label of ["Encrypt key", "Verification token"]) {
      expect(screen.getByLabelText(label)).toHaveAccessibleDescription(
        expect.stringContaining("未设置。"),
      );
    }
    expect(screen.queryByRole("checkbox", { name: /清除已保存的/ })).not.toBeInTheDocument();
  });

  it("does not send the config when only the name changed", async () => {
    const calls = answerGraphQL({
      ProviderEditKinds: kinds,
      ProviderEdit: { provider: STORED },
      ProviderUpdate: {
        updateProvider: {
          __typename: "ProviderChange",
          provider: { id: "7", name: "HQ" },
          connection: null,
        },
      },
    });
    renderAt("/providers/7");
    const name = await screen.findByLabelText("Name");
    await user.clear(name);
    await user.type(name, "HQ");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await screen.findByText("Changes saved.");
    const input = calls.find((call) => call.operationName === "ProviderUpdate")?.variables
      .input as Record<string, unknown>;
    expect(input.name).toBe("HQ");
    expect(input).not.toHaveProperty("config");
  });

  it("tests the connection and shows what to fix", async () => {
    answerGraphQL({
      ProviderEditKinds: kinds,
      ProviderEdit: { provider: STORED },
      ProviderTestConnection: {
        testProviderConnection: {
          __typename: "ConnectionReport",
          ...REPORT_WITH_MISSING_PERMISSION,
        },
      },
    });
    renderAt("/providers/7");
    await user.click(await screen.findByRole("button", { name: "Test connection" }));
    expect(await screen.findByText(PERMISSION_FIX)).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Connection test" })).toBeInTheDocument();
  });

  it("refuses to delete while a run is active, and says which run", async () => {
    const calls = answerGraphQL({
      ProviderEditKinds: kinds,
      ProviderEdit: { provider: STORED },
      ProviderDelete: {
        deleteProvider: {
          __typename: "RunAlreadyActiveError",
          message: "runs: provider 7 already has an active run",
          activeRunId: "run-9",
        },
      },
    });
    renderAt("/providers/7");
    await user.click(await screen.findByRole("button", { name: "Delete provider" }));
    const dialog = screen.getByRole("dialog", { name: "Delete “Acme Feishu”?" });
    await user.click(within(dialog).getByRole("button", { name: "Delete provider" }));
    expect(
      await screen.findByText("runs: provider 7 already has an active run"),
    ).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "View run" })).toHaveAttribute("href", "/runs/run-9");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(calls.find((call) => call.operationName === "ProviderDelete")?.variables).toEqual({
      id: "7",
    });
  });

  it("deletes and returns to the list", async () => {
    answerGraphQL({
      ProviderEditKinds: kinds,
      ProviderEdit: { provider: STORED },
      ProviderDelete: {
        deleteProvider: { __typename: "MutationDeleteProviderSuccess", data: true },
      },
    });
    renderAt("/providers/7");
    await user.click(await screen.findByRole("button", { name: "Delete provider" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", { name: "Delete provider" }),
    );
    expect(await screen.findByText("providers list")).toBeInTheDocument();
  });

  it("says when the provider does not exist", async () => {
    answerGraphQL({ ProviderEditKinds: kinds, ProviderEdit: { provider: null } });
    renderAt("/providers/404");
    expect(await screen.findByText("There is no such provider.")).toBeInTheDocument();
  });
});
