import {
  type AttributeChange,
  ConfigError,
  OPERATION_TYPES,
  type Plan,
  SafetyError,
} from "@orgsync/core";
import { Tokens } from "../../container/tokens.ts";
import {
  RUN_ITEM_OUTCOMES,
  RUN_SCOPES,
  RUN_STATUSES,
  RUN_TRIGGERS,
  type RunCounts,
} from "../../db/schema.ts";
import {
  DirectoryNotConfiguredError,
  IllegalRunTransitionError,
  NotFoundError,
  RunAlreadyActiveError,
} from "../../errors.ts";
import type { Page, RunItemRecord, RunPlanGate, RunRecord } from "../../repositories/runs.ts";
import type { RunEvent } from "../../runs/run-events.ts";
import type { ApproveResult } from "../../runs/run-service.ts";
import { audit } from "../../services/actor.ts";
import { builder } from "../builder.ts";
import { actorOf, type GraphQLContext } from "../context.ts";
import { ProviderRef } from "./providers.ts";

const runService = (context: GraphQLContext) => context.container.resolve(Tokens.RunService);

const planGates = new WeakMap<GraphQLContext, Map<string, Promise<RunPlanGate | undefined>>>();

/** A run's approval and warnings, read once per request however many fields ask. */
function planGateOf(context: GraphQLContext, runId: string): Promise<RunPlanGate | undefined> {
  let gates = planGates.get(context);
  if (!gates) {
    gates = new Map();
    planGates.set(context, gates);
  }
  let gate = gates.get(runId);
  if (!gate) {
    gate = context.container.resolve(Tokens.Repositories).runs.getPlanGate(runId);
    gates.set(runId, gate);
  }
  return gate;
}

export const SyncScopeEnum = builder.enumType("SyncScope", {
  description: "What a run syncs. USERS needs the groups synced first; ALL orders itself.",
  values: RUN_SCOPES,
});
const RunStatusEnum = builder.enumType("RunStatus", { values: RUN_STATUSES });
const RunTriggerEnum = builder.enumType("RunTrigger", { values: RUN_TRIGGERS });
const OperationTypeEnum = builder.enumType("OperationType", { values: OPERATION_TYPES });
const RunItemOutcomeEnum = builder.enumType("RunItemOutcome", {
  description: "`planned` for the items of a dry run or of a plan waiting for approval.",
  values: RUN_ITEM_OUTCOMES,
});

interface OperationCount {
  op: (typeof OPERATION_TYPES)[number];
  outcome: (typeof RUN_ITEM_OUTCOMES)[number];
  count: number;
}

const OperationCountRef = builder.objectRef<OperationCount>("OperationCount").implement({
  fields: (t) => ({
    op: t.field({ type: OperationTypeEnum, resolve: (count) => count.op }),
    outcome: t.field({ type: RunItemOutcomeEnum, resolve: (count) => count.outcome }),
    count: t.exposeInt("count"),
  }),
});

function flattenCounts(counts: RunCounts): OperationCount[] {
  const rows: OperationCount[] = [];
  for (const op of OPERATION_TYPES) {
    for (const outcome of RUN_ITEM_OUTCOMES) {
      const count = counts[op]?.[outcome];
      if (count) rows.push({ op, outcome, count });
    }
  }
  return rows;
}

const RunProgressRef = builder
  .objectRef<{ done: number; total: number | null }>("RunProgress")
  .implement({
    fields: (t) => ({
      done: t.exposeInt("done", { description: "Operations finished (any outcome)." }),
      total: t.exposeInt("total", {
        nullable: true,
        description: "Operations in the plan; null while planning.",
      }),
    }),
  });

const PlanWarningRef = builder
  .objectRef<{ code: string; anchor?: string; message: string }>("PlanWarning")
  .implement({
    description: "Something the planner noticed and worked around (a dangling parent, a cycle…).",
    fields: (t) => ({
      code: t.exposeString("code"),
      anchor: t.exposeString("anchor", { nullable: true }),
      message: t.exposeString("message"),
    }),
  });

