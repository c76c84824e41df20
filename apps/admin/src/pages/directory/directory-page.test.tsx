import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerGraphQL, renderPage } from "../../test/render.tsx";
import { DirectoryPage } from "./directory-page.tsx";

afterEach(() => vi.unstubAllGlobals());

const BASE = "dc=example,dc=com";
const ROOT_DN = `ou=feishuroot,${BASE}`;
const RD = `cn=yanfabu,${ROOT_DN}`;
const BE = `cn=houduanzu,${RD}`;
const MK = `cn=shichangbu,${ROOT_DN}`;
const person = (uid: string) => `uid=${uid},ou=people,${BASE}`;

/** The departments' names in the IM, which the default relations write to `description`. */
const DESCRIPTIONS: Record<string, string> = { [RD]: "研发部", [BE]: "后端组" };

function group(dn: string, anchor: string | null, childCount: number, memberCount: number) {
  return {
    dn,
    name: /^cn=([^,]+)/.exec(dn)?.[1] ?? dn,
    description: DESCRIPTIONS[dn] ?? null,
    anchor,
    parentDn: dn.slice(dn.indexOf(",") + 1),
    childCount,
    memberCount,
  };
}

function user(uid: string, displayName: string, disabled = false) {
  return {
    dn: person(uid),
    username: uid,
    displayName,
    mail: `${uid}@corp.example`,
    disabled,
    anchor: `feishu:ou-${uid}`,
  };
}

function level({
  parent,
  groups = [],
  users = [],
  moreUsers = false,
  exists = true,
  totalUsers = users.length,
}: {
  parent: ReturnType<typeof group>;
  groups?: ReturnType<typeof group>[];
  users?: ReturnType<typeof user>[];
  moreUsers?: boolean;
  exists?: boolean;
  totalUsers?: number;
}) {
  return {
    directoryTree: {
      __typename: "DirectoryBrowse",
      exists,
      isRoot: parent.dn === ROOT_DN,
      hasNextPage: moreUsers,
      endCursor: moreUsers ? "cursor-2" : null,
      parent,
      groups: { totalCount: groups.length, hasNextPage: false, nodes: groups },
      users: { totalCount: totalUsers, hasNextPage: moreUsers, nodes: users },
    },
  };
}

const rootParent = { ...group(ROOT_DN, null, 2, 0), name: "feishuroot" };

/** A two-level org: 研发部 (yanfabu) with 后端组 (houduanzu), and 市场部 (shichangbu). */
function treeResponder(variables: Record<string, unknown>) {
  switch (variables.parentDn) {
    case undefined:
      return level({
        parent: rootParent,
        groups: [group(MK, "feishu:od-mk", 0, 1), group(RD, "feishu:od-rd", 1, 3)],
      });
    case RD:
      if (variables.after === "cursor-2") {
        return level({
          parent: group(RD, "feishu:od-rd", 1, 3),
          users: [user("zhangsan", "张三")],
          totalUsers: 3,
        });
      }
      return level({
        parent: group(RD, "feishu:od-rd", 1, 3),
        groups: [group(BE, "feishu:od-be", 0, 1)],
        users: [user("lisi", "李四", true), user("wangwu", "王五")],
        moreUsers: true,
        totalUsers: 3,
      });
    case BE:
      return level({ parent: group(BE, "feishu:od-be", 0, 1), users: [user("zhaoliu", "赵六")] });
    default:
      return {
        directoryTree: { __typename: "NotFoundError", message: "no such group" },
      };
  }
}

const zhangsanEntry = {
  directoryEntry: {
    __typename: "DirectoryEntry",
    dn: person("zhangsan"),
    kind: "user",
    anchor: "feishu:ou-zhangsan",
    managed: true,
    disabled: false,
    objectClasses: ["top", "inetOrgPerson", "orgsyncManaged"],
    attributes: [
      { attribute: "cn", values: ["zhangsan"] },
      { attribute: "displayName", values: ["张三"] },
      { attribute: "mail", values: ["zhangsan@corp.example"] },
    ],
    secretAttributes: ["userPassword"],
    binaryAttributes: ["jpegPhoto"],
    uuid: "2b1f7a36-1111-4c1b-9a0e-5a0c0f0e0d0c",
    createdAt: "2026-03-01T08:00:00.000Z",
    modifiedAt: "2026-03-02T09:30:00.000Z",
  },
};

