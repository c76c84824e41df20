import { defineMessages } from "../../i18n/messages.ts";

/**
 * Words about runs that the sync page, the runs history and a run's detail share: statuses,
 * operations, outcomes, the live panel, the approval gate and the items table.
 */
export const runMessages = defineMessages({
  en: {
    status_queued: "Queued",
    status_planning: "Planning",
    status_needs_approval: "Needs approval",
    status_applying: "Applying",
    status_succeeded: "Succeeded",
    status_failed: "Failed",
    status_cancelled: "Cancelled",
    status_interrupted: "Interrupted",

    scope_GROUPS: "Groups",
    scope_USERS: "Users",
    scope_ALL: "All",

    trigger_manual: "Manual",
    trigger_api: "API",
    trigger_schedule: "Schedule",
    trigger_event: "IM event",

    op_createGroup: "Create group",
    op_updateGroup: "Update group",
    op_moveGroup: "Move group",
    op_createUser: "Create user",
    op_updateUser: "Update user",
    op_moveUser: "Move user",
    op_setMembers: "Set members",
    op_enableUser: "Re-enable user",
    op_disableUser: "Disable user",
    op_deleteUser: "Delete user",
    op_deleteGroup: "Delete group",

    outcome_planned: "Planned",
    outcome_succeeded: "Succeeded",
    outcome_failed: "Failed",
    outcome_skipped: "Skipped",
    outcome_cancelled: "Cancelled",

    summaryCreated: "Created",
    summaryUpdated: "Updated",
    summaryRemoved: "Deleted / disabled",
    summaryFailed: "Failed",
    summarySkipped: "Skipped",
    summaryCancelled: "Cancelled",
    summaryToCreate: "To create",
    summaryToUpdate: "To update or move",
    summaryToRemove: "To delete or disable",

    // Items table
    colSeq: "#",
    colOp: "Operation",
    colObject: "DN and anchor",
    colOutcome: "Outcome",
    colChanges: "Changes",
    colMessage: "Message",
    allOps: "All",
    filterByOp: "Filter by operation",
    outcomeFilter: "Outcome",
    anyOutcome: "Any outcome",
    searchItems: "Search by DN or anchor",
    searchHint: "Part of a DN or anchor, e.g. zhangwei or od-42",
    noItems: "No object matches these filters.",
    noItemsInPlan: "Nothing to change: the directory is already in step.",
    loadMore: "Load more",
    showingItems: (shown: string, total?: string) =>
      total === undefined ? `Showing ${shown}` : `Showing ${shown} of ${total}`,
    showChanges: (count: number) => (count === 1 ? "Show 1 change" : `Show ${count} changes`),
    hideChanges: "Hide changes",
    noChanges: "No attribute changes.",
    attempts: (n: number) => (n === 1 ? "1 attempt" : `${n} attempts`),
    absent: "(absent)",
    attribute: "Attribute",
    before: "Before",
    after: "After",
    pseudo_dn: "DN",
    pseudo_members: "Members",
    pseudo_state: "State",
    membersRemoved: "removed",
    membersAdded: "added",
    anchor: "Anchor",
    dn: "DN",
    errorCategory: "Error category",
    message: "Message",
    durationLabel: "Duration",
    changes: "Changes",
    itemDialogTitle: (op: string) => `${op}: what happened`,

    // Live panel
    progressLabel: "Run progress",
    liveStream: "Live",
    livePolling: "Updating every 2 s",
    countsSoFar: "So far",
    cancelRun: "Cancel run",
    cancelling: "Cancelling: the run stops after its current step.",
    cancelRefused: "The run could not be cancelled.",
    statusLine_queued: "Waiting for a worker to pick the run up…",
    statusLine_planning: "Reading the IM and the directory and planning the changes…",
    statusLine_applying: "Writing the changes to the directory…",
    statusLine_needs_approval: "Held at the safety gate: nothing has been written.",

    // Approval
    approvalTitle: "This run needs your approval",
    approvalIntro: (count: number) =>
      `The plan deletes or disables ${count} ${count === 1 ? "object" : "objects"}, more than the safety threshold allows without a second look. Nothing has been written yet.`,
    approvalReason: "Why it was held",
    destructiveTitle: "What would be removed",
    destructiveMore: (more: number) => `…and ${more} more: see the run's detail for all of them.`,
    approve: "Approve and apply",
    approveHint:
      "orgsync first checks that the directory is unchanged since the plan, then applies exactly this plan.",
    replannedTitle: "The directory changed since this plan was made",
    replannedBody:
      "Nothing was applied. orgsync planned again from the directory as it is now: review the new plan below and approve it if it is still right.",
    wholePlan: "Every planned change",
    approveRefused: "The run could not be approved.",

    // Outcome
    outcomeTitle_succeeded: "The sync finished",
    outcomeTitle_failed: "The sync failed",
    outcomeTitle_cancelled: "The sync was cancelled",
    outcomeTitle_interrupted: "The sync was interrupted",
    outcomeBody_succeeded: "Every change was applied.",
    outcomeBody_succeededWithFailures: (failed: number) =>
      `The run finished, but ${failed} ${failed === 1 ? "object" : "objects"} failed. Open the run to see why and how to fix it.`,
    outcomeBody_failed: "Open the run to see what went wrong.",
    outcomeBody_cancelled:
      "Changes applied before the cancel stay applied; the rest was not written.",
    outcomeBody_interrupted:
      "The service stopped while the run was working. Sync again: the new plan picks up from the directory as it is.",
    openRun: "Open the run's detail",
    runNotFound: "There is no such run.",
    backToRuns: "Back to the runs",

    // Errors of a run
    errorsTitle: "Errors by category",
    errorsIntro: "Failed and skipped objects, grouped by cause, with what to do about each.",
    noErrors: "No object failed.",
    errorsPartial: (loaded: number) =>
      `Grouped from the first ${loaded} failed or skipped objects; export the CSV for all of them.`,
    categoryCount: (n: number) => (n === 1 ? "1 object" : `${n} objects`),
    why: "Why",
    fix: "How to fix",
    openFixPage: "Open the page to fix it",
    showAllInCategory: (n: number) => `Show all ${n}`,
    showFewer: "Show fewer",
    openItemError: (dn: string) => `Open the error of ${dn}`,

    cat_alreadyExists: "Already exists",
    catWhy_alreadyExists:
      "The directory already holds an entry at this DN that orgsync could not adopt: it appeared after the plan was made, or it carries another provider's anchor.",
    catFix_alreadyExists:
      "Look the DN up on the Directory page. If it is the same person or department, sync again: a new plan adopts an entry without an anchor. If it is someone else, rename one of them (for users, add a candidate to the username relation) and sync again.",
    cat_noSuchObject: "Entry not found",
    catWhy_noSuchObject:
      "The entry, or the parent it belongs under, is not in the directory: it was usually deleted or moved by hand after the plan was made.",
    catFix_noSuchObject:
      "Sync again: a new plan reads the directory as it is now and recreates what is missing. If it keeps failing, check on the Settings page that the base DN exists.",
    cat_notAllowedOnNonLeaf: "Has entries under it",
    catWhy_notAllowedOnNonLeaf:
      "A group could not be deleted or renamed because entries orgsync does not manage are still under it.",
    catFix_notAllowedOnNonLeaf:
      "Move or delete the entries under this DN with your LDAP tool (orgsync did not create them), then sync again.",
    cat_schemaViolation: "Schema violation",
    catWhy_schemaViolation:
      "The directory's schema refused a value: a wrong syntax (an e-mail or phone number), a missing required attribute, or an attribute the object class does not allow.",
    catFix_schemaViolation:
      "The message names the attribute: correct its relation on the Field relations page (or the data in the IM), then sync again. If it names orgsyncAnchor or orgsyncManaged, load orgsync's LDAP schema into the directory first.",
    cat_invalidDn: "Invalid DN",
    catWhy_invalidDn:
      "The DN built for this object is malformed, usually because a naming relation produced an empty value.",
    catFix_invalidDn:
      "Check the relations that build names (username, department name) on the Field relations page so they never come out empty, then sync again.",
    cat_permission: "Permission denied",
    catWhy_permission:
      "The bind DN orgsync connects with may not write here (the directory's ACLs), or its password is wrong.",
    catFix_permission:
      "Give the bind DN write access to the provider's subtrees in the directory's ACLs, or use an admin bind DN on the Settings page; test the connection, then sync again.",
    cat_transient: "Temporary failure",
    catWhy_transient:
      "The directory was busy or unavailable, or the connection dropped; orgsync retried and gave up.",
    catFix_transient:
      "Check that the LDAP server is up and reachable (Settings → Test connection), then sync again. Nothing is lost: the next run applies what failed.",
    cat_dependencyFailed: "Skipped: a dependency failed",
    catWhy_dependencyFailed:
      "Not attempted because an operation it depends on failed (a user's department, a member's account).",
    catFix_dependencyFailed:
      "Fix the failures it depends on (listed under their own categories); the next sync applies this one too.",
    cat_breakerOpen: "Stopped: too many failures",
    catWhy_breakerOpen:
      "So many operations failed that orgsync stopped starting new ones rather than pile up errors (its circuit breaker).",
    catFix_breakerOpen:
      "Fix the cause the other categories show (often permissions or the schema), then sync again.",
    cat_cancelled: "Cancelled",
    catWhy_cancelled: "The run was cancelled before this operation finished.",
    catFix_cancelled: "Nothing to fix: sync again when you are ready.",
    cat_unknown: "Other error",
    catWhy_unknown: "The directory refused the operation for a reason orgsync does not classify.",
    catFix_unknown:
      "Read the message: it names the operation, the DN and the server's answer. Fix that in the directory, then sync again.",

    // CSV
    exportCsv: "Export CSV",
    exporting: (rows: number) => `Exporting… ${rows} rows`,
    exportFailed: "The export failed.",
  },
  zh: {
    status_queued: "排队中",
    status_planning: "规划中",
    status_needs_approval: "待批准",
    status_applying: "执行中",
    status_succeeded: "成功",
    status_failed: "失败",
    status_cancelled: "已取消",
    status_interrupted: "已中断",

    scope_GROUPS: "部门",
    scope_USERS: "用户",
    scope_ALL: "全部",

    trigger_manual: "手动",
    trigger_api: "API",
    trigger_schedule: "定时",
    trigger_event: "IM 事件",

    op_createGroup: "新建部门",
    op_updateGroup: "更新部门",
    op_moveGroup: "移动部门",
    op_createUser: "新建用户",
    op_updateUser: "更新用户",
    op_moveUser: "移动用户",
    op_setMembers: "更新成员",
    op_enableUser: "重新启用用户",
    op_disableUser: "停用用户",
    op_deleteUser: "删除用户",
    op_deleteGroup: "删除部门",

    outcome_planned: "待执行",
    outcome_succeeded: "成功",
    outcome_failed: "失败",
    outcome_skipped: "已跳过",
    outcome_cancelled: "已取消",

    summaryCreated: "新建",
    summaryUpdated: "更新",
    summaryRemoved: "删除 / 停用",
    summaryFailed: "失败",
    summarySkipped: "跳过",
    summaryCancelled: "取消",
    summaryToCreate: "将新建",
    summaryToUpdate: "将更新或移动",
    summaryToRemove: "将删除或停用",

    colSeq: "序号",
    colOp: "操作",
    colObject: "DN 与锚点",
    colOutcome: "结果",
    colChanges: "变更",
    colMessage: "信息",
    allOps: "全部",
    filterByOp: "按操作筛选",
    outcomeFilter: "结果",
    anyOutcome: "全部结果",
    searchItems: "按 DN 或锚点搜索",
    searchHint: "DN 或锚点的一部分，例如 zhangwei 或 od-42",
    noItems: "没有符合筛选条件的对象。",
    noItemsInPlan: "无需变更：目录已经与 IM 保持一致。",
    loadMore: "加载更多",
    showingItems: (shown: string, total?: string) =>
      total === undefined ? `已显示 ${shown} 项` : `已显示 ${shown} / ${total} 项`,
    showChanges: (count: number) => `查看 ${count} 项变更`,
    hideChanges: "收起变更",
    noChanges: "没有属性变更。",
    attempts: (n: number) => `尝试 ${n} 次`,
    absent: "（无）",
    attribute: "属性",
    before: "变更前",
    after: "变更后",
    pseudo_dn: "DN",
    pseudo_members: "成员",
    pseudo_state: "状态",
    membersRemoved: "移除",
    membersAdded: "加入",
    anchor: "锚点",
    dn: "DN",
    errorCategory: "错误类别",
    message: "信息",
    durationLabel: "耗时",
    changes: "变更",
    itemDialogTitle: (op: string) => `${op}：执行情况`,

    progressLabel: "运行进度",
    liveStream: "实时",
    livePolling: "每 2 秒刷新",
    countsSoFar: "目前为止",
    cancelRun: "取消运行",
    cancelling: "正在取消：运行会在当前步骤完成后停止。",
    cancelRefused: "无法取消这次运行。",
    statusLine_queued: "等待工作进程接手这次运行…",
    statusLine_planning: "正在读取 IM 与目录并规划变更…",
    statusLine_applying: "正在把变更写入目录…",
    statusLine_needs_approval: "已被安全阈值拦下：尚未写入任何内容。",

    approvalTitle: "这次运行需要你批准",
    approvalIntro: (count: number) =>
      `计划将删除或停用 ${count} 个对象，超过了无需复核即可执行的安全阈值。目前尚未写入任何内容。`,
    approvalReason: "拦截原因",
    destructiveTitle: "将被移除的对象",
    destructiveMore: (more: number) => `……另有 ${more} 项：请在运行详情中查看全部。`,
    approve: "批准并执行",
    approveHint: "orgsync 会先确认目录自生成计划以来没有变化，然后严格按此计划执行。",
    replannedTitle: "生成计划之后目录发生了变化",
    replannedBody:
      "没有执行任何变更。orgsync 已按目录的当前状态重新规划：请检查下面的新计划，确认无误后再次批准。",
    wholePlan: "全部计划变更",
    approveRefused: "无法批准这次运行。",

    outcomeTitle_succeeded: "同步已完成",
    outcomeTitle_failed: "同步失败",
    outcomeTitle_cancelled: "同步已取消",
    outcomeTitle_interrupted: "同步被中断",
    outcomeBody_succeeded: "所有变更均已执行。",
    outcomeBody_succeededWithFailures: (failed: number) =>
      `运行已结束，但有 ${failed} 个对象失败。打开运行详情查看原因和解决方法。`,
    outcomeBody_failed: "打开运行详情查看出错原因。",
    outcomeBody_cancelled: "取消前已执行的变更会保留，其余变更没有写入。",
    outcomeBody_interrupted: "运行过程中服务停止了。请重新同步：新的计划会从目录的当前状态继续。",
    openRun: "查看运行详情",
    runNotFound: "找不到这次运行。",
    backToRuns: "返回运行记录",

    errorsTitle: "按类别查看错误",
    errorsIntro: "失败和被跳过的对象按原因分组，并附上各自的解决方法。",
    noErrors: "没有失败的对象。",
    errorsPartial: (loaded: number) =>
      `以下分组基于前 ${loaded} 个失败或跳过的对象；导出 CSV 可查看全部。`,
    categoryCount: (n: number) => `${n} 个对象`,
    why: "原因",
    fix: "解决方法",
    openFixPage: "前往修复",
    showAllInCategory: (n: number) => `显示全部 ${n} 项`,
    showFewer: "收起",
    openItemError: (dn: string) => `查看 ${dn} 的错误`,

    cat_alreadyExists: "条目已存在",
    catWhy_alreadyExists:
      "目录中这个 DN 上已经有一个 orgsync 无法接管的条目：它是在生成计划之后出现的，或者带有其他提供方的锚点。",
    catFix_alreadyExists:
      "在「目录」页面查看这个 DN。如果是同一个人或部门，重新同步即可——新的计划会接管没有锚点的条目。如果是另一个人，请重命名其中之一（用户可在用户名关系中添加备选项），然后再次同步。",
    cat_noSuchObject: "条目不存在",
    catWhy_noSuchObject:
      "条目本身或它所在的上级条目不在目录中，通常是生成计划之后被手动删除或移动了。",
    catFix_noSuchObject:
      "重新同步：新的计划会按目录的当前状态读取，并补建缺失的条目。如果仍然失败，请在「设置」页面确认基准 DN（Base DN）存在。",
    cat_notAllowedOnNonLeaf: "下面还有条目",
    catWhy_notAllowedOnNonLeaf: "这个部门下面仍有 orgsync 不管理的条目，因此无法删除或改名。",
    catFix_notAllowedOnNonLeaf:
      "用你的 LDAP 工具移走或删除该 DN 下的条目（它们不是 orgsync 创建的），然后再次同步。",
    cat_schemaViolation: "不符合目录 Schema",
    catWhy_schemaViolation:
      "目录的 Schema 拒绝了某个值：语法不对（如邮箱、手机号格式错误）、缺少必填属性，或对象类不允许该属性。",
    catFix_schemaViolation:
      "错误信息中写明了属性名：请在「字段关系」页面修正对应的关系（或修正 IM 中的数据），然后再次同步。如果提到 orgsyncAnchor 或 orgsyncManaged，请先把 orgsync 的 LDAP Schema 加载到目录中。",
    cat_invalidDn: "DN 无效",
    catWhy_invalidDn: "为该对象生成的 DN 格式不正确，通常是命名相关的字段关系产生了空值。",
    catFix_invalidDn:
      "在「字段关系」页面检查用于生成名称的关系（用户名、部门名称），确保它们不会为空，然后再次同步。",
    cat_permission: "权限不足",
    catWhy_permission: "orgsync 连接目录所用的绑定 DN 无权在这里写入（目录的 ACL），或者密码错误。",
    catFix_permission:
      "在目录的 ACL 中为绑定 DN 授予对该提供方子树的写权限，或在「设置」页面改用管理员绑定 DN；测试连接后再次同步。",
    cat_transient: "临时故障",
    catWhy_transient: "目录繁忙或不可用，或者连接中断；orgsync 已重试，但仍未成功。",
    catFix_transient:
      "确认 LDAP 服务器正常运行且可以连通（「设置」→ 测试连接），然后再次同步。不会丢失任何内容：下一次运行会补上失败的部分。",
    cat_dependencyFailed: "依赖项失败，已跳过",
    catWhy_dependencyFailed: "它所依赖的操作（如用户所在的部门、成员的账号）失败了，因此没有执行。",
    catFix_dependencyFailed: "先修复它依赖的失败项（见其他类别），下次同步时会一并执行。",
    cat_breakerOpen: "失败过多，已停止",
    catWhy_breakerOpen: "失败的操作太多，orgsync 停止执行其余操作，以免错误继续累积（熔断保护）。",
    catFix_breakerOpen: "根据其他类别找出原因并修复（通常是权限或 Schema 问题），然后再次同步。",
    cat_cancelled: "已取消",
    catWhy_cancelled: "运行在该操作完成之前被取消了。",
    catFix_cancelled: "无需修复：准备好后重新同步即可。",
    cat_unknown: "其他错误",
    catWhy_unknown: "目录因 orgsync 无法归类的原因拒绝了该操作。",
    catFix_unknown:
      "请阅读错误信息：其中写明了操作、DN 和服务器的回复。据此在目录中修复后再次同步。",

    exportCsv: "导出 CSV",
    exporting: (rows: number) => `正在导出… 已 ${rows} 行`,
    exportFailed: "导出失败。",
  },
});

export type RunMessages = (typeof runMessages)["en"];