const RunApprovalRef = builder
  .objectRef<{ required: boolean; reason?: string; destructive: string[] }>("RunApproval")
  .implement({
    description: "The safety gate's verdict on the stored plan.",
    fields: (t) => ({
      required: t.exposeBoolean("required"),
      reason: t.exposeString("reason", { nullable: true }),
      destructiveCount: t.int({
        description:
          "Deletions and disables in the plan: the items with op deleteUser, disableUser, deleteGroup.",
        resolve: (approval) => approval.destructive.length,
      }),
    }),
  });

const AttributeChangeRef = builder.objectRef<AttributeChange>("AttributeChange").implement({
  description: "One attribute's values before and after (empty list: absent).",
  fields: (t) => ({
    attribute: t.exposeString("attribute"),
    old: t.exposeStringList("old"),
    new: t.exposeStringList("new"),
  }),
});

const RunItemRef = builder.objectRef<RunItemRecord>("RunItem").implement({
  description: "One object's line in a run: the operation, its attribute diff and what happened.",
  fields: (t) => ({
    seq: t.exposeInt("seq", { description: "Position in the plan, from 0." }),
    op: t.field({ type: OperationTypeEnum, resolve: (item) => item.op }),
    anchor: t.exposeString("anchor", { description: "`<flag>:<source id>` of the object." }),
    dn: t.exposeString("dn"),
    changes: t.field({ type: [AttributeChangeRef], resolve: (item) => item.changes }),
    outcome: t.field({ type: RunItemOutcomeEnum, resolve: (item) => item.outcome }),
    errorCategory: t.exposeString("errorCategory", {
      nullable: true,
      description:
        "Why it failed or was skipped: the directory's `alreadyExists`, `noSuchObject`, `notAllowedOnNonLeaf`, `schemaViolation`, `invalidDn`, `permission`, `transient`, `unknown`; `dependencyFailed`, `breakerOpen`, `cancelled`.",
    }),
    message: t.exposeString("message", { nullable: true }),
    attempts: t.exposeInt("attempts"),
    durationMs: t.exposeInt("durationMs", { nullable: true }),
  }),
});

const RunItemPageRef = builder.objectRef<Page<RunItemRecord>>("RunItemPage").implement({
  fields: (t) => ({
    nodes: t.field({ type: [RunItemRef], resolve: (page) => page.items }),
    endCursor: t.exposeString("endCursor", {
      nullable: true,
      description: "Pass as `after` for the next page; null on the last page.",
    }),
  }),
});

const MAX_PAGE = 1000;
function pageSize(first: number | null | undefined, fallback: number): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) {
    throw new ConfigError(`first must be between 1 and ${MAX_PAGE}`, [
      { path: "first", message: `between 1 and ${MAX_PAGE}` },
    ]);
  }
  return size;
}

