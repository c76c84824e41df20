import {
  ConfigError,
  type ConnectionCheck,
  type ConnectionReport,
  connectionReport,
  throwIfCancelled,
} from "@orgsync/core";
import { type LdapTargetOptions, validateTargetOptions } from "../ldap-target.ts";
import type { CheckOutcome } from "./check-outcome.ts";
import { baseDn, bind, type CheckContext, layout, reach, schema, write } from "./checks.ts";

interface Step {
  /** Stable forever: the service and its UI key on it. */
  id: "reach" | "bind" | "baseDn" | "schema" | "layout" | "write";
  label: string;
  /** Steps that must be `ok` for this one to mean anything; else it is `skipped`. */
  needs: Step["id"][];
  /** How a skip names this step when it is the cause: "not checked: the bind failed". */
  asCause: string;
  run(context: CheckContext): CheckOutcome | Promise<CheckOutcome>;
}

const STEPS: Step[] = [
  {
    id: "reach",
    label: "Connect to the directory",
    needs: [],
    asCause: "the connection",
    run: reach,
  },
  { id: "bind", label: "Bind as bindDn", needs: ["reach"], asCause: "the bind", run: bind },
  {
    id: "baseDn",
    label: "Base DN exists",
    needs: ["bind"],
    asCause: "the base DN check",
    run: baseDn,
  },
  {
    id: "schema",
    label: "orgsync schema is loaded",
    needs: ["bind"],
    asCause: "the schema check",
    run: schema,
  },
  {
    id: "layout",
    label: "Object classes of the layout exist",
    needs: ["bind"],
    asCause: "the layout check",
    run: layout,
  },
  {
    id: "write",
    label: "Bind DN may write under the base DN",
    needs: ["baseDn"],
    asCause: "the base DN check",
    run: write,
  },
];

/**
 * Checks, one line each, whether orgsync can work with this directory: reach it, bind, find the
 * base DN, find its schema and the layout's object classes, and write. A failed check is a
 * line, never an exception; checks that need a failed one are `skipped` and say which.
 * Rejects only with `CancelledError` when `signal` aborts, and for programmer errors.
 */
export async function testDirectoryConnection(
  options: LdapTargetOptions,
  opts: { signal?: AbortSignal } = {},
): Promise<ConnectionReport> {
  const context: CheckContext = {
    options,
    signal: opts.signal,
    issues: settingsIssues(options),
  };
  const checks: ConnectionCheck[] = [];
  /** Why a step did not run ok: its own `asCause`, or the cause it was skipped for. */
  const causes = new Map<Step["id"], string>();
  try {
    for (const step of STEPS) {
      throwIfCancelled(opts.signal, "ldap: connection test");
      const blocker = step.needs.find((id) => causes.has(id));
      const outcome: CheckOutcome = blocker
        ? { status: "skipped", detail: `not checked: ${causes.get(blocker)} failed` }
        : await step.run(context);
      if (blocker) causes.set(step.id, causes.get(blocker) as string);
      else if (outcome.status !== "ok" && outcome.status !== "warning") {
        causes.set(step.id, step.asCause);
      }
      checks.push({ id: step.id, label: step.label, ...outcome });
    }
  } finally {
    await context.client?.unbind().catch(() => {});
  }
  return connectionReport(checks);
}

/** Which check each setting breaks: the target's own validation, so the rules live in one place. */
const CHECK_OF_SETTING: Record<string, Step["id"]> = {
  url: "reach",
  startTls: "reach",
  bindDn: "bind",
  baseDn: "baseDn",
};

function settingsIssues(options: LdapTargetOptions): Map<string, string[]> {
  const issues = new Map<string, string[]>();
  try {
    validateTargetOptions(options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const issue of error.issues) {
      // Pool size and passwords do not matter to a connection.
      const check = CHECK_OF_SETTING[issue.path];
      if (check)
        issues.set(check, [...(issues.get(check) ?? []), `${issue.path}: ${issue.message}`]);
    }
  }
  return issues;
}
