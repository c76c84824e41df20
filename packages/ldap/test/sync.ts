import {
  type DirectoryTarget,
  type ExecutionReport,
  executePlan,
  goLdapAdminDefaultsFor,
  managedAttributes,
  type Plan,
  type PlanSyncInput,
  planSync,
  type SourceSnapshot,
} from "@orgsync/core";

/** go-ldap-admin's Feishu relations: what a migrating user starts with. */
export const relations = goLdapAdminDefaultsFor("feishu");

/** Reads the target and plans `source` into it as an ALL sync with go-ldap-admin's relations. */
export async function planInto(
  target: DirectoryTarget,
  flag: string,
  source: SourceSnapshot,
  options: Partial<PlanSyncInput> = {},
): Promise<Plan> {
  return planSync({
    flag,
    rootDepartmentId: "0",
    scope: "ALL",
    source,
    directory: await target.read(flag, { attributes: managedAttributes(relations) }),
    target,
    relations,
    relationOptions: { defaultEmailSuffix: "example.com" },
    safety: { maxDestructive: null, maxDestructivePercent: null },
    ...options,
  });
}

/** Plans and applies; the caller checks the report. */
export async function syncInto(
  target: DirectoryTarget,
  flag: string,
  source: SourceSnapshot,
  retry = 3,
): Promise<{ plan: Plan; report: ExecutionReport }> {
  const plan = await planInto(target, flag, source);
  const report = await executePlan(plan.operations, target, {
    retry: { attempts: retry, baseDelayMs: 50 },
  });
  return { plan, report };
}

/** The operations that did not succeed, for a readable failure message. */
export function unsuccessful(report: ExecutionReport) {
  return report.results.filter((result) => result.outcome !== "succeeded");
}
