import { EXIT, type ExitCode } from "./exit-codes.ts";

/** The run fields the CLI prints and returns with `--json`. */
export const RUN_SUMMARY_FIELDS = `id status scope trigger dryRun error durationMs createdAt
  provider { flag }
  progress { done total }
  counts { op outcome count }
  approval { required reason destructiveCount }
  failures: items(outcome: failed, first: 10) { ... on RunItemPage { nodes { op dn errorCategory message } } }`;

export interface RunSummary {
  id: string;
  status: string;
  scope: string;
  trigger: string;
  dryRun: boolean;
  error: string | null;
  durationMs: number | null;
  createdAt: string;
  provider: { flag: string } | null;
  progress: { done: number; total: number | null };
  counts: { op: string; outcome: string; count: number }[];
  approval: { required: boolean; reason: string | null; destructiveCount: number } | null;
  failures?: {
    nodes: { op: string; dn: string; errorCategory: string | null; message: string | null }[];
  };
  items?: { nodes: { op: string; dn: string }[] };
}

export function exitCodeOf(run: Pick<RunSummary, "status">): ExitCode {
  switch (run.status) {
    case "succeeded":
      return EXIT.ok;
    case "needs_approval":
      return EXIT.needsApproval;
    case "cancelled":
    case "interrupted":
      return EXIT.cancelled;
    default:
      return EXIT.failed;
  }
}

/** `12 createUser, 3 setMembers` for one outcome. */
export function countsText(run: Pick<RunSummary, "counts">, outcome: string): string {
  const rows = run.counts.filter((row) => row.outcome === outcome);
  return rows.length > 0 ? rows.map((row) => `${row.count} ${row.op}`).join(", ") : "nothing";
}

/** What a person reads when a sync ends. */
export function summaryLines(run: RunSummary, flag: string): string[] {
  const seconds = run.durationMs === null ? "" : ` in ${(run.durationMs / 1000).toFixed(1)} s`;
  const lines: string[] = [];
  if (run.dryRun) {
    lines.push(
      `${flag}: ${run.scope} plan (dry run, nothing written): ${countsText(run, "planned")}`,
    );
    for (const item of run.items?.nodes ?? []) lines.push(`  ${item.op.padEnd(12)} ${item.dn}`);
    if (run.approval?.required)
      lines.push(`applying it would need approval: ${run.approval.reason}`);
    return lines;
  }
  lines.push(`${flag}: ${run.scope} run ${run.id} ${run.status}${seconds}`);
  if (run.status === "needs_approval") {
    lines.push(`  ${run.error ?? run.approval?.reason ?? "held at a safety gate"}`);
    lines.push(`  planned: ${countsText(run, "planned")}`);
    lines.push("  approve it in the admin app or with `orgsync sync … --yes`");
    return lines;
  }
  lines.push(`  applied: ${countsText(run, "succeeded")}`);
  const failed = countsText(run, "failed");
  if (failed !== "nothing") lines.push(`  failed: ${failed}`);
  for (const item of run.failures?.nodes ?? []) {
    lines.push(
      `  ✗ ${item.op} ${item.dn}: ${item.errorCategory ?? "error"}: ${item.message ?? ""}`,
    );
  }
  if (run.error) lines.push(`  ${run.error}`);
  return lines;
}
