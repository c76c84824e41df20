/**
 * Writing a 10k-person org into a fresh slapd: orgsync (read → plan → apply over its pool),
 * side by side with `ldapadd` of the same final entries as LDIF into another fresh slapd, in
 * one run. Then a no-op read-and-plan of the synced directory.
 *
 *   pnpm --filter @orgsync/ldap bench
 *
 * Targets (issue #3): orgsync/ldapadd ≤ 1.3; no-op ≤ 0.15 × the ldapadd time, with 0 writes.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type Attributes,
  executePlan,
  goLdapAdminDefaultsFor,
  managedAttributes,
  type Plan,
  planSync,
  type SourceSnapshot,
} from "@orgsync/core";
import { generateOrg } from "@orgsync/core/fixtures";
import { ldapTarget } from "../src/ldap-target.ts";
import { type Slapd, startSlapd } from "../src/testing/index.ts";

const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const DEPARTMENTS = Number(process.env.BENCH_DEPARTMENTS ?? 1_000);
const flag = "feishu";
const relations = goLdapAdminDefaultsFor("feishu");

const org = generateOrg({
  users: USERS,
  departments: DEPARTMENTS,
  multiDepartmentShare: 0.1,
  seed: 42,
});
const [ours, theirs] = await Promise.all([startSlapd(), startSlapd()]);
try {
  const target = ldapTarget({
    url: ours.url,
    bindDn: ours.adminDn,
    bindPassword: ours.adminPassword,
    baseDn: ours.baseDn,
    passwords: { initial: "Initial-Pass-1" },
  });
  const plan = (source: SourceSnapshot, directory: Awaited<ReturnType<typeof target.read>>): Plan =>
    planSync({
      flag,
      rootDepartmentId: "0",
      scope: "ALL",
      source,
      directory,
      target,
      relations,
      relationOptions: { defaultEmailSuffix: "example.com" },
    });

  let started = performance.now();
  const firstPlan = plan(
    org,
    await target.read(flag, { attributes: managedAttributes(relations) }),
  );
  const report = await executePlan(firstPlan.operations, target);
  const orgsyncMs = performance.now() - started;
  if (report.counts.failed + report.counts.skipped > 0) {
    throw new Error(
      `bench: ${report.counts.failed} operations failed: ${report.results.find((r) => r.outcome === "failed")?.message}`,
    );
  }

  const ldif = toLdif(firstPlan, theirs);
  const file = join(theirs.dataDir, "final.ldif");
  await writeFile(file, ldif);
  started = performance.now();
  await theirs.ldapaddFile(file);
  const ldapaddMs = performance.now() - started;

  // The no-op: median of three read-and-plan rounds, split into its two halves.
  const rounds: { read: number; plan: number; writes: number }[] = [];
  for (let i = 0; i < 3; i++) {
    started = performance.now();
    const directory = await target.read(flag, { attributes: managedAttributes(relations) });
    const read = performance.now() - started;
    const again = plan(org, directory);
    rounds.push({
      read,
      plan: performance.now() - started - read,
      writes: again.operations.length,
    });
  }
  rounds.sort((a, b) => a.read + a.plan - (b.read + b.plan));
  const median = rounds[1] as (typeof rounds)[number];
  const noopMs = median.read + median.plan;
  const noop = { operations: { length: Math.max(...rounds.map((round) => round.writes)) } };
  await target.close?.();

  const entries = firstPlan.summary.createGroup + firstPlan.summary.createUser;
  console.log(
    `orgsync LDAP benchmark — ${USERS} users, ${DEPARTMENTS} departments (${entries} entries), 10% in two or more departments\n`,
  );
  console.log(
    `  orgsync read + plan + apply   ${orgsyncMs.toFixed(0).padStart(7)} ms  (${firstPlan.operations.length} operations, ${target.capabilities.maxParallelism} connections)`,
  );
  console.log(`  ldapadd of the same entries   ${ldapaddMs.toFixed(0).padStart(7)} ms`);
  const ratio = orgsyncMs / ldapaddMs;
  console.log(
    `  ratio orgsync/ldapadd: ${ratio.toFixed(2)} (target ≤ 1.3) ${ratio <= 1.3 ? "ok" : "MISSED"}\n`,
  );
  const noopRatio = noopMs / ldapaddMs;
  console.log(
    `  no-op read + plan             ${noopMs.toFixed(0).padStart(7)} ms  (read ${median.read.toFixed(0)} + plan ${median.plan.toFixed(0)}; ${noop.operations.length} writes; median of 3)`,
  );
  console.log(
    `  ratio no-op/ldapadd: ${noopRatio.toFixed(2)} (target ≤ 0.15, 0 writes) ${noopRatio <= 0.15 && noop.operations.length === 0 ? "ok" : "MISSED"}`,
  );
  process.exitCode = ratio <= 1.3 && noopRatio <= 0.15 && noop.operations.length === 0 ? 0 : 1;
} finally {
  await Promise.all([ours.stop(), theirs.stop()]);
}

/** The final entries of a full create as LDIF, members inline, as a hand-written import would be. */
function toLdif(plan: Plan, slapd: Slapd): string {
  const blocks: string[] = [];
  const members = new Map<string, string[]>();
  for (const op of plan.operations) if (op.type === "setMembers") members.set(op.dn, op.add);
  const containers = [`ou=${flag}root,${slapd.baseDn}`, `ou=people,${slapd.baseDn}`];
  for (const dn of containers)
    blocks.push(
      entry(dn, { objectClass: ["organizationalUnit"], ou: [dn.slice(3, dn.indexOf(","))] }),
    );
  for (const op of plan.operations) {
    if (op.type === "createGroup") {
      blocks.push(
        entry(op.dn, {
          ...op.attributes,
          objectClass: ["groupOfUniqueNames", "orgsyncManaged"],
          cn: [op.name],
          orgsyncAnchor: [op.anchor],
          uniqueMember: [slapd.adminDn, ...(members.get(op.dn) ?? [])],
        }),
      );
    } else if (op.type === "createUser") {
      blocks.push(
        entry(op.dn, {
          ...op.attributes,
          objectClass: ["inetOrgPerson", "orgsyncManaged"],
          uid: [op.name],
          orgsyncAnchor: [op.anchor],
          userPassword: ["{SSHA}n2t1a8cmxvXJ1ZVZfbUeXjWgTqGxZPg2"],
        }),
      );
    }
  }
  return blocks.join("\n");
}

function entry(dn: string, attributes: Attributes): string {
  const lines = [line("dn", dn)];
  for (const [name, values] of Object.entries(attributes))
    for (const value of values) lines.push(line(name, value));
  return `${lines.join("\n")}\n`;
}

/** `name: value`, or `name:: base64` for values LDIF cannot carry as they are. */
function line(name: string, value: string): string {
  const safe = /^[\x21-\x39\x3b\x3d-\x7e][\x20-\x7e]*$/.test(value) && !value.endsWith(" ");
  return safe ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, "utf8").toString("base64")}`;
}
