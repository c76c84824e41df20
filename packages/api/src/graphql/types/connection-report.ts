import type { ConnectionCheck, ConnectionReport } from "@orgsync/core";
import { builder } from "../builder.ts";

export const ConnectionCheckStatus = builder.enumType("ConnectionCheckStatus", {
  values: ["ok", "missing", "failed", "warning", "skipped"] as const,
});

export const ConnectionCheckRef = builder.objectRef<ConnectionCheck>("ConnectionCheck").implement({
  description: "One line of a connection test: a credential, a permission, the directory's schema…",
  fields: (t) => ({
    id: t.exposeString("id", {
      description: "Stable: `credentials`, `permission:contact:user.base:readonly`, `bind`…",
    }),
    label: t.exposeString("label"),
    status: t.field({ type: ConnectionCheckStatus, resolve: (check) => check.status }),
    detail: t.exposeString("detail", { nullable: true }),
    fix: t.exposeString("fix", {
      nullable: true,
      description: "What to do, e.g. where to click in the IM's developer console.",
    }),
  }),
});

export const ConnectionReportRef = builder
  .objectRef<ConnectionReport>("ConnectionReport")
  .implement({
    fields: (t) => ({
      ok: t.exposeBoolean("ok", { description: "Every check is ok or a warning." }),
      checks: t.field({ type: [ConnectionCheckRef], resolve: (report) => report.checks }),
    }),
  });
