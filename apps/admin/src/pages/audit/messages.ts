import { defineMessages } from "../../i18n/messages.ts";

/**
 * The actions the service records (`audit(…)` calls in packages/api), by area. An action not
 * listed here still shows, by its raw name.
 */
export const ACTION_GROUPS = [
  {
    area: "admins",
    actions: ["admin.login", "admin.loginFailed", "admin.setup", "admin.bootstrap"],
  },
  { area: "providers", actions: ["provider.create", "provider.update", "provider.delete"] },
  {
    area: "fieldRelations",
    actions: ["fieldRelations.set", "fieldRelations.reset", "fieldRelations.import"],
  },
  { area: "directory", actions: ["directory.update"] },
  { area: "runs", actions: ["run.start", "run.approve", "run.cancel"] },
  { area: "schedules", actions: ["schedule.set", "schedule.delete"] },
  { area: "import", actions: ["import.goLdapAdmin"] },
] as const;

export const TARGET_TYPES = ["provider", "run", "directory", "admin"] as const;

export type KnownAction = (typeof ACTION_GROUPS)[number]["actions"][number];
export type ActionArea = (typeof ACTION_GROUPS)[number]["area"];
export type TargetType = (typeof TARGET_TYPES)[number];

const actionsEn: Record<KnownAction, string> = {
  "admin.login": "Logged in",
  "admin.loginFailed": "Failed login",
  "admin.setup": "Created the first admin",
  "admin.bootstrap": "Created the admin from the environment",
  "provider.create": "Added a provider",
  "provider.update": "Changed a provider",
  "provider.delete": "Deleted a provider",
  "fieldRelations.set": "Saved field relations",
  "fieldRelations.reset": "Reset field relations to the defaults",
  "fieldRelations.import": "Imported field relations from go-ldap-admin",
  "directory.update": "Changed the directory settings",
  "run.start": "Started a sync",
  "run.approve": "Approved a held run",
  "run.cancel": "Cancelled a run",
  "schedule.set": "Set a sync schedule",
  "schedule.delete": "Removed a sync schedule",
  "import.goLdapAdmin": "Imported a go-ldap-admin configuration",
};

const actionsZh: Record<KnownAction, string> = {
  "admin.login": "登录",
  "admin.loginFailed": "登录失败",
  "admin.setup": "创建首个管理员",
  "admin.bootstrap": "从环境变量创建管理员",
  "provider.create": "添加提供方",
  "provider.update": "修改提供方",
  "provider.delete": "删除提供方",
  "fieldRelations.set": "保存字段关系",
  "fieldRelations.reset": "恢复默认字段关系",
  "fieldRelations.import": "从 go-ldap-admin 导入字段关系",
  "directory.update": "修改目录设置",
  "run.start": "启动同步",
  "run.approve": "批准被暂停的运行",
  "run.cancel": "取消运行",
  "schedule.set": "设置定时同步",
  "schedule.delete": "删除定时同步",
  "import.goLdapAdmin": "导入 go-ldap-admin 配置",
};

export const auditMessages = defineMessages({
  en: {
    title: "Audit log",
    description:
      "Every change an admin made, newest first: logins, providers, field relations, directory settings, runs and schedules. Secrets are never recorded.",
    refresh: "Refresh",
    filterAction: "Action",
    filterTargetType: "Target type",
    allActions: "All actions",
    allTargetTypes: "All targets",
    clearFilters: "Clear filters",
    area_admins: "Admins",
    area_providers: "Providers",
    area_fieldRelations: "Field relations",
    area_directory: "Directory",
    area_runs: "Runs",
    area_schedules: "Schedules",
    area_import: "Import",
    target_provider: "Provider",
    target_run: "Run",
    target_directory: "Directory",
    target_admin: "Admin",
    caption: "Audit log entries, newest first",
    colWhen: "When",
    colWho: "Who",
    colAction: "Action",
    colTarget: "Target",
    colDetails: "Details",
    system: "System",
    systemVia: (actor: string) => `System (${actor})`,
    runTarget: (id: string) => `Run ${id}`,
    showJson: "Show JSON",
    yes: "yes",
    no: "no",
    items: (n: number) => (n === 1 ? "1 item" : `${n} items`),
    loadMore: "Load more",
    shown: (n: number) => (n === 1 ? "1 entry shown" : `${n} entries shown`),
    end: "That is the beginning of the log.",
    emptyTitle: "Nothing recorded yet",
    emptyBody:
      "Changes admins make — logins, providers, field relations, settings, runs — appear here.",
    noMatchTitle: "No entries match these filters",
    noMatchBody: "Try another action or target type, or clear the filters.",
  },
  zh: {
    title: "审计日志",
    description:
      "管理员所做的每一项变更，最新的在前：登录、提供方、字段关系、目录设置、运行和定时同步。密钥从不记录。",
    refresh: "刷新",
    filterAction: "操作",
    filterTargetType: "对象类型",
    allActions: "全部操作",
    allTargetTypes: "全部对象",
    clearFilters: "清除筛选",
    area_admins: "管理员",
    area_providers: "提供方",
    area_fieldRelations: "字段关系",
    area_directory: "目录",
    area_runs: "运行",
    area_schedules: "定时同步",
    area_import: "导入",
    target_provider: "提供方",
    target_run: "运行",
    target_directory: "目录",
    target_admin: "管理员",
    caption: "审计日志条目，最新的在前",
    colWhen: "时间",
    colWho: "操作人",
    colAction: "操作",
    colTarget: "对象",
    colDetails: "详情",
    system: "系统",
    systemVia: (actor: string) => `系统（${actor}）`,
    runTarget: (id: string) => `运行 ${id}`,
    showJson: "查看 JSON",
    yes: "是",
    no: "否",
    items: (n: number) => `${n} 项`,
    loadMore: "加载更多",
    shown: (n: number) => `已显示 ${n} 条`,
    end: "已到日志开头。",
    emptyTitle: "暂无记录",
    emptyBody: "管理员的变更（登录、提供方、字段关系、设置、运行）会显示在这里。",
    noMatchTitle: "没有符合筛选条件的记录",
    noMatchBody: "换一个操作或对象类型，或清除筛选。",
  },
});

/** What each known action means, in words. */
export const actionMessages = defineMessages({ en: actionsEn, zh: actionsZh });

export function isKnownAction(action: string): action is KnownAction {
  return Object.hasOwn(actionsEn, action);
}

export function isTargetType(type: string | null | undefined): type is TargetType {
  return (TARGET_TYPES as readonly (string | null | undefined)[]).includes(type);
}
