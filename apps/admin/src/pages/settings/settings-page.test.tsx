import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerGraphQL, type GraphQLCall, renderPage } from "../../test/render.tsx";
import { SettingsPage } from "./settings-page.tsx";

afterEach(() => vi.unstubAllGlobals());

// No pause between keystrokes: the tests type whole URLs and DNs.
const user = userEvent.setup({ delay: null });

/** Replaces a field's value the way pasting does: one input event, not one per character. */
async function fill(field: HTMLElement, value: string) {
  await user.clear(field);
  await user.click(field);
  await user.paste(value);
}

const SETTINGS = {
  connection: {
    url: "ldap://ldap.acme.test:389",
    bindDn: "cn=admin,dc=acme,dc=test",
    baseDn: "dc=acme,dc=test",
    options: { poolSize: 8 },
  },
  hasBindPassword: true,
  layout: { groups: "groupOfUniqueNames" },
  defaultEmailSuffix: "acme.test",
  passwordMode: "initial",
  passwordScheme: "ssha",
  hasInitialPassword: true,
  departedUserPolicy: "disable",
  maxDestructive: 100,
  maxDestructivePercent: 10,
  updatedAt: "2026-11-20T08:00:00.000Z",
  updatedBy: "admin",
};

const REPORT = {
  ok: false,
  checks: [
    { id: "reach", label: "Connect to the directory", status: "ok", detail: null, fix: null },
    {
      id: "bind",
      label: "Bind as bindDn",
      status: "failed",
      detail: "invalid credentials",
      fix: "Check the bind DN and its password.",
    },
    {
      id: "baseDn",
      label: "Base DN exists",
      status: "skipped",
      detail: "not checked: the bind failed",
      fix: null,
    },
  ],
};

/** The schedules card needs its own answers; they are not under test here. */
const NO_SCHEDULES = {
  SettingsSchedules: {
    provider: { id: "1", name: "Acme Feishu", schedules: [], scheduleFires: [] },
  },
};

const lastCall = (calls: GraphQLCall[], name: string) =>
  calls.filter((call) => call.operationName === name).at(-1);

function connectionCard() {
  const heading = screen.getByRole("heading", { level: 2, name: "LDAP connection" });
  return within(heading.closest("section") as HTMLElement);
}

