import type { ConnectionCheckView } from "../../ui/connection-report.tsx";

/**
 * The seed's procedure (go-ldap-admin's Feishu guide) as live checks: create the app, grant the
 * permissions, set the contact scope to all members, configure field relations, sync groups,
 * then users. Pure: the page feeds in what the service answered and renders the steps.
 */

export const STEP_IDS = [
  "credentials",
  "permissions",
  "contactScope",
  "fieldRelations",
  "groupsSynced",
  "usersSynced",
] as const;

export type StepId = (typeof STEP_IDS)[number];

/** `skipped`: the check could not run (credentials refused, service unreachable…). */
export type StepStatus = "done" | "missing" | "failed" | "skipped" | "checking";

export interface Step {
  id: StepId;
  status: StepStatus;
  /** The connection checks behind the step (steps 1–3). */
  checks: ConnectionCheckView[];
}

const CHECK_STATUS: Record<ConnectionCheckView["status"], StepStatus> = {
  ok: "done",
  // A warning does not block a sync (a deptList entry that does not exist, blank fields): the
  // step is done, and its detail says what to look at.
  warning: "done",
  failed: "failed",
  missing: "missing",
  skipped: "skipped",
};

/** The worst of the checks: one failed or missing check holds the step back. */
export function statusOfChecks(checks: readonly ConnectionCheckView[]): StepStatus {
  if (checks.length === 0) return "skipped";
  const statuses = checks.map((check) => CHECK_STATUS[check.status]);
  for (const status of ["failed", "missing", "skipped"] as const) {
    if (statuses.includes(status)) return status;
  }
  return "done";
}

/** Which step a connection check belongs to, by its stable id. */
export function stepOfCheck(id: string): "credentials" | "permissions" | "contactScope" {
  if (id === "credentials" || id === "config") return "credentials";
  // `dept-list` (Feishu, WeCom) or one check per listed department, `dept-list:<id>` (DingTalk).
  if (id === "contact-scope" || id === "dept-list" || id.startsWith("dept-list:")) {
    return "contactScope";
  }
  // `permission:<scope>`, and what a plugin adds about access (`fields`: blank user fields).
  return "permissions";
}

export interface SyncedRun {
  id: string;
  scope: "ALL" | "GROUPS" | "USERS";
  finishedAt: string | null;
}

export interface ChecklistInput {
  /** The connection test's checks; undefined while it runs or when it could not run. */
  checks: readonly ConnectionCheckView[] | undefined;
  checking: boolean;
  /** Versions of the saved relations; undefined when unknown (still loading, or failed). */
  relations: { group: number | null; user: number | null } | undefined;
  /** Succeeded non-dry-run runs, newest first; undefined when unknown. */
  runs: readonly SyncedRun[] | undefined;
}

/** The newest succeeded run that synced `kind` (an ALL run syncs both). */
export function lastSync(
  runs: readonly SyncedRun[] | undefined,
  kind: "GROUPS" | "USERS",
): SyncedRun | undefined {
  return runs?.find((run) => run.scope === kind || run.scope === "ALL");
}

export function checklistSteps(input: ChecklistInput): Step[] {
  const byStep = (step: ReturnType<typeof stepOfCheck>) =>
    (input.checks ?? []).filter((check) => stepOfCheck(check.id) === step);
  const connectionStep = (id: "credentials" | "permissions" | "contactScope"): Step => {
    const checks = byStep(id);
    if (input.checking) return { id, status: "checking", checks };
    return { id, status: input.checks ? statusOfChecks(checks) : "skipped", checks };
  };
  const relations: StepStatus = !input.relations
    ? "skipped"
    : input.relations.group !== null && input.relations.user !== null
      ? "done"
      : "missing";
  const synced = (kind: "GROUPS" | "USERS"): StepStatus =>
    !input.runs ? "skipped" : lastSync(input.runs, kind) ? "done" : "missing";
  return [
    connectionStep("credentials"),
    connectionStep("permissions"),
    connectionStep("contactScope"),
    { id: "fieldRelations", status: relations, checks: [] },
    { id: "groupsSynced", status: synced("GROUPS"), checks: [] },
    { id: "usersSynced", status: synced("USERS"), checks: [] },
  ];
}

/** Where the IM's developer console is (Feishu's depends on the provider's `domain`). */
export function consoleUrl(kind: string, config: unknown): string | undefined {
  if (kind === "dingtalk") return "https://open-dev.dingtalk.com/";
  if (kind === "wecom") return "https://work.weixin.qq.com/wework_admin/frame";
  if (kind !== "feishu") return undefined;
  const domain = (config as { domain?: unknown } | null)?.domain;
  return domain === "lark" || (typeof domain === "string" && domain.includes("larksuite"))
    ? "https://open.larksuite.com/app"
    : "https://open.feishu.cn/app";
}
