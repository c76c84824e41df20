import { defineMessages } from "../../i18n/messages.ts";

export const checklistMessages = defineMessages({
  en: {
    title: "Set-up",
    description:
      "Connecting Feishu to LDAP, step by step. Each step is checked live against the service and Feishu.",
    checkAgain: "Check again",
    addProvider: "Add provider",

    // Status words
    status_done: "Done",
    status_missing: "Missing",
    status_failed: "Failed",
    status_skipped: "Not checked",
    status_checking: "Checking…",
    next: "Next",

    // Directory
    directoryTitle: "LDAP directory",
    directoryMissingTitle: "Connect the LDAP directory",
    directoryMissing:
      "Before anything else: orgsync writes groups and users to your OpenLDAP server. Enter its URL, bind DN and base DN, and the initial password for new accounts (go-ldap-admin's user-init-password).",
    directoryConnected: "Connected",
    directoryAt: (url: string, baseDn: string) => `${url} · base DN ${baseDn}`,
    openSettings: "Open directory settings",
    directorySettings: "Directory settings",

    // Welcome (no provider)
    welcomeTitle: "Welcome to orgsync",
    welcomeBody:
      "orgsync keeps your LDAP directory in step with your Feishu org chart. Set-up takes six steps; this page checks each one for you as you go.",
    addFeishuApp: "Add your Feishu app",
    addFeishuAppBody:
      "Create a self-built app (企业自建应用) at open.feishu.cn/app, then enter its App ID and App Secret (开发者后台 → 凭证与基础信息).",
    addOtherIm: "Or connect another IM:",
    addDingTalkApp: "DingTalk app",
    addWeComApp: "WeCom (企业微信)",
    laterSteps: "Then, checked here once the app is added:",

    // Provider card
    progress: (done: number, total: number) => `${done} of ${total} done`,
    progressLabel: (name: string) => `Set-up progress of ${name}`,
    disabled: "Disabled",
    disabledNotice: "This provider is disabled: syncs are refused until it is enabled again.",
    activeRun: (scope: string, status: string) => `Run in progress: ${scope} · ${status}`,
    checkedAt: (time: string) => `Checked ${time}`,
    complete: "Set-up complete: this provider syncs to LDAP.",
    seeRuns: "See runs",
    checkFailed: "The connection test could not run",
    needsDirectory: "Connect the LDAP directory first.",

    // Steps
    step_credentials: "App credentials work",
    stepAbout_credentials:
      "The app's App ID and App Secret, from 开发者后台 → 凭证与基础信息, are accepted by Feishu.",
    step_permissions: "Permissions granted",
    stepAbout_permissions:
      "The app may read departments and users. Grant each in 开发者后台 → 权限管理, then publish a version (版本管理与发布) and have it approved.",
    step_contactScope: "Contact scope: all members",
    stepAbout_contactScope:
      "开发者后台 → 权限管理 → 通讯录权限范围 is set to 全部成员, so the whole org chart can be read.",
    step_fieldRelations: "Field relations configured",
    stepAbout_fieldRelations:
      "How Feishu fields become LDAP attributes, for groups and for users. A sync is refused until both are saved.",
    step_groupsSynced: "Groups synced",
    stepAbout_groupsSynced: "Sync the departments first: users depend on their groups.",
    step_usersSynced: "Users synced",
    stepAbout_usersSynced:
      "Then sync the people. New accounts get the initial password from the directory settings.",

    // Step details
    permissionsSummary: (granted: number, total: number) => `${granted} of ${total} granted`,
    passedChecks: (count: number) => `Passed checks (${count})`,
    relationsSaved: (group: number, user: number) =>
      `Saved: group relations v${group}, user relations v${user}.`,
    relationsMissing: (kinds: string) =>
      `Not saved yet: ${kinds}. Start from the defaults and adjust.`,
    groupRelations: "group relations",
    userRelations: "user relations",
    relationsUnknown: "Could not read the field relations.",
    lastSync: (scope: string, time: string) => `Last ${scope} sync succeeded ${time}.`,
    noGroupsSync: "No groups sync has succeeded yet. Preview it, then apply it.",
    noUsersSync: "No users sync has succeeded yet. Sync the groups first.",
    runsUnknown: "Could not read the run history.",
    viewRun: "View run",
    fix: "How to fix",

    // Step actions
    action_credentials: "Edit provider settings",
    action_console: "Open the IM's developer console",
    action_fieldRelations: "Set field relations",
    action_groupsSynced: "Sync groups",
    action_usersSynced: "Sync users",
    opensInNewTab: "(opens in a new tab)",

    // Events
    eventsTitle: "Events (optional)",
    eventsOn:
      "Paste this URL in 开发者后台 → 事件与回调 → 请求地址 so contact changes sync as they happen:",
    eventsOff:
      "Off. To sync contact changes as they happen, set the Encrypt Key or Verification Token in the provider settings.",
    copy: "Copy event URL",
    copied: "Copied",
  },
  zh: {
    title: "接入向导",
    description: "一步步把飞书接入 LDAP。每一步都会向服务和飞书实时检查。",
    checkAgain: "重新检查",
    addProvider: "添加提供方",

    status_done: "已完成",
    status_missing: "缺失",
    status_failed: "失败",
    status_skipped: "未检查",
    status_checking: "检查中…",
    next: "下一步",

    directoryTitle: "LDAP 目录",
    directoryMissingTitle: "连接 LDAP 目录",
    directoryMissing:
      "首先：orgsync 会把分组和用户写入你的 OpenLDAP 服务器。请填写它的地址、绑定 DN 和基础 DN，以及新账号的初始密码（go-ldap-admin 的 user-init-password）。",
    directoryConnected: "已连接",
    directoryAt: (url: string, baseDn: string) => `${url} · 基础 DN ${baseDn}`,
    openSettings: "打开目录设置",
    directorySettings: "目录设置",

    welcomeTitle: "欢迎使用 orgsync",
    welcomeBody:
      "orgsync 让 LDAP 目录与飞书组织架构保持一致。接入共六步，本页会在你操作时逐项检查。",
    addFeishuApp: "添加你的飞书应用",
    addFeishuAppBody:
      "在 open.feishu.cn/app 创建企业自建应用，然后填入它的 App ID 和 App Secret（开发者后台 → 凭证与基础信息）。",
    addOtherIm: "或接入其他 IM：",
    addDingTalkApp: "钉钉应用",
    addWeComApp: "企业微信",
    laterSteps: "添加应用后，本页会检查以下步骤：",

    progress: (done: number, total: number) => `已完成 ${done}/${total} 步`,
    progressLabel: (name: string) => `${name} 的接入进度`,
    disabled: "已停用",
    disabledNotice: "此提供方已停用：重新启用前，同步会被拒绝。",
    activeRun: (scope: string, status: string) => `正在运行：${scope} · ${status}`,
    checkedAt: (time: string) => `检查于 ${time}`,
    complete: "接入完成：此提供方已同步到 LDAP。",
    seeRuns: "查看运行记录",
    checkFailed: "无法执行连接测试",
    needsDirectory: "请先连接 LDAP 目录。",

    step_credentials: "应用凭证有效",
    stepAbout_credentials: "应用的 App ID 和 App Secret（开发者后台 → 凭证与基础信息）被飞书接受。",
    step_permissions: "权限已开通",
    stepAbout_permissions:
      "应用可以读取部门和用户。在 开发者后台 → 权限管理 中逐项开通，然后在 版本管理与发布 中创建版本并申请发布，由管理员审核通过。",
    step_contactScope: "通讯录权限范围：全部成员",
    stepAbout_contactScope:
      "开发者后台 → 权限管理 → 通讯录权限范围 设为 全部成员，才能读取整个组织架构。",
    step_fieldRelations: "字段关系已配置",
    stepAbout_fieldRelations:
      "飞书字段如何映射为 LDAP 属性，分组和用户各一套。两者都保存后才能同步。",
    step_groupsSynced: "分组已同步",
    stepAbout_groupsSynced: "先同步部门：用户数据依赖分组数据。",
    step_usersSynced: "用户已同步",
    stepAbout_usersSynced: "再同步人员。新账号使用目录设置中的初始密码。",

    permissionsSummary: (granted: number, total: number) => `已开通 ${granted}/${total} 项`,
    passedChecks: (count: number) => `已通过的检查（${count}）`,
    relationsSaved: (group: number, user: number) =>
      `已保存：分组关系 v${group}，用户关系 v${user}。`,
    relationsMissing: (kinds: string) => `尚未保存：${kinds}。可以从默认值开始调整。`,
    groupRelations: "分组关系",
    userRelations: "用户关系",
    relationsUnknown: "无法读取字段关系。",
    lastSync: (scope: string, time: string) => `最近一次 ${scope} 同步成功于 ${time}。`,
    noGroupsSync: "还没有成功的分组同步。请先预览，再执行。",
    noUsersSync: "还没有成功的用户同步。请先同步分组。",
    runsUnknown: "无法读取运行记录。",
    viewRun: "查看运行",
    fix: "解决方法",

    action_credentials: "编辑提供方设置",
    action_console: "打开 IM 开发者后台",
    action_fieldRelations: "配置字段关系",
    action_groupsSynced: "同步分组",
    action_usersSynced: "同步用户",
    opensInNewTab: "（在新标签页打开）",

    eventsTitle: "事件（可选）",
    eventsOn: "把此地址粘贴到 开发者后台 → 事件与回调 → 请求地址，通讯录变更即可实时同步：",
    eventsOff:
      "未开启。如需实时同步通讯录变更，请在提供方设置中填写 Encrypt Key 或 Verification Token。",
    copy: "复制事件地址",
    copied: "已复制",
  },
});