export const RunRef = builder.objectRef<RunRecord>("Run").implement({
  description:
    "One sync of one provider: a background job with progress, a stored plan and a per-object log.",
  fields: (t) => ({
    id: t.exposeID("id"),
    providerId: t.exposeID("providerId"),
    provider: t.field({
      type: ProviderRef,
      nullable: true,
      resolve: async (run, _args, context) =>
        (await context.container.resolve(Tokens.ProviderService).get(run.providerId)) ?? null,
    }),
    scope: t.field({ type: SyncScopeEnum, resolve: (run) => run.scope }),
    trigger: t.field({ type: RunTriggerEnum, resolve: (run) => run.trigger }),
    dryRun: t.exposeBoolean("dryRun"),
    status: t.field({ type: RunStatusEnum, resolve: (run) => run.status }),
    progress: t.field({
      type: RunProgressRef,
      resolve: (run) => ({ done: run.progressDone, total: run.progressTotal }),
    }),
    counts: t.field({
      type: [OperationCountRef],
      description: "Operations by type and outcome (`planned` until applied).",
      resolve: (run) => flattenCounts(run.counts),
    }),
    approval: t.field({
      type: RunApprovalRef,
      nullable: true,
      description: "Null until planned.",
      resolve: async (run, _args, context) =>
        ((await planGateOf(context, run.id))?.approval as Plan["approval"] | null) ?? null,
    }),
    warnings: t.field({
      type: [PlanWarningRef],
      resolve: async (run, _args, context) =>
        ((await planGateOf(context, run.id))?.warnings as Plan["warnings"] | null) ?? [],
    }),
    error: t.exposeString("error", {
      nullable: true,
      description: "Why the run failed, was held or was interrupted, and what to do.",
    }),
    requestedBy: t.exposeString("requestedBy", { nullable: true }),
    approvedBy: t.exposeString("approvedBy", { nullable: true }),
    approvedAt: t.expose("approvedAt", { type: "DateTime", nullable: true }),
    cancelRequested: t.boolean({ resolve: (run) => run.cancelRequestedAt !== null }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    startedAt: t.expose("startedAt", { type: "DateTime", nullable: true }),
    finishedAt: t.expose("finishedAt", { type: "DateTime", nullable: true }),
    durationMs: t.int({
      nullable: true,
      resolve: (run) =>
        run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
    }),
    items: t.field({
      type: RunItemPageRef,
      description: "The run's objects in plan order, filtered by op, outcome and search.",
      args: {
        op: t.arg({ type: OperationTypeEnum, required: false }),
        outcome: t.arg({ type: RunItemOutcomeEnum, required: false }),
        search: t.arg.string({
          required: false,
          description:
            "Only objects whose DN or anchor contains this text (case-insensitive): `zhangwei`, `od-42`.",
        }),
        first: t.arg.int({
          required: false,
          description: "Page size (default 100, at most 1000).",
        }),
        after: t.arg.string({ required: false }),
      },
      resolve: (run, args, context) =>
        runService(context).listItems(run.id, {
          first: pageSize(args.first, 100),
          ...(args.op ? { op: args.op } : {}),
          ...(args.outcome ? { outcome: args.outcome } : {}),
          ...(args.search?.trim() ? { search: args.search.trim() } : {}),
          ...(args.after ? { after: args.after } : {}),
        }),
    }),
  }),
});

const RunPageRef = builder.objectRef<Page<RunRecord>>("RunPage").implement({
  fields: (t) => ({
    nodes: t.field({ type: [RunRef], resolve: (page) => page.items }),
    endCursor: t.exposeString("endCursor", { nullable: true }),
  }),
});

const ApproveResultRef = builder.objectRef<ApproveResult>("ApproveRunPayload").implement({
  fields: (t) => ({
    run: t.field({ type: RunRef, resolve: (result) => result.run }),
    replanned: t.exposeBoolean("replanned", {
      description:
        "The directory changed since the plan was made: nothing was applied, the run was planned again and waits for approval of the new plan.",
    }),
  }),
});

const RunEventRef = builder.objectRef<RunEvent>("RunEvent").implement({
  description: "A run's status and progress at one moment (subscriptions).",
  fields: (t) => ({
    runId: t.exposeID("runId"),
    status: t.field({ type: RunStatusEnum, resolve: (event) => event.status }),
    progress: t.field({
      type: RunProgressRef,
      resolve: (event) => ({ done: event.progressDone, total: event.progressTotal }),
    }),
    counts: t.field({ type: [OperationCountRef], resolve: (event) => flattenCounts(event.counts) }),
    run: t.field({
      type: RunRef,
      nullable: true,
      description: "The whole run as stored now (read from the database; costs a query).",
      resolve: async (event, _args, context) =>
        (await runService(context).get(event.runId)) ?? null,
    }),
  }),
});

/** Starting, approving and cancelling runs are admin changes: they go to the audit log. */
function auditRun(
  context: GraphQLContext,
  action: string,
  run: RunRecord,
  details: Record<string, unknown>,
) {
  const target = { type: "run", id: run.id };
  const repositories = context.container.resolve(Tokens.Repositories);
  return audit(repositories, actorOf(context), action, target, {
    providerId: run.providerId,
    ...details,
  });
}

const SYNC_ERRORS = [
  ConfigError,
  NotFoundError,
  SafetyError,
  DirectoryNotConfiguredError,
  RunAlreadyActiveError,
];

builder.queryFields((t) => ({
  runs: t.field({
    type: RunPageRef,
    errors: { types: [ConfigError] },
    description: "Runs, newest first.",
    args: {
      providerId: t.arg.id({ required: false }),
      status: t.arg({ type: [RunStatusEnum], required: false }),
      dryRun: t.arg.boolean({ required: false }),
      first: t.arg.int({ required: false, description: "Page size (default 20, at most 1000)." }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_root, args, context) =>
      runService(context).list({
        first: pageSize(args.first, 20),
        ...(args.providerId ? { providerId: String(args.providerId) } : {}),
        ...(args.status ? { status: args.status } : {}),
        ...(args.dryRun == null ? {} : { dryRun: args.dryRun }),
        ...(args.after ? { after: args.after } : {}),
      }),
  }),
  run: t.field({
    type: RunRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) =>
      (await runService(context).get(String(args.id))) ?? null,
  }),
}));

builder.mutationFields((t) => ({
  planSync: t.field({
    type: RunRef,
    errors: { types: SYNC_ERRORS },
    description:
      "A dry run: reads the IM and the directory, plans, stores the plan and returns the finished run. Nothing is written to LDAP.",
    args: {
      providerId: t.arg.id({ required: true }),
      scope: t.arg({ type: SyncScopeEnum, required: true }),
    },
    resolve: (_root, args, context) =>
      runService(context).plan({
        providerId: String(args.providerId),
        scope: args.scope,
        requestedBy: actorOf(context).username,
      }),
  }),
  runSync: t.field({
    type: RunRef,
    errors: { types: SYNC_ERRORS },
    description:
      "Queues a run and returns it at once; follow it with the `runProgress` subscription or by polling `run`.",
    args: {
      providerId: t.arg.id({ required: true }),
      scope: t.arg({ type: SyncScopeEnum, required: true }),
    },
    resolve: async (_root, args, context) => {
      const run = await runService(context).run({
        providerId: String(args.providerId),
        scope: args.scope,
        trigger: "api",
        requestedBy: actorOf(context).username,
      });
      await auditRun(context, "run.start", run, { scope: run.scope });
      return run;
    },
  }),
  approveRun: t.field({
    type: ApproveResultRef,
    errors: {
      types: [NotFoundError, IllegalRunTransitionError, ConfigError, DirectoryNotConfiguredError],
    },
    description:
      "Applies exactly the stored plan of a run held at a safety gate — or, if the directory changed meanwhile, plans again and holds it for a new approval.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const result = await runService(context).approve(String(args.id), actorOf(context).username);
      await auditRun(context, "run.approve", result.run, { replanned: result.replanned });
      return result;
    },
  }),
  cancelRun: t.field({
    type: RunRef,
    errors: { types: [NotFoundError, IllegalRunTransitionError] },
    description:
      "Cancels a queued or held run at once; a planning or applying one stops at its next step.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const run = await runService(context).cancel(String(args.id), actorOf(context).username);
      await auditRun(context, "run.cancel", run, { status: run.status });
      return run;
    },
  }),
}));

builder.subscriptionFields((t) => ({
  runProgress: t.field({
    type: RunEventRef,
    description:
      "The run's current state, then every change until it finishes (server-sent events: `Accept: text/event-stream`).",
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_root, args, context) => runService(context).watch(String(args.id)),
    resolve: (event) => event,
  }),
}));

builder.objectField(ProviderRef, "activeRun", (t) =>
  t.field({
    type: RunRef,
    nullable: true,
    description: "The run holding the provider now (queued, planning, held or applying), if any.",
    resolve: async (provider, _args, context) =>
      (await context.container.resolve(Tokens.Repositories).runs.getActive(provider.id)) ?? null,
  }),
);
