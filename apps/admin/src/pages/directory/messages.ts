import { defineMessages } from "../../i18n/messages.ts";

export const directoryMessages = defineMessages({
  en: {
    title: "Directory",
    description: (provider: string) =>
      `What the LDAP directory holds for ${provider}: departments as groups, people as their members. Read straight from the directory.`,
    refresh: "Refresh",

    // Search
    searchLabel: "Search users",
    searchHint: "Part of a username, name or email.",
    clearSearch: "Clear search",
    searchTitle: (query: string) => `Users matching “${query}”`,
    searchCount: (shown: number, total: number) =>
      shown < total
        ? `Showing the best ${shown} of ${total} matches. Type more to narrow the search.`
        : total === 1
          ? "1 user matches."
          : `${total} users match.`,
    searchEmpty: (query: string) => `No user’s username, name or email contains “${query}”.`,
    searching: "Searching…",

    // Tree
    treeTitle: "Departments",
    treeLabel: "Departments in the directory",
    rootLabel: (flag: string) => `All departments (${flag})`,
    loadMoreGroups: "Load more departments",
    noChildren: "No departments yet.",
    groupGone: "This department is no longer in the directory. Refresh to see the current tree.",
    membersCount: (n: number) => (n === 1 ? "1 member" : `${n} members`),

    // States
    notSyncedTitle: "Not synced yet",
    notSyncedBody: (dn: string) =>
      `The directory has no ${dn} yet: no sync of this provider has written its departments. Run a sync of the departments first, then of the people.`,
    goToSync: "Go to Sync",
    notConfiguredTitle: "No LDAP directory configured",
    goToSettings: "Open the settings",
    unavailable_unreachable: "The directory cannot be reached",
    unavailable_bindRefused: "The directory refused orgsync’s bind",
    unavailable_accessDenied: "The directory does not let orgsync read this",
    unavailable_failed: "The directory could not be read",
    unavailableHint:
      "Nothing can be shown until orgsync reads the directory. Check the URL, bind DN and password in the settings, then try again.",
    tryAgain: "Try again",

    // Group panel
    groupRootTitle: "Group root",
    groupRootHint:
      "The container of this provider’s departments. People live in the users container and join departments as members.",
    dn: "DN",
    anchor: "Source anchor",
    notAnchored: "Not anchored",
    notAnchoredHint: "orgsync did not create or adopt this entry; it leaves it alone.",
    childGroups: "Child departments",
    members: "Members",
    showAttributes: "Show attributes",
    membersTitle: "Members",
    membersCaption: (group: string) => `Members of ${group}`,
    noMembers: "No people are members of this department.",
    loadMoreMembers: "Load more members",
    membersShown: (shown: number, total: number) => `${shown} of ${total} shown`,

    // Users table
    colUsername: "Username",
    colDisplayName: "Name",
    colMail: "Email",
    colStatus: "Status",
    colAnchor: "Source anchor",
    active: "Active",
    disabled: "Disabled",
    openEntry: (name: string) => `Attributes of ${name}`,

    // Entry panel
    entryTitle: "Entry attributes",
    closeEntry: "Close attributes",
    kind_group: "Department",
    kind_user: "Person",
    kind_container: "Container",
    managed: "Managed by orgsync",
    unmanaged: "Not managed by this provider",
    sourceFlag: "provider flag",
    sourceId: "source id",
    objectClasses: "Object classes",
    created: "Created",
    modified: "Last changed",
    uuid: "Entry UUID",
    attributes: "Attributes",
    attributesCaption: "Attributes of the entry",
    colAttribute: "Attribute",
    colValues: "Values",
    secretSet: "Set — never shown",
    binaryValue: "Binary value — not shown",
    showAllValues: (n: number) => `Show all ${n} values`,
    showFewerValues: "Show fewer",
    noAttributes: "No other attributes.",
    entryGone:
      "There is no such entry any more: it was renamed or deleted since the tree was read. Refresh the tree.",
  },
  zh: {
    title: "目录",
    description: (provider: string) =>
      `LDAP 目录中 ${provider} 的内容：部门是组，人员是组的成员。数据直接读自目录。`,
    refresh: "刷新",

    searchLabel: "搜索用户",
    searchHint: "输入用户名、姓名或邮箱的一部分。",
    clearSearch: "清除搜索",
    searchTitle: (query: string) => `匹配“${query}”的用户`,
    searchCount: (shown: number, total: number) =>
      shown < total
        ? `共 ${total} 个匹配，显示最相关的 ${shown} 个。输入更多内容可缩小范围。`
        : `${total} 个用户匹配。`,
    searchEmpty: (query: string) => `没有用户的用户名、姓名或邮箱包含“${query}”。`,
    searching: "搜索中…",

    treeTitle: "部门",
    treeLabel: "目录中的部门",
    rootLabel: (flag: string) => `全部部门（${flag}）`,
    loadMoreGroups: "加载更多部门",
    noChildren: "暂无部门。",
    groupGone: "该部门已不在目录中。请刷新查看当前的部门树。",
    membersCount: (n: number) => `${n} 名成员`,

    notSyncedTitle: "尚未同步",
    notSyncedBody: (dn: string) =>
      `目录中还没有 ${dn}：该提供方尚未写入任何部门。请先同步部门，再同步人员。`,
    goToSync: "前往同步",
    notConfiguredTitle: "尚未配置 LDAP 目录",
    goToSettings: "打开设置",
    unavailable_unreachable: "无法连接到目录",
    unavailable_bindRefused: "目录拒绝了 orgsync 的绑定",
    unavailable_accessDenied: "目录不允许 orgsync 读取此处",
    unavailable_failed: "无法读取目录",
    unavailableHint:
      "orgsync 读取到目录之前，这里无法显示任何内容。请在设置中检查地址、绑定 DN 和密码，然后重试。",
    tryAgain: "重试",

    groupRootTitle: "部门根节点",
    groupRootHint: "该提供方所有部门的容器。人员位于用户容器中，并以成员身份加入部门。",
    dn: "DN",
    anchor: "来源锚点",
    notAnchored: "无锚点",
    notAnchoredHint: "该条目不是 orgsync 创建或接管的，orgsync 不会改动它。",
    childGroups: "子部门",
    members: "成员",
    showAttributes: "查看属性",
    membersTitle: "成员",
    membersCaption: (group: string) => `${group} 的成员`,
    noMembers: "该部门没有成员。",
    loadMoreMembers: "加载更多成员",
    membersShown: (shown: number, total: number) => `已显示 ${shown} / ${total}`,

    colUsername: "用户名",
    colDisplayName: "姓名",
    colMail: "邮箱",
    colStatus: "状态",
    colAnchor: "来源锚点",
    active: "正常",
    disabled: "已禁用",
    openEntry: (name: string) => `${name} 的属性`,

    entryTitle: "条目属性",
    closeEntry: "关闭属性",
    kind_group: "部门",
    kind_user: "人员",
    kind_container: "容器",
    managed: "由 orgsync 管理",
    unmanaged: "不由该提供方管理",
    sourceFlag: "提供方标识",
    sourceId: "来源 ID",
    objectClasses: "对象类",
    created: "创建时间",
    modified: "最后修改",
    uuid: "条目 UUID",
    attributes: "属性",
    attributesCaption: "条目的属性",
    colAttribute: "属性",
    colValues: "值",
    secretSet: "已设置（不显示）",
    binaryValue: "二进制值（不显示）",
    showAllValues: (n: number) => `显示全部 ${n} 个值`,
    showFewerValues: "收起",
    noAttributes: "没有其他属性。",
    entryGone: "该条目已不存在：读取部门树之后它被改名或删除了。请刷新部门树。",
  },
});

export type DirectoryMessages = (typeof directoryMessages)["en"];
