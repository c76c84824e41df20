import { ConfigError } from "@orgsync/core";
import { Tokens } from "../../container/tokens.ts";
import { ConflictError, NotFoundError, RunAlreadyActiveError } from "../../errors.ts";
import type { ProviderRecord } from "../../repositories/providers.ts";
import { ProviderVerificationError } from "../../services/errors.ts";
import type { ProviderChange, ProviderKind } from "../../services/provider-service.ts";
import { builder } from "../builder.ts";
import { actorOf, type GraphQLContext } from "../context.ts";
import { ConnectionReportRef } from "./connection-report.ts";
import { ErrorInterface } from "./errors.ts";

const providers = (context: GraphQLContext) => context.container.resolve(Tokens.ProviderService);

builder.objectType(ProviderVerificationError, {
  name: "ProviderVerificationError",
  description:
    "The IM refused the credentials; nothing was saved. `report` says which check failed and how to fix it.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    report: t.field({ type: ConnectionReportRef, resolve: (error) => error.report }),
  }),
});

const SourceField = builder
  .objectRef<ProviderKind["fields"]["user"][number]>("SourceField")
  .implement({
    description: "A field of the IM's objects that field relations can use.",
    fields: (t) => ({
      path: t.exposeString("path", {
        description: "What a relation writes: `email`, `status.is_frozen`.",
      }),
      label: t.exposeString("label"),
      type: t.exposeString("type"),
      description: t.exposeString("description", { nullable: true }),
      example: t.exposeString("example", { nullable: true }),
    }),
  });

export const SourceFieldsRef = builder.objectRef<ProviderKind["fields"]>("SourceFields").implement({
  fields: (t) => ({
    group: t.field({ type: [SourceField], resolve: (fields) => fields.group }),
    user: t.field({ type: [SourceField], resolve: (fields) => fields.user }),
  }),
});

const ProviderSyncOptionsRef = builder
  .objectRef<ProviderRecord["syncOptions"]>("ProviderSyncOptions")
  .implement({
    description: "How runs of a provider plan.",
    fields: (t) => ({
      updateExisting: t.boolean({
        description:
          "Keep attributes of existing accounts up to date (go-ldap-admin's `is-update-syncd`). Default true.",
        resolve: (options) => options.updateExisting ?? true,
      }),
    }),
  });

const ProviderSyncOptionsInput = builder.inputType("ProviderSyncOptionsInput", {
  fields: (t) => ({
    updateExisting: t.boolean({
      required: false,
      description: "go-ldap-admin's `is-update-syncd`; default true.",
    }),
  }),
});

const ProviderKindRef = builder.objectRef<ProviderKind>("ProviderKind").implement({
  description: "An installed provider plugin: what the admin app needs to render its form.",
  fields: (t) => ({
    kind: t.exposeString("kind"),
    displayName: t.exposeString("displayName"),
    rootDepartmentId: t.exposeString("rootDepartmentId"),
    configSchema: t.field({
      type: "JSON",
      description: "JSON Schema of the configuration; secret fields carry `writeOnly: true`.",
      resolve: (kind) => kind.configSchema,
    }),
    secretFields: t.exposeStringList("secretFields"),
    fields: t.field({ type: SourceFieldsRef, resolve: (kind) => kind.fields }),
    defaultFieldRelations: t.field({
      type: "JSON",
      resolve: (kind) => kind.defaultFieldRelations,
    }),
  }),
});

