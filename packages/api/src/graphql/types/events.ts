import { Tokens } from "../../container/tokens.ts";
import type { RunTargets } from "../../db/schema.ts";
import { builder } from "../builder.ts";
import { ProviderRef } from "./providers.ts";
import { RunRef } from "./runs.ts";

/**
 * IM change events in the schema: where the IM pushes them (`Provider.webhookUrl`) and which
 * objects an event-driven run re-read (`Run.targets`).
 */

const RunTargetsRef = builder.objectRef<RunTargets>("RunTargets").implement({
  description:
    "The objects an event-driven run re-read and planned (source ids); nothing else was touched.",
  fields: (t) => ({
    departmentIds: t.exposeStringList("departmentIds"),
    userIds: t.exposeStringList("userIds"),
  }),
});

builder.objectField(ProviderRef, "webhookUrl", (t) =>
  t.string({
    nullable: true,
    description:
      "The event callback URL to paste into the IM's console (Feishu: 开发者后台 → 事件与回调 → 请求地址): `<ORGSYNC_PUBLIC_URL>/events/<flag>`. Each event becomes a targeted run of the objects it names. Null while the provider has no event receiver configured (Feishu: set encryptKey and/or verificationToken).",
    resolve: async (provider, _args, context) => {
      const ingest = context.container.resolve(Tokens.EventIngest);
      if (!(await ingest.hasReceiver(provider))) return null;
      const { publicUrl } = context.container.resolve(Tokens.Config);
      return `${publicUrl}/events/${encodeURIComponent(provider.flag)}`;
    },
  }),
);

builder.objectField(RunRef, "targets", (t) =>
  t.field({
    type: RunTargetsRef,
    nullable: true,
    description:
      "What an event-driven run (trigger `event`) re-read and planned; null for a full run.",
    resolve: (run) => run.targets ?? null,
  }),
);
