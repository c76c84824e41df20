import { ConfigError } from "@orgsync/core";
import { Tokens } from "../../container/tokens.ts";
import type { AuditEntry } from "../../repositories/audit.ts";
import { builder } from "../builder.ts";
import { AdminRef } from "./auth.ts";

const AuditEntryRef = builder.objectRef<AuditEntry>("AuditEntry").implement({
  description: "One admin change: who, when, what, on which object. Never holds a secret.",
  fields: (t) => ({
    id: t.exposeInt("id", {
      description: "Increasing; pass the last one as `before` for the next page.",
    }),
    at: t.expose("at", { type: "DateTime" }),
    admin: t.field({
      type: AdminRef,
      nullable: true,
      description: "Null for the system and the CLI, and for failed logins.",
      resolve: async (entry, _args, context) =>
        entry.adminId
          ? ((await context.container.resolve(Tokens.Repositories).admins.get(entry.adminId)) ??
            null)
          : null,
    }),
    action: t.exposeString("action", {
      description: "`provider.update`, `run.approve`, `admin.login`…",
    }),
    targetType: t.exposeString("targetType", { nullable: true }),
    targetId: t.exposeString("targetId", { nullable: true }),
    details: t.field({ type: "JSON", resolve: (entry) => entry.details }),
  }),
});

builder.queryFields((t) => ({
  auditLog: t.field({
    type: [AuditEntryRef],
    errors: { types: [ConfigError], directResult: false },
    description: "Admin changes, newest first.",
    args: {
      action: t.arg.string({ required: false }),
      targetType: t.arg.string({ required: false }),
      targetId: t.arg.string({ required: false }),
      first: t.arg.int({ required: false, description: "Default 50, at most 500." }),
      before: t.arg.int({ required: false, description: "Entries older than this id." }),
    },
    resolve: (_root, args, context) => {
      const first = args.first ?? 50;
      if (!Number.isInteger(first) || first < 1 || first > 500) {
        throw new ConfigError("first must be between 1 and 500", [
          { path: "first", message: "between 1 and 500" },
        ]);
      }
      return context.container.resolve(Tokens.Repositories).audit.list({
        first,
        ...(args.action ? { action: args.action } : {}),
        ...(args.targetType ? { targetType: args.targetType } : {}),
        ...(args.targetId ? { targetId: args.targetId } : {}),
        ...(args.before == null ? {} : { before: args.before }),
      });
    },
  }),
}));