/** Finds 张三 for "zhang", nobody for anything else. */
function searchResponder({ query }: Record<string, unknown>) {
  return {
    directoryUsers:
      query === "zhang"
        ? { __typename: "DirectoryUserSearch", totalCount: 1, nodes: [user("zhangsan", "张三")] }
        : { __typename: "DirectoryUserSearch", totalCount: 0, nodes: [] },
  };
}

/** 研发部's entry, with many members; a refusal for any other DN. */
function departmentOrRefusal({ dn }: Record<string, unknown>) {
  return dn === RD
    ? {
        directoryEntry: {
          ...zhangsanEntry.directoryEntry,
          dn: RD,
          kind: "group",
          anchor: "feishu:od-rd",
          secretAttributes: [],
          binaryAttributes: [],
          attributes: [
            {
              attribute: "uniqueMember",
              values: Array.from({ length: 12 }, (_, i) => person(`user${i}`)),
            },
          ],
        },
      }
    : {
        directoryEntry: {
          __typename: "ValidationError",
          message: `directory: only entries under ${ROOT_DN} or ou=people,${BASE} can be read`,
          issues: [{ path: "dn", message: "must be under the provider's subtrees" }],
        },
      };
}

const calls = (
  all: { operationName: string; variables: Record<string, unknown> }[],
  name: string,
) => all.filter((call) => call.operationName === name).map((call) => call.variables);