export const ProviderRef = builder.objectRef<ProviderRecord>("Provider").implement({
  description:
    "A connected IM. Its secrets are write-only: `secretsSet` names the ones stored, never their values.",
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.exposeString("kind"),
    flag: t.exposeString("flag", {
      description: "Prefix of every anchor (`feishu:od-…`); never changes.",
    }),
    name: t.exposeString("name"),
    config: t.field({
      type: "JSON",
      description: "The settings as saved, without the secret fields.",
      resolve: (provider) => provider.config,
    }),
    hasSecrets: t.exposeBoolean("hasSecrets", {
      description: "Whether any secret field is stored.",
    }),
    secretsSet: t.exposeStringList("secretsSet", {
      description:
        'The secret fields of the kind (`ProviderKind.secretFields`) that have a stored value, e.g. `["appSecret"]`: names only, never values.',
    }),
    enabled: t.exposeBoolean("enabled"),
    syncOptions: t.field({
      type: ProviderSyncOptionsRef,
      resolve: (provider) => provider.syncOptions ?? {},
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

const ProviderChangeRef = builder.objectRef<ProviderChange>("ProviderChange").implement({
  fields: (t) => ({
    provider: t.field({ type: ProviderRef, resolve: (change) => change.provider }),
    connection: t.field({
      type: ConnectionReportRef,
      nullable: true,
      description:
        "The verification's report: credentials passed, but permissions or contact scope may still need fixing. Null when nothing was verified.",
      resolve: (change) => change.connection,
    }),
  }),
});

const CreateProviderInput = builder.inputType("CreateProviderInput", {
  fields: (t) => ({
    kind: t.string({ required: true, description: "An installed kind, e.g. `feishu`." }),
    name: t.string({ required: true }),
    flag: t.string({ required: true, description: "Unique; immutable once created." }),
    config: t.field({
      type: "JSON",
      required: true,
      description: "The settings, secrets included (e.g. `{ appId, appSecret }`), without `flag`.",
    }),
    enabled: t.boolean({ required: false }),
    syncOptions: t.field({ type: ProviderSyncOptionsInput, required: false }),
    verify: t.boolean({
      required: false,
      description: "Test the credentials before saving (default true).",
    }),
  }),
});

const UpdateProviderInput = builder.inputType("UpdateProviderInput", {
  fields: (t) => ({
    name: t.string({ required: false }),
    enabled: t.boolean({ required: false }),
    config: t.field({
      type: "JSON",
      required: false,
      description:
        "Replaces the settings. Secret fields left out keep their value; `null` clears one.",
    }),
    syncOptions: t.field({
      type: ProviderSyncOptionsInput,
      required: false,
      description: "Replaces the sync options as a whole.",
    }),
    verify: t.boolean({ required: false }),
  }),
});

function asObject(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ConfigError(`${path} must be a JSON object`, [
      { path, message: "must be an object" },
    ]);
  }
  return value as Record<string, unknown>;
}

/** GraphQL gives an omitted field as undefined or null; neither is a value to store. */
function syncOptionsOf(input: { updateExisting?: boolean | null }): ProviderRecord["syncOptions"] {
  return input.updateExisting == null ? {} : { updateExisting: input.updateExisting };
}

builder.queryFields((t) => ({
  providerKinds: t.field({
    type: [ProviderKindRef],
    resolve: (_root, _args, context) => providers(context).kinds(),
  }),
  providers: t.field({
    type: [ProviderRef],
    resolve: (_root, _args, context) => providers(context).list(),
  }),
  provider: t.field({
    type: ProviderRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) =>
      (await providers(context).get(String(args.id))) ?? null,
  }),
}));

builder.mutationFields((t) => ({
  createProvider: t.field({
    type: ProviderChangeRef,
    errors: { types: [ConfigError, ProviderVerificationError, ConflictError] },
    args: { input: t.arg({ type: CreateProviderInput, required: true }) },
    resolve: (_root, { input }, context) =>
      providers(context).create(
        {
          kind: input.kind,
          name: input.name,
          flag: input.flag,
          config: asObject(input.config, "config"),
          ...(input.enabled == null ? {} : { enabled: input.enabled }),
          ...(input.syncOptions == null ? {} : { syncOptions: syncOptionsOf(input.syncOptions) }),
        },
        actorOf(context),
        { verify: input.verify ?? true },
      ),
  }),
  updateProvider: t.field({
    type: ProviderChangeRef,
    errors: { types: [ConfigError, ProviderVerificationError, NotFoundError] },
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: UpdateProviderInput, required: true }),
    },
    resolve: (_root, { id, input }, context) =>
      providers(context).update(
        String(id),
        {
          ...(input.name == null ? {} : { name: input.name }),
          ...(input.enabled == null ? {} : { enabled: input.enabled }),
          ...(input.config == null ? {} : { config: asObject(input.config, "config") }),
          ...(input.syncOptions == null ? {} : { syncOptions: syncOptionsOf(input.syncOptions) }),
        },
        actorOf(context),
        { verify: input.verify ?? true },
      ),
  }),
  deleteProvider: t.field({
    type: "Boolean",
    errors: { types: [NotFoundError, RunAlreadyActiveError], directResult: false },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, context) => {
      await providers(context).delete(String(id), actorOf(context));
      return true;
    },
  }),
  testProviderConnection: t.field({
    type: ConnectionReportRef,
    errors: { types: [NotFoundError] },
    description: "Runs the provider's checks: credentials, each permission, contact scope.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, context) => providers(context).testConnection(String(id)),
  }),
}));
