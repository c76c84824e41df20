/**
 * A walk through the sync engine on a generated org chart, against an in-memory directory:
 * read → plan → apply, then a day of changes in the IM, then a run with nothing to do.
 *
 *   pnpm --filter @orgsync/core demo [--users 300] [--departments 30]
 */
import { parseArgs } from "node:util";
import { executePlan } from "../src/executor/index.ts";
import { goLdapAdminDefaultRelations } from "../src/field-relations/index.ts";
import type { SourceSnapshot } from "../src/model/source.ts";
import type { Plan } from "../src/planner/plan.ts";
import { planSync } from "../src/planner/plan-sync.ts";
import { readSource } from "../src/provider/read-source.ts";
import { memoryProvider } from "../src/testing/memory-provider.ts";
import { memoryTarget } from "../src/testing/memory-target.ts";
import { generateOrg } from "../src/testing/org-generator.ts";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "300" },
    departments: { type: "string", default: "30" },
  },
});
const flag = "feishu";
let org: SourceSnapshot = generateOrg({
  users: Number(values.users),
  departments: Number(values.departments),
  seed: 2026,
});
const provider = memoryProvider({ flag, org: () => org });
const target = memoryTarget({ baseDn: "dc=example,dc=com" });

async function run(title: string): Promise<Plan> {
  console.log(`\n== ${title}`);
  const source = await readSource(provider);
  const plan = planSync({
    flag,
    rootDepartmentId: provider.rootDepartmentId,
    scope: "ALL",
    source,
    directory: await target.read(flag),
    target,
    relations: goLdapAdminDefaultRelations.feishu,
    relationOptions: { defaultEmailSuffix: "example.com" },
  });
  const counts = Object.entries(plan.summary).filter(([, n]) => n > 0);
  console.log(`read ${source.departments.length} departments and ${source.users.length} people`);
  console.log(
    `plan: ${counts.length ? counts.map(([type, n]) => `${n} ${type}`).join(", ") : "nothing to do"}`,
  );
  for (const warning of plan.warnings.slice(0, 5)) console.log(`  warning: ${warning.message}`);
  for (const op of plan.operations.slice(0, 8))
    console.log(`  ${op.type.padEnd(12)} ${"newDn" in op ? `${op.dn} → ${op.newDn}` : op.dn}`);
  if (plan.operations.length > 8) console.log(`  … and ${plan.operations.length - 8} more`);
  if (plan.approval.required) {
    console.log(`held for approval: ${plan.approval.reason}`);
    return plan;
  }
  const report = await executePlan(plan.operations, target);
  console.log(
    `applied: ${report.counts.succeeded} succeeded, ${report.counts.failed} failed, ${report.counts.skipped} skipped in ${report.durationMs.toFixed(0)} ms`,
  );
  return plan;
}

await run("first sync into an empty directory");
const sample = (await target.read(flag)).entries
  .filter((entry) => entry.kind === "user")
  .slice(0, 3);
for (const entry of sample)
  console.log(`  e.g. ${entry.dn}  mail=${entry.attributes.mail?.[0] ?? "-"}`);

// A day in the IM: a department is renamed, two people leave, one is hired.
const [renamed] = org.departments;
org = {
  departments: org.departments.map((d) =>
    d === renamed
      ? { ...d, name: `${d.name}（新）`, raw: { ...d.raw, name: `${d.name}（新）` } }
      : d,
  ),
  users: [
    ...org.users.slice(2),
    {
      id: "ou_demo_hire",
      name: "张伟",
      departmentIds: [renamed?.id ?? "0"],
      status: "active",
      raw: { name: "张伟" },
    },
  ],
};
await run("after a rename, two departures and a hire");
await run("again: the directory is in sync");
console.log(
  "\nThis is the engine alone. The service, OpenLDAP and Feishu arrive with the next issues (see README).",
);
