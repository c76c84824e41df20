import { defineMessages } from "../../i18n/messages.ts";

export const syncMessages = defineMessages({
  en: {
    title: "Sync",
    description: (provider: string) =>
      `Bring the LDAP directory in step with ${provider}. Every sync shows its plan first: nothing is written until you apply it.`,
    actionsTitle: "Start a sync",
    syncGroups: "Sync groups",
    syncUsers: "Sync users",
    syncAll: "Sync all",
    syncGroupsHint: "Departments become groups in the directory. Sync them first.",
    syncUsersHint: "People become accounts in their departments' groups. Needs the groups synced.",
    syncAllHint: "Groups, then users, in one run.",
    planning:
      "Reading the IM and the directory and working out the changes… a large org can take a minute.",
    providerDisabled: "This provider is disabled",
    providerDisabledBody: "Enable it on its page before syncing.",
    openProvider: "Open the provider",

    previewTitle: (scope: string) => `Preview: ${scope}`,
    previewIntro: (when: string) =>
      `A dry run made ${when}: nothing has been written to the directory.`,
    previewFailed: "The preview failed",
    previewRun: "Open this preview in the runs",
    previewWarnings: "Worth knowing about this plan",
    thresholdTitle: "Applying this plan will stop for approval",
    thresholdBody: (count: number) =>
      `It deletes or disables ${count} ${count === 1 ? "object" : "objects"}, over the safety threshold. The run will wait for an admin to approve before anything is written.`,
    applyTitle: "Apply",
    applyExplain:
      "Apply plans again from the IM and the directory as they are at that moment, then writes the changes. If something changed since this preview, the new plan is what gets applied, and the run's detail lists exactly what was done.",
    apply: "Apply changes",
    previewAgain: "Preview again",
    discard: "Discard preview",
    confirmTitle: (count: number) =>
      `Apply a plan that removes ${count} ${count === 1 ? "object" : "objects"}?`,
    confirmBody:
      "Disabled accounts can no longer log in and leave their groups; deleted entries are removed from the directory.",
    confirmApply: (count: number) => `Apply and remove ${count}`,

    trackingTitle: (scope: string) => `Sync in progress: ${scope}`,
    finishedTitle: (scope: string) => `Sync finished: ${scope}`,
    heldTitle: (scope: string) => `Sync held for approval: ${scope}`,
    backToActions: "Start another sync",

    problemTitle: "The sync could not start",
    rule_fieldRelationsMissing: "Field relations are not set",
    ruleBody_fieldRelationsMissing:
      "orgsync has to know how to build each directory entry from the IM's fields before it can sync. Save the group and user relations; the provider's defaults are a good start.",
    ruleFix_fieldRelationsMissing: "Set up field relations",
    rule_groupsNotSynced: "Sync the groups first",
    ruleBody_groupsNotSynced:
      "Users are placed in their departments' groups, so the groups must be in the directory before users are synced.",
    ruleFix_groupsNotSynced: "Preview the groups sync",
    rule_emptySource: "The IM returned nobody",
    ruleBody_emptySource:
      "orgsync refuses to sync an empty org chart rather than remove everyone. Check the app's contact scope (Feishu: 开发者后台 → 权限管理 → 通讯录权限范围 set to all members) on the set-up checklist.",
    ruleFix_emptySource: "Open the set-up checklist",
    ruleOther: "A safety rule refused the sync",
    activeTitle: "A run is already in progress for this provider",
    activeBody: "One run per provider at a time: follow it, or wait for it to finish.",
    followActive: "Follow the active run here",
    openActive: "Open the active run",
    directoryTitle: "The LDAP directory is not configured",
    directoryBody: "Enter the directory's URL, bind DN and base DN on the Settings page.",
    openSettings: "Open Settings",
    providerProblem: "Check the provider's settings",
    requestFailed: "The service refused the request",

    recentTitle: "Recent syncs",
    recentEmpty: "No sync has been applied yet.",
    allRuns: "All runs",
  },
  zh: {
    title: "同步",
    description: (provider: string) =>
      `让 LDAP 目录与 ${provider} 保持一致。每次同步都会先展示计划：在你确认执行之前，不会写入任何内容。`,
    actionsTitle: "发起同步",
    syncGroups: "同步部门",
    syncUsers: "同步用户",
    syncAll: "全部同步",
    syncGroupsHint: "把部门同步为目录中的组。请先同步部门。",
    syncUsersHint: "把人员同步为账号，并加入所在部门的组。需要先同步部门。",
    syncAllHint: "在一次运行中先同步部门，再同步用户。",
    planning: "正在读取 IM 与目录并计算变更……组织较大时可能需要一分钟。",
    providerDisabled: "该提供方已停用",
    providerDisabledBody: "请先在提供方页面启用它，再进行同步。",
    openProvider: "打开提供方",

    previewTitle: (scope: string) => `预览：${scope}`,
    previewIntro: (when: string) => `这是 ${when} 生成的演练（dry run）：尚未向目录写入任何内容。`,
    previewFailed: "预览失败",
    previewRun: "在运行记录中查看此预览",
    previewWarnings: "关于这份计划的提示",
    thresholdTitle: "执行此计划时会暂停等待批准",
    thresholdBody: (count: number) =>
      `计划将删除或停用 ${count} 个对象，超过了安全阈值。运行会在写入任何内容之前等待管理员批准。`,
    applyTitle: "执行",
    applyExplain:
      "执行时会按当时 IM 与目录的状态重新规划，然后写入变更。如果预览之后有变化，实际执行的是新的计划，运行详情会列出执行的每一项。",
    apply: "应用变更",
    previewAgain: "重新预览",
    discard: "放弃预览",
    confirmTitle: (count: number) => `确定执行将移除 ${count} 个对象的计划吗？`,
    confirmBody: "被停用的账号将无法登录，并会被移出所在的组；被删除的条目将从目录中移除。",
    confirmApply: (count: number) => `执行并移除 ${count} 个对象`,

    trackingTitle: (scope: string) => `正在同步：${scope}`,
    finishedTitle: (scope: string) => `同步结束：${scope}`,
    heldTitle: (scope: string) => `同步等待批准：${scope}`,
    backToActions: "发起新的同步",

    problemTitle: "无法开始同步",
    rule_fieldRelationsMissing: "尚未设置字段关系",
    ruleBody_fieldRelationsMissing:
      "同步之前，orgsync 需要知道如何根据 IM 的字段生成每个目录条目。请保存部门和用户的字段关系；提供方的默认关系是不错的起点。",
    ruleFix_fieldRelationsMissing: "设置字段关系",
    rule_groupsNotSynced: "请先同步部门",
    ruleBody_groupsNotSynced:
      "用户会被放进所在部门的组中，因此必须先把部门同步到目录，才能同步用户。",
    ruleFix_groupsNotSynced: "预览部门同步",
    rule_emptySource: "IM 没有返回任何人员",
    ruleBody_emptySource:
      "为避免误删所有人，orgsync 拒绝同步空的组织架构。请在接入向导中检查应用的通讯录权限范围（飞书：开发者后台 → 权限管理 → 通讯录权限范围，设为全部成员）。",
    ruleFix_emptySource: "打开接入向导",
    ruleOther: "同步被安全规则拒绝",
    activeTitle: "该提供方已有一个运行正在进行",
    activeBody: "每个提供方同一时间只能有一个运行：可以在这里跟踪它，或等待它结束。",
    followActive: "在此跟踪正在进行的运行",
    openActive: "打开正在进行的运行",
    directoryTitle: "尚未配置 LDAP 目录",
    directoryBody: "请在「设置」页面填写目录的地址、绑定 DN 和基准 DN。",
    openSettings: "打开设置",
    providerProblem: "检查提供方设置",
    requestFailed: "服务拒绝了请求",

    recentTitle: "最近的同步",
    recentEmpty: "还没有执行过同步。",
    allRuns: "全部运行记录",
  },
});