// The whole page renders per step; a loaded shared machine needs more than the default 5 s.
describe("SettingsPage — directory", { timeout: 15_000 }, () => {
  it("explains the first run, shows examples as placeholders and saves every section at once", async () => {
    const calls = answerGraphQL({
      ...NO_SCHEDULES,
      SettingsDirectory: { directorySettings: null },
      SettingsUpdateDirectory: {
        updateDirectorySettings: {
          __typename: "DirectorySettingsUpdate",
          settings: SETTINGS,
          report: { ok: true, checks: [] },
        },
      },
    });
    renderPage(<SettingsPage />, { route: "/settings" });

    expect(await screen.findByText("Connect your LDAP directory")).toBeInTheDocument();
    const url = screen.getByLabelText("Server URL");
    expect(url).toHaveValue("");
    expect(url).toHaveAttribute("placeholder", "ldap://localhost:389");
    expect(screen.getByLabelText("Bind DN")).toHaveAttribute(
      "placeholder",
      "cn=admin,dc=example,dc=com",
    );
    expect(screen.getByLabelText("Base DN")).toHaveAttribute("placeholder", "dc=example,dc=com");
    expect(screen.getByLabelText("Bind password")).toHaveAccessibleDescription(
      "Not set yet: required to connect.",
    );
    // Other sections are saved with the connection on the first run.
    expect(screen.queryByRole("button", { name: "Save layout" })).not.toBeInTheDocument();

    await fill(url, "ldap://ldap.acme.test:389");
    await fill(screen.getByLabelText("Bind DN"), "cn=admin,dc=acme,dc=test");
    await fill(screen.getByLabelText("Bind password"), "s3cret");
    await fill(screen.getByLabelText("Base DN"), "dc=acme,dc=test");
    await fill(screen.getByLabelText("Initial password"), "Welcome-2026!");
    await user.click(screen.getByRole("button", { name: "Save directory settings" }));

    await waitFor(() => expect(lastCall(calls, "SettingsUpdateDirectory")).toBeDefined());
    expect(lastCall(calls, "SettingsUpdateDirectory")?.variables).toEqual({
      verify: true,
      input: {
        connection: {
          url: "ldap://ldap.acme.test:389",
          bindDn: "cn=admin,dc=acme,dc=test",
          baseDn: "dc=acme,dc=test",
          startTls: false,
        },
        bindPassword: "s3cret",
        layout: { groups: "groupOfUniqueNames" },
        defaultEmailSuffix: null,
        passwordMode: "initial",
        passwordScheme: "ssha",
        initialPassword: "Welcome-2026!",
        departedUserPolicy: "disable",
        maxDestructive: 100,
        maxDestructivePercent: 10,
      },
    });
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
  });

  it("never prefills the bind password, and a blank one is left out of the input", async () => {
    const calls = answerGraphQL({
      ...NO_SCHEDULES,
      SettingsDirectory: { directorySettings: SETTINGS },
      SettingsUpdateDirectory: {
        updateDirectorySettings: {
          __typename: "DirectorySettingsUpdate",
          settings: {
            ...SETTINGS,
            connection: { ...SETTINGS.connection, url: "ldaps://ldap.acme.test:636" },
          },
          report: { ok: true, checks: [] },
        },
      },
    });
    renderPage(<SettingsPage />, { route: "/settings" });

    const password = await screen.findByLabelText("Bind password");
    expect(password).toHaveValue("");
    expect(password).toHaveAttribute("type", "password");
    expect(password).toHaveAccessibleDescription("Set — leave blank to keep it.");
    expect(screen.getByLabelText("Server URL")).toHaveValue("ldap://ldap.acme.test:389");
    expect(screen.getByLabelText("Connection pool size")).toHaveValue("8");

    const url = screen.getByLabelText("Server URL");
    await fill(url, "ldaps://ldap.acme.test:636");
    await user.click(connectionCard().getByRole("button", { name: "Save connection" }));

    await waitFor(() => expect(lastCall(calls, "SettingsUpdateDirectory")).toBeDefined());
    const variables = lastCall(calls, "SettingsUpdateDirectory")?.variables as {
      input: Record<string, unknown>;
      verify: boolean;
    };
    expect(variables.verify).toBe(true);
    expect(variables.input).not.toHaveProperty("bindPassword");
    // Only the connection's own fields: the other sections keep what is stored.
    expect(Object.keys(variables.input)).toEqual(["connection"]);
    expect(variables.input.connection).toEqual({
      url: "ldaps://ldap.acme.test:636",
      bindDn: "cn=admin,dc=acme,dc=test",
      baseDn: "dc=acme,dc=test",
      startTls: false,
      poolSize: 8,
    });
    expect(await connectionCard().findByText("Saved.")).toBeInTheDocument();

    // A typed password is sent, then the field is blank again.
    await fill(screen.getByLabelText("Bind password"), "new-secret");
    await user.click(connectionCard().getByRole("button", { name: "Save connection" }));
    await waitFor(() =>
      expect(calls.filter((call) => call.operationName === "SettingsUpdateDirectory")).toHaveLength(
        2,
      ),
    );
    expect(lastCall(calls, "SettingsUpdateDirectory")?.variables.input).toMatchObject({
      bindPassword: "new-secret",
    });
    await waitFor(() => expect(screen.getByLabelText("Bind password")).toHaveValue(""));
  });

  it("tests the draft connection and shows each check with its fix", async () => {
    const calls = answerGraphQL({
      ...NO_SCHEDULES,
      SettingsDirectory: { directorySettings: SETTINGS },
      SettingsTestDirectory: {
        testDirectoryConnection: { __typename: "ConnectionReport", ...REPORT },
      },
    });
    renderPage(<SettingsPage />, { route: "/settings" });

    await fill(await screen.findByLabelText("Bind password"), "wrong");
    await user.click(screen.getByRole("button", { name: "Test connection" }));

    expect(
      await screen.findByText("Some checks did not pass. Nothing was saved."),
    ).toBeInTheDocument();
    const bind = screen.getByText("Bind as bindDn").closest("li") as HTMLElement;
    expect(within(bind).getByText("Failed")).toBeInTheDocument();
    expect(within(bind).getByText("invalid credentials")).toBeInTheDocument();
    expect(within(bind).getByText("Check the bind DN and its password.")).toBeInTheDocument();
    expect(screen.getByText("not checked: the bind failed")).toBeInTheDocument();
    expect(lastCall(calls, "SettingsTestDirectory")?.variables).toEqual({
      draft: {
        connection: {
          url: "ldap://ldap.acme.test:389",
          bindDn: "cn=admin,dc=acme,dc=test",
          baseDn: "dc=acme,dc=test",
          startTls: false,
          poolSize: 8,
        },
        bindPassword: "wrong",
      },
    });
    expect(calls.some((call) => call.operationName === "SettingsUpdateDirectory")).toBe(false);
  });

  it("puts a validation issue next to its field and lists the rest", async () => {
    answerGraphQL({
      ...NO_SCHEDULES,
      SettingsDirectory: { directorySettings: SETTINGS },
      SettingsUpdateDirectory: {
        updateDirectorySettings: {
          __typename: "ValidationError",
          message: "directory: invalid settings",
          issues: [
            {
              path: "connection.url",
              message: "must start with ldap:// or ldaps://, e.g. ldap://ldap.example.com:389",
            },
            { path: "(settings)", message: "something about the whole" },
          ],
        },
      },
    });
    renderPage(<SettingsPage />, { route: "/settings" });

    const url = await screen.findByLabelText("Server URL");
    await fill(url, "http://nope");
    await user.click(screen.getByRole("button", { name: "Save connection" }));

    await waitFor(() => expect(url).toHaveAttribute("aria-invalid", "true"));
    expect(url).toHaveAccessibleDescription(
      expect.stringContaining("must start with ldap:// or ldaps://"),
    );
    expect(
      screen.getByText("Nothing was saved. Please correct the highlighted fields."),
    ).toBeInTheDocument();
    expect(screen.getByText(/something about the whole/)).toBeInTheDocument();
  });

  it("checks numbers before sending anything", async () => {
    const calls = answerGraphQL({
      ...NO_SCHEDULES,
      SettingsDirectory: { directorySettings: SETTINGS },
    });
    renderPage(<SettingsPage />, { route: "/settings" });
    const pool = await screen.findByLabelText("Connection pool size");
    await fill(pool, "many");
    await user.click(screen.getByRole("button", { name: "Save connection" }));
    expect(pool).toHaveAccessibleDescription(
      expect.stringContaining("Enter a whole number greater than 0."),
    );
    expect(calls.some((call) => call.operationName === "SettingsUpdateDirectory")).toBe(false);
  });

  it("shows the report of a connection that refused the settings", async () => {
    answerGraphQL({
      ...NO_SCHEDULES,
      SettingsDirectory: { directorySettings: SETTINGS },
      SettingsUpdateDirectory: {
        updateDirectorySettings: {
          __typename: "DirectoryConnectionError",
          message: "directory: the bind failed",
          refusedReport: REPORT,
        },
      },
    });
    renderPage(<SettingsPage />, { route: "/settings" });
    await user.click(await screen.findByRole("button", { name: "Save connection" }));
    expect(
      await screen.findByText("Nothing was saved: the directory did not accept these settings."),
    ).toBeInTheDocument();
    expect(screen.getByText("Check the bind DN and its password.")).toBeInTheDocument();
  });

  it("explains a base DN change after a sync and saves it with force once confirmed", async () => {
    const refusal =
      "cannot change after provider feishu has synced: … move the entries yourself and save with force";
    let attempt = 0;
    const refuseThenSave = () => {
      attempt += 1;
      return attempt === 1
        ? {
            updateDirectorySettings: {
              __typename: "ValidationError",
              message: "directory: connection.baseDn cannot change",
              issues: [{ path: "connection.baseDn", message: refusal }],
            },
          }
        : {
            updateDirectorySettings: {
              __typename: "DirectorySettingsUpdate",
              settings: SETTINGS,
              report: null,
            },
          };
    };
    const calls = answerGraphQL({
      ...NO_SCHEDULES,
      SettingsDirectory: { directorySettings: SETTINGS },
      SettingsUpdateDirectory: refuseThenSave,
    });
    renderPage(<SettingsPage />, { route: "/settings" });

    const baseDn = await screen.findByLabelText("Base DN");
    await fill(baseDn, "dc=new,dc=test");
    await user.click(screen.getByRole("button", { name: "Save connection" }));

    expect(
      await screen.findByText("This change would leave existing entries behind"),
    ).toBeInTheDocument();
    expect(baseDn).toHaveAttribute("aria-invalid", "true");
    await user.click(screen.getByRole("button", { name: "Save anyway…" }));
    const dialog = screen.getByRole("dialog", { name: "Save and leave the old entries behind?" });
    await user.click(within(dialog).getByRole("button", { name: "Save and leave them behind" }));

    await waitFor(() =>
      expect(calls.filter((call) => call.operationName === "SettingsUpdateDirectory")).toHaveLength(
        2,
      ),
    );
    const [first, second] = calls.filter(
      (call) => call.operationName === "SettingsUpdateDirectory",
    );
    expect(first?.variables).not.toHaveProperty("force");
    expect(second?.variables).toMatchObject({
      force: true,
      input: { connection: { baseDn: "dc=new,dc=test" } },
    });
    expect(await connectionCard().findByText("Saved.")).toBeInTheDocument();
  });

  it("saves thresholds on their own, blank meaning no limit, without testing the connection", async () => {
    const calls = answerGraphQL({
      ...NO_SCHEDULES,
      SettingsDirectory: { directorySettings: SETTINGS },
      SettingsUpdateDirectory: {
        updateDirectorySettings: {
          __typename: "DirectorySettingsUpdate",
          settings: { ...SETTINGS, maxDestructivePercent: null, departedUserPolicy: "keep" },
          report: null,
        },
      },
    });
    renderPage(<SettingsPage />, { route: "/settings" });

    await user.click(await screen.findByLabelText("Keep the account as it is"));
    await user.clear(screen.getByLabelText("Most share of the managed entries (%)"));
    await user.click(screen.getByRole("button", { name: "Save departed-user settings" }));

    await waitFor(() => expect(lastCall(calls, "SettingsUpdateDirectory")).toBeDefined());
    expect(lastCall(calls, "SettingsUpdateDirectory")?.variables).toEqual({
      verify: false,
      input: { departedUserPolicy: "keep", maxDestructive: 100, maxDestructivePercent: null },
    });
  });

  it("sends the layout with POSIX attributes as the LDAP target's options", async () => {
    const calls = answerGraphQL({
      ...NO_SCHEDULES,
      SettingsDirectory: { directorySettings: SETTINGS },
      SettingsUpdateDirectory: {
        updateDirectorySettings: {
          __typename: "DirectorySettingsUpdate",
          settings: SETTINGS,
          report: null,
        },
      },
    });
    renderPage(<SettingsPage />, { route: "/settings" });

    await user.click(await screen.findByLabelText("posixGroup"));
    expect(screen.getByLabelText("Add POSIX attributes for Linux logins")).toBeChecked();
    await fill(screen.getByLabelText("uidNumber range from"), "10000");
    await fill(screen.getByLabelText("uidNumber range to"), "59999");
    await fill(screen.getByLabelText("Users' gidNumber"), "10000");
    await user.click(screen.getByRole("button", { name: "Save layout" }));
    // posixGroup needs the department range: asked for before anything is sent.
    expect(screen.getByLabelText("Department gidNumber range from")).toHaveAccessibleDescription(
      expect.stringContaining("Required."),
    );
    expect(calls.some((call) => call.operationName === "SettingsUpdateDirectory")).toBe(false);

    await fill(screen.getByLabelText("Department gidNumber range from"), "20000");
    await fill(screen.getByLabelText("Department gidNumber range to"), "29999");
    await user.click(screen.getByRole("button", { name: "Save layout" }));
    await waitFor(() => expect(lastCall(calls, "SettingsUpdateDirectory")).toBeDefined());
    expect(lastCall(calls, "SettingsUpdateDirectory")?.variables).toEqual({
      verify: true,
      input: {
        layout: {
          groups: "posixGroup",
          posix: { uidNumbers: [10000, 59999], gidNumber: 10000, gidNumbers: [20000, 29999] },
        },
        defaultEmailSuffix: "acme.test",
      },
    });
  });

  it("reads in Chinese and links to the audit log", async () => {
    answerGraphQL({ ...NO_SCHEDULES, SettingsDirectory: { directorySettings: null } });
    renderPage(<SettingsPage />, { locale: "zh", route: "/settings" });
    expect(await screen.findByText("连接你的 LDAP 目录")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "设置" })).toBeInTheDocument();
    expect(screen.getByLabelText("绑定密码")).toHaveAccessibleDescription("尚未设置：连接时必填。");
    expect(screen.getByRole("button", { name: "保存目录设置" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "审计日志" })).toHaveAttribute("href", "/audit");
  });
});
