import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { answerGraphQL, renderPage } from "../../test/render.tsx";
import { DirectoryPage } from "./directory-page.tsx";

afterEach(() => vi.unstubAllGlobals());

const BASE = "dc=example,dc=com";
const ROOT_DN = `ou=feishuroot,${BASE}`;
const URL = "ldap://ldap.corp.example:389";
const REFUSED = `directory: the directory at ${URL} cannot be reached: connect ECONNREFUSED 10.0.0.5:389; check the connection on the Settings page`;
const BIND_REFUSED = `directory: the directory at ${URL} refused the bind as cn=admin,${BASE}: Invalid Credentials (49); check the bind DN and password on the Settings page`;

const unavailable = (reason: string, message: string) => ({
  __typename: "DirectoryUnavailableError",
  reason,
  url: URL,
  message,
});

const rootGroup = {
  dn: ROOT_DN,
  name: "feishuroot",
  description: null,
  anchor: null,
  parentDn: BASE,
  childCount: 0,
  memberCount: 0,
};

/** The provider's group root, synced, with no departments yet. */
const rootLevel = {
  __typename: "DirectoryBrowse",
  exists: true,
  isRoot: true,
  hasNextPage: false,
  endCursor: null,
  parent: rootGroup,
  groups: { totalCount: 0, hasNextPage: false, nodes: [] },
  users: { totalCount: 0, hasNextPage: false, nodes: [] },
};

/** What the stubbed service knows: whether the directory is up, and entry reads so far. */
const directory = { up: false, entryReads: 0 };

function treeWhileDown() {
  return { directoryTree: directory.up ? rootLevel : unavailable("unreachable", REFUSED) };
}

function entryWhileDown() {
  directory.entryReads += 1;
  return { directoryEntry: unavailable("unreachable", REFUSED) };
}

beforeEach(() => {
  directory.up = false;
  directory.entryReads = 0;
});

describe("DirectoryPage when the directory cannot be read", () => {
  it("says what failed, links to the settings, and tries again", async () => {
    const sent = answerGraphQL({ DirectoryTreeLevel: treeWhileDown });
    renderPage(<DirectoryPage />);

    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText("The directory cannot be reached")).toBeInTheDocument();
    expect(within(alert).getByText(REFUSED)).toBeInTheDocument();
    expect(within(alert).getByRole("link", { name: "Open the settings" })).toHaveAttribute(
      "href",
      "/settings",
    );
    // Nothing of the tree is offered while the directory is away.
    expect(screen.queryByRole("tree")).toBeNull();
    expect(screen.queryByLabelText("Search users")).toBeNull();
    expect(screen.queryByText("Unexpected error.")).toBeNull();

    directory.up = true;
    const before = sent.filter((call) => call.operationName === "DirectoryTreeLevel").length;
    await userEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("tree", { name: "Departments in the directory" })).toBeVisible();
    expect(screen.queryByText("The directory cannot be reached")).toBeNull();
    expect(
      sent.filter((call) => call.operationName === "DirectoryTreeLevel").length,
    ).toBeGreaterThan(before);
  });

  it("names a refused bind in Chinese", async () => {
    answerGraphQL({
      DirectoryTreeLevel: { directoryTree: unavailable("bindRefused", BIND_REFUSED) },
    });
    renderPage(<DirectoryPage />, { locale: "zh" });
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText("目录拒绝了 orgsync 的绑定")).toBeInTheDocument();
    expect(within(alert).getByText(BIND_REFUSED)).toBeInTheDocument();
    expect(within(alert).getByText(/请在设置中检查地址、绑定 DN 和密码/)).toBeInTheDocument();
    expect(within(alert).getByRole("link", { name: "打开设置" })).toHaveAttribute(
      "href",
      "/settings",
    );
    expect(within(alert).getByRole("button", { name: "重试" })).toBeEnabled();
  });

  it("shows the same state in the entry panel when the directory goes away later", async () => {
    answerGraphQL({
      DirectoryTreeLevel: { directoryTree: rootLevel },
      DirectoryEntryDetails: entryWhileDown,
    });
    renderPage(<DirectoryPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Show attributes" }));
    const panel = await screen.findByRole("region", { name: "Entry attributes" });
    const alert = await within(panel).findByRole("alert");
    expect(within(alert).getByText("The directory cannot be reached")).toBeInTheDocument();
    expect(within(alert).getByText(REFUSED)).toBeInTheDocument();
    expect(within(alert).getByRole("link", { name: "Open the settings" })).toBeInTheDocument();

    await userEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    await vi.waitFor(() => expect(directory.entryReads).toBe(2));
    // The tree stays usable beside the failed panel.
    expect(screen.getByRole("tree", { name: "Departments in the directory" })).toBeVisible();
  });
});
