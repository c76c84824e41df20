/**
 * One planning measurement in its own process, so each size gets a clean heap and its peak
 * memory (max RSS, which bounds the heap from above) is its own. Run by plan.bench.ts.
 *
 * argv: <users> <departments> <create|noop|prepare> [directory.json]
 *
 * It plans a small org first, so the JIT is warm for both sizes alike, then measures one plan.
 * `prepare` writes the directory a full create leaves behind to a file; `noop` loads it, so the
 * no-op process never holds the create plan and its peak memory is the no-op plan's own.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { goLdapAdminDefaultRelations } from "../src/field-relations/index.ts";
import type { DirectoryEntry, DirectorySnapshot } from "../src/model/directory.ts";
import type { Plan } from "../src/planner/plan.ts";
import { planSync } from "../src/planner/plan-sync.ts";
import { memoryTarget } from "../src/testing/memory-target.ts";
import { generateOrg } from "../src/testing/org-generator.ts";

const [users, departments, mode, directoryFile] = process.argv.slice(2);
const warmUp = generateOrg({ users: 2_000, departments: 200, multiDepartmentShare: 0.1, seed: 3 });
let org = warmUp;
const target = memoryTarget();
const flag = "feishu";
const empty: DirectorySnapshot = {
  groupRoot: { dn: target.layout.groupRootDn(flag), exists: false },
  entries: [],
};

const planAgainst = (directory: DirectorySnapshot): Plan =>
  planSync({
    flag,
    rootDepartmentId: "0",
    scope: "ALL",
    source: org,
    directory,
    target,
    relations: goLdapAdminDefaultRelations.feishu,
    relationOptions: { defaultEmailSuffix: "example.com" },
    safety: { maxDestructive: null, maxDestructivePercent: null },
  });

/** The directory a full create leaves behind, built straight from the plan (as a target would read it). */
function applied(plan: Plan): DirectorySnapshot {
  const entries = new Map<string, DirectoryEntry>();
  for (const op of plan.operations) {
    if (op.type === "createGroup" || op.type === "createUser") {
      entries.set(op.dn, {
        dn: op.dn,
        kind: op.type === "createGroup" ? "group" : "user",
        anchor: op.anchor,
        name: op.name,
        attributes: op.attributes,
        ...(op.type === "createGroup" ? { members: [] } : { disabled: false }),
      });
    } else if (op.type === "setMembers") {
      entries.get(op.dn)?.members?.push(...op.add);
    } else {
      throw new Error(`bench: a full create should not contain ${op.type}`);
    }
  }
  return { groupRoot: { dn: empty.groupRoot.dn, exists: true }, entries: [...entries.values()] };
}

applied(planAgainst(empty));
planAgainst(applied(planAgainst(empty)));

org = generateOrg({
  users: Number(users),
  departments: Number(departments),
  multiDepartmentShare: 0.1,
  seed: 7,
});
if (mode === "prepare") {
  writeFileSync(directoryFile as string, JSON.stringify(applied(planAgainst(empty))));
  process.exit(0);
}
const directory: DirectorySnapshot =
  mode === "noop" ? JSON.parse(readFileSync(directoryFile as string, "utf8")) : empty;
const started = performance.now();
const plan = planAgainst(directory);
const ms = performance.now() - started;
process.stdout.write(
  JSON.stringify({
    ms,
    operations: plan.operations.length,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024,
  }),
);
