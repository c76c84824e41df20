import { ConfigError } from "@orgsync/core";
import { GraphQLError } from "graphql";
import { Tokens } from "../../container/tokens.ts";
import { SCHEDULE_FIRE_OUTCOMES } from "../../db/schema.ts";
import { NotFoundError } from "../../errors.ts";
import type { ScheduleFireRecord } from "../../repositories/schedules.ts";
import { MAX_FIRE_TIMES } from "../../schedules/cron.ts";
import type { ScheduleView } from "../../schedules/schedule-service.ts";
import { builder } from "../builder.ts";
import { actorOf, type GraphQLContext } from "../context.ts";
import { ProviderRef } from "./providers.ts";
import { RunRef, SyncScopeEnum } from "./runs.ts";

const scheduleService = (context: GraphQLContext) =>
  context.container.resolve(Tokens.ScheduleService);

const MAX_FIRES_PAGE = 1000;

/** A bad count argument on a query field: answered as a GraphQL error, never masked. */
function checkCount(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new GraphQLError(`schedules: ${name} must be between 1 and ${max} (got ${value})`, {
      extensions: { code: "BAD_USER_INPUT" },
    });
  }
  return value;
}

const ScheduleFireOutcomeEnum = builder.enumType("ScheduleFireOutcome", {
  description:
    "`started`: the fire started a run. `skipped`: the provider was running, so nothing was started (fires never queue). `failed`: the run could not start (see `reason`).",
  values: SCHEDULE_FIRE_OUTCOMES,
});

export const ScheduleRef = builder.objectRef<ScheduleView>("Schedule").implement({
  description:
    "When a provider syncs on its own: one cron per scope — GROUPS and USERS (go-ldap-admin's `dept-sync-time` and `user-sync-time`), or ALL. When GROUPS and USERS fire at the same instant, one ALL run starts for both.",
  fields: (t) => ({
    providerId: t.exposeID("providerId"),
    scope: t.field({ type: SyncScopeEnum, resolve: (schedule) => schedule.scope }),
    cron: t.exposeString("cron", {
      description:
        "Five fields (`minute hour day month weekday`) or six with seconds first (`0 0 2 * * *`), or a nickname (`@daily`).",
    }),
    timezone: t.exposeString("timezone", {
      description: "IANA time zone the cron is read in, e.g. `Asia/Shanghai`.",
    }),
    enabled: t.exposeBoolean("enabled"),
    nextFireTimes: t.field({
      type: ["DateTime"],
      description: `The coming fire times, soonest first (at most ${MAX_FIRE_TIMES}); listed for a disabled schedule too.`,
      args: { count: t.arg.int({ required: false, defaultValue: 5 }) },
      resolve: (schedule, args) =>
        schedule.nextFireTimes(checkCount("count", args.count ?? 5, MAX_FIRE_TIMES)),
    }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    updatedBy: t.exposeString("updatedBy", { nullable: true }),
  }),
});

export const ScheduleFireRef = builder.objectRef<ScheduleFireRecord>("ScheduleFire").implement({
  description:
    "One fire of a schedule, recorded once however many service processes share the database.",
  fields: (t) => ({
    scope: t.field({ type: SyncScopeEnum, resolve: (fire) => fire.scope }),
    fireAt: t.expose("fireAt", { type: "DateTime", description: "The instant the cron named." }),
    outcome: t.field({ type: ScheduleFireOutcomeEnum, resolve: (fire) => fire.outcome }),
    runId: t.exposeID("runId", { nullable: true }),
    run: t.field({
      type: RunRef,
      nullable: true,
      description: "The run the fire started (null when skipped or failed, or once deleted).",
      resolve: async (fire, _args, context) =>
        fire.runId
          ? ((await context.container.resolve(Tokens.RunService).get(fire.runId)) ?? null)
          : null,
    }),
    reason: t.exposeString("reason", {
      nullable: true,
      description:
        "Why it was skipped or failed (`the provider was running: run …`), or that coinciding fires shared one ALL run.",
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.objectField(ProviderRef, "schedules", (t) =>
  t.field({
    type: [ScheduleRef],
    description: "The provider's schedules, GROUPS, USERS, ALL in that order.",
    resolve: (provider, _args, context) => scheduleService(context).list(provider.id),
  }),
);

builder.objectField(ProviderRef, "scheduleFires", (t) =>
  t.field({
    type: [ScheduleFireRef],
    description: "The provider's schedule fires, newest first.",
    args: {
      first: t.arg.int({
        required: false,
        defaultValue: 20,
        description: `How many (at most ${MAX_FIRES_PAGE}).`,
      }),
    },
    resolve: (provider, args, context) =>
      scheduleService(context).fires(
        provider.id,
        checkCount("first", args.first ?? 20, MAX_FIRES_PAGE),
      ),
  }),
);

builder.mutationFields((t) => ({
  setSchedule: t.field({
    type: ScheduleRef,
    errors: { types: [ConfigError, NotFoundError] },
    description:
      "Creates or replaces the provider's schedule for a scope. The cron and the time zone are validated (a `ValidationError` names `cron` or `timezone`); the scheduler applies the change at its next tick.",
    args: {
      providerId: t.arg.id({ required: true }),
      scope: t.arg({ type: SyncScopeEnum, required: true }),
      cron: t.arg.string({ required: true, description: "Example: `0 0 2 * * *`." }),
      timezone: t.arg.string({
        required: false,
        defaultValue: "UTC",
        description: "IANA time zone, e.g. `Asia/Shanghai`.",
      }),
      enabled: t.arg.boolean({ required: false, defaultValue: true }),
    },
    resolve: (_root, args, context) =>
      scheduleService(context).set(
        String(args.providerId),
        args.scope,
        {
          cron: args.cron,
          timezone: args.timezone ?? "UTC",
          enabled: args.enabled ?? true,
        },
        actorOf(context),
      ),
  }),
  deleteSchedule: t.field({
    type: "Boolean",
    errors: { types: [NotFoundError], directResult: false },
    description:
      "Deletes the provider's schedule for a scope: true if one was deleted, false if there was none. Its fires stay as history.",
    args: {
      providerId: t.arg.id({ required: true }),
      scope: t.arg({ type: SyncScopeEnum, required: true }),
    },
    resolve: (_root, args, context) =>
      scheduleService(context).delete(String(args.providerId), args.scope, actorOf(context)),
  }),
}));