describe("DirectoryPage", () => {
  it("expands a department to load its children, and shows its members", async () => {
    const sent = answerGraphQL({ DirectoryTreeLevel: treeResponder });
    renderPage(<DirectoryPage />);

    const tree = await screen.findByRole("tree", { name: "Departments in the directory" });
    const root = within(tree).getByRole("treeitem", { name: "All departments (feishu)" });
    expect(root).toHaveAttribute("aria-expanded", "true");
    expect(await within(tree).findByRole("treeitem", { name: "研发部" })).toBeInTheDocument();
    expect(within(tree).queryByRole("treeitem", { name: "后端组" })).toBeNull();
    // The group root is selected first: its DN and its departments.
    expect(screen.getByRole("heading", { name: "Group root" })).toBeInTheDocument();
    expect(screen.getByText(ROOT_DN)).toBeInTheDocument();

    await userEvent.click(within(tree).getByRole("treeitem", { name: "研发部" }));
    const rd = within(tree).getByRole("treeitem", { name: "研发部" });
    expect(rd).toHaveAttribute("aria-expanded", "true");
    expect(rd).toHaveAttribute("aria-selected", "true");
    // The IM's name leads; the entry's pinyin RDN follows it.
    expect(within(rd).getAllByText("yanfabu")[0]).toHaveClass("tree-rdn");
    expect(await within(rd).findByRole("treeitem", { name: "后端组" })).toBeInTheDocument();
    expect(calls(sent, "DirectoryTreeLevel")).toContainEqual({
      providerId: "1",
      parentDn: RD,
      first: 100,
    });

    const members = await screen.findByRole("table", { name: "Members of 研发部" });
    const rows = within(members).getAllByRole("row");
    expect(rows).toHaveLength(3);
    expect(
      within(rows[1] as HTMLElement).getByRole("button", { name: "lisi" }),
    ).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText("李四")).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText("Disabled")).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText("feishu:ou-lisi")).toBeInTheDocument();
    expect(within(rows[2] as HTMLElement).getByText("Active")).toBeInTheDocument();
    expect(screen.getByText("2 of 3 shown")).toBeInTheDocument();

    // The next page comes with the cursor of the first.
    await userEvent.click(screen.getByRole("button", { name: "Load more members" }));
    expect(await within(members).findByRole("button", { name: "zhangsan" })).toBeInTheDocument();
    expect(calls(sent, "DirectoryTreeLevel")).toContainEqual({
      providerId: "1",
      parentDn: RD,
      first: 100,
      after: "cursor-2",
    });
    expect(screen.queryByRole("button", { name: "Load more members" })).toBeNull();
  });

  it("moves through the tree with the keyboard", async () => {
    answerGraphQL({ DirectoryTreeLevel: treeResponder });
    renderPage(<DirectoryPage />);
    const tree = await screen.findByRole("tree");
    const root = within(tree).getByRole("treeitem", { name: "All departments (feishu)" });
    await within(tree).findByRole("treeitem", { name: "研发部" });
    // One tab stop: the tree is entered on its selected item.
    const stops = within(tree)
      .getAllByRole("treeitem")
      .filter((item) => item.getAttribute("tabindex") === "0");
    expect(stops).toEqual([root]);
    root.focus();

    await userEvent.keyboard("{ArrowDown}");
    expect(within(tree).getByRole("treeitem", { name: "shichangbu" })).toHaveFocus();
    await userEvent.keyboard("{ArrowDown}");
    const rd = within(tree).getByRole("treeitem", { name: "研发部" });
    expect(rd).toHaveFocus();
    expect(rd).toHaveAttribute("tabindex", "0");
    expect(root).toHaveAttribute("tabindex", "-1");

    await userEvent.keyboard("{ArrowRight}");
    expect(rd).toHaveAttribute("aria-expanded", "true");
    const be = await within(rd).findByRole("treeitem", { name: "后端组" });
    await userEvent.keyboard("{ArrowRight}");
    expect(be).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    expect(be).toHaveAttribute("aria-selected", "true");
    expect(await screen.findByRole("table", { name: "Members of 后端组" })).toBeInTheDocument();

    await userEvent.keyboard("{ArrowLeft}");
    expect(rd).toHaveFocus();
    await userEvent.keyboard("{ArrowLeft}");
    expect(rd).toHaveAttribute("aria-expanded", "false");
    expect(within(tree).queryByRole("treeitem", { name: "后端组" })).toBeNull();
    await userEvent.keyboard("{Home}");
    expect(root).toHaveFocus();
  });

  it("says when the provider has not synced yet", async () => {
    answerGraphQL({
      DirectoryTreeLevel: level({ parent: { ...rootParent, childCount: 0 }, exists: false }),
    });
    renderPage(<DirectoryPage />);
    expect(await screen.findByText("Not synced yet")).toBeInTheDocument();
    expect(screen.getByText(new RegExp(`no ${ROOT_DN} yet`))).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to Sync" })).toHaveAttribute("href", "/sync");
    expect(screen.queryByRole("tree")).toBeNull();
    expect(screen.queryByLabelText("Search users")).toBeNull();
  });

  it("sends an admin without a directory to the settings", async () => {
    answerGraphQL({
      DirectoryTreeLevel: {
        directoryTree: {
          __typename: "DirectoryNotConfiguredError",
          message: "directory: no LDAP directory is configured",
        },
      },
    });
    renderPage(<DirectoryPage />);
    expect(await screen.findByText("No LDAP directory configured")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Open the settings" })).toHaveAttribute(
      "href",
      "/settings",
    );
  });

  it("searches users once typing pauses and opens a result's attributes", async () => {
    const sent = answerGraphQL({
      DirectoryTreeLevel: treeResponder,
      DirectoryUserSearch: searchResponder,
      DirectoryEntryDetails: zhangsanEntry,
    });
    renderPage(<DirectoryPage />);
    await userEvent.type(await screen.findByLabelText("Search users"), "zhang");
    const results = await screen.findByRole("table", { name: "Users matching “zhang”" });
    // One search for the whole word, not one per key.
    expect(calls(sent, "DirectoryUserSearch")).toEqual([
      { providerId: "1", query: "zhang", first: 50 },
    ]);
    expect(screen.getByText("1 user matches.")).toBeInTheDocument();

    await userEvent.click(within(results).getByRole("button", { name: "zhangsan" }));
    const panel = await screen.findByRole("region", { name: "Entry attributes" });
    expect(within(panel).getByRole("heading", { name: "Entry attributes" })).toHaveFocus();
    expect(calls(sent, "DirectoryEntryDetails")).toEqual([
      { providerId: "1", dn: person("zhangsan") },
    ]);
    expect(await within(panel).findByText("feishu:ou-zhangsan")).toBeInTheDocument();
    expect(within(panel).getByText("ou-zhangsan")).toBeInTheDocument();
    expect(within(panel).getByText("Managed by orgsync")).toBeInTheDocument();
    expect(within(panel).getByText("inetOrgPerson")).toBeInTheDocument();

    const attributes = within(panel).getByRole("table", { name: "Attributes of the entry" });
    const mail = within(attributes).getByRole("row", { name: /mail/ });
    expect(within(mail).getByText("zhangsan@corp.example")).toBeInTheDocument();
    const password = within(attributes).getByRole("row", { name: /userPassword/ });
    expect(within(password).getByText("Set — never shown")).toBeInTheDocument();
    const photo = within(attributes).getByRole("row", { name: /jpegPhoto/ });
    expect(within(photo).getByText("Binary value — not shown")).toBeInTheDocument();

    await userEvent.click(within(panel).getByRole("button", { name: "Close attributes" }));
    expect(screen.queryByRole("region", { name: "Entry attributes" })).toBeNull();

    await userEvent.clear(screen.getByLabelText("Search users"));
    await userEvent.type(screen.getByLabelText("Search users"), "nobody");
    expect(
      await screen.findByText("No user’s username, name or email contains “nobody”."),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Clear search" }));
    expect(screen.getByLabelText("Search users")).toHaveValue("");
    await waitFor(() => expect(screen.queryByText(/contains “nobody”/)).toBeNull());
  });

  it("opens a department's attributes and shows a refusal from the service", async () => {
    answerGraphQL({
      DirectoryTreeLevel: treeResponder,
      DirectoryEntryDetails: departmentOrRefusal,
    });
    renderPage(<DirectoryPage />);
    await userEvent.click(await screen.findByRole("treeitem", { name: "研发部" }));
    await screen.findByRole("table", { name: "Members of 研发部" });
    await userEvent.click(screen.getByRole("button", { name: "Show attributes" }));
    const panel = await screen.findByRole("region", { name: "Entry attributes" });
    expect(await within(panel).findByText("Department")).toBeInTheDocument();
    expect(within(panel).getByText("feishu:od-rd")).toBeInTheDocument();
    // Many values are cut to a few, with a way to see them all.
    expect(within(panel).getAllByText(/^uid=user\d+,/)).toHaveLength(8);
    await userEvent.click(within(panel).getByRole("button", { name: "Show all 12 values" }));
    expect(within(panel).getAllByText(/^uid=user\d+,/)).toHaveLength(12);

    await userEvent.click(screen.getByRole("treeitem", { name: "All departments (feishu)" }));
    await userEvent.click(await screen.findByRole("button", { name: "Show attributes" }));
    expect(await screen.findByText(/only entries under/)).toBeInTheDocument();
    expect(screen.getByText(/must be under the provider's subtrees/)).toBeInTheDocument();
  });

  it("speaks Chinese", async () => {
    answerGraphQL({
      DirectoryTreeLevel: treeResponder,
      DirectoryEntryDetails: zhangsanEntry,
    });
    renderPage(<DirectoryPage />, { locale: "zh" });
    expect(await screen.findByRole("heading", { name: "目录" })).toBeInTheDocument();
    expect(await screen.findByLabelText("搜索用户")).toBeInTheDocument();
    const tree = screen.getByRole("tree", { name: "目录中的部门" });
    expect(within(tree).getByRole("treeitem", { name: "全部部门（feishu）" })).toBeInTheDocument();
    await userEvent.click(within(tree).getByRole("treeitem", { name: "研发部" }));
    const members = await screen.findByRole("table", { name: "研发部 的成员" });
    expect(within(members).getByText("已禁用")).toBeInTheDocument();
    await userEvent.click(within(members).getByRole("button", { name: "wangwu" }));
    const panel = await screen.findByRole("region", { name: "条目属性" });
    expect(await within(panel).findByText("由 orgsync 管理")).toBeInTheDocument();
    expect(within(panel).getByText("来源锚点")).toBeInTheDocument();
    expect(within(panel).getByText("已设置（不显示）")).toBeInTheDocument();
  });
});
