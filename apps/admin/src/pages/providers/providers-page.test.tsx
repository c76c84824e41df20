import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerGraphQL, renderPage } from "../../test/render.tsx";
import { ProvidersPage } from "./providers-page.tsx";

afterEach(() => vi.unstubAllGlobals());

const PROVIDERS = {
  providers: [
    {
      id: "1",
      name: "Acme Feishu",
      kind: "feishu",
      flag: "feishu",
      enabled: true,
      hasSecrets: true,
      updatedAt: "2026-11-20T08:00:00.000Z",
      activeRun: { id: "run-3", status: "applying", scope: "USERS" },
    },
    {
      id: "2",
      name: "Lark CN",
      kind: "feishu",
      flag: "lark_cn",
      enabled: false,
      hasSecrets: false,
      updatedAt: "2026-11-21T08:00:00.000Z",
      activeRun: null,
    },
  ],
  providerKinds: [{ kind: "feishu", displayName: "Feishu / Lark" }],
};

describe("ProvidersPage", () => {
  it("lists each provider with its kind, flag, state and active run", async () => {
    answerGraphQL({ ProvidersPage: PROVIDERS });
    renderPage(<ProvidersPage />, { route: "/providers" });
    const table = await screen.findByRole("table", { name: "Connected IM providers" });
    const [, first, second] = within(table).getAllByRole("row");
    const firstRow = within(first as HTMLElement);
    expect(firstRow.getByRole("link", { name: "Acme Feishu" })).toHaveAttribute(
      "href",
      "/providers/1",
    );
    expect(firstRow.getByText("Feishu / Lark")).toBeInTheDocument();
    expect(firstRow.getByText("feishu")).toBeInTheDocument();
    expect(firstRow.getByText("Enabled")).toBeInTheDocument();
    expect(firstRow.getByText("Set")).toBeInTheDocument();
    expect(firstRow.getByRole("link", { name: "USERS · applying" })).toHaveAttribute(
      "href",
      "/runs/run-3",
    );
    const secondRow = within(second as HTMLElement);
    expect(secondRow.getByText("Disabled")).toBeInTheDocument();
    expect(secondRow.getByText("Not set")).toBeInTheDocument();
    expect(secondRow.getByRole("link", { name: "Edit Lark CN" })).toHaveAttribute(
      "href",
      "/providers/2",
    );
    expect(screen.getByRole("link", { name: "Add provider" })).toHaveAttribute(
      "href",
      "/providers/new",
    );
  });

  it("invites to add the first provider", async () => {
    answerGraphQL({ ProvidersPage: { providers: [], providerKinds: [] } });
    renderPage(<ProvidersPage />, { route: "/providers" });
    expect(await screen.findByText("No provider yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Add provider" })).toBeInTheDocument();
  });

  it("shows the service's error without a stack trace", async () => {
    answerGraphQL({});
    renderPage(<ProvidersPage />, { route: "/providers" });
    expect(await screen.findByText("test: no answer for ProvidersPage")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });

  it("speaks Chinese", async () => {
    answerGraphQL({ ProvidersPage: PROVIDERS });
    renderPage(<ProvidersPage />, { route: "/providers", locale: "zh" });
    expect(await screen.findByRole("table", { name: "已连接的 IM 提供方" })).toBeInTheDocument();
    expect(screen.getByRole("columnheader", { name: "标识" })).toBeInTheDocument();
    expect(screen.getByText("已停用")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "添加提供方" })).toBeInTheDocument();
  });
});
