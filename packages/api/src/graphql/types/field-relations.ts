import { ConfigError, type FieldRelations } from "@orgsync/core";
import { Tokens } from "../../container/tokens.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import type { FieldRelationVersion } from "../../repositories/field-relations.ts";
import type {
  FieldRelationPreview,
  PreviewGroup,
  PreviewUser,
  ProviderFieldRelations,
} from "../../services/field-relation-service.ts";
import { builder } from "../builder.ts";
import { actorOf, type GraphQLContext } from "../context.ts";
import { SourceFieldsRef } from "./providers.ts";

const service = (context: GraphQLContext) => context.container.resolve(Tokens.FieldRelationService);

/**
 * Attribute maps travel as ordered lists of pairs: GraphQL has no map type, and the order an
 * admin gave them in is the order the editor shows them in.
 */
interface AttributeRelation {
  attribute: string;
  expression: string;
}
const pairsOf = (attributes: Record<string, string>): AttributeRelation[] =>
  Object.entries(attributes).map(([attribute, expression]) => ({ attribute, expression }));

function mapOf(pairs: readonly AttributeRelation[], path: string): Record<string, string> {
  const map: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [index, { attribute, expression }] of pairs.entries()) {
    const key = attribute.trim();
    if (seen.has(key.toLowerCase())) {
      throw new ConfigError(`field relations: ${path}.attributes lists "${key}" twice; keep one`, [
        { path: `${path}.attributes.${index}`, message: `"${key}" is listed twice` },
      ]);
    }
    seen.add(key.toLowerCase());
    map[key] = expression;
  }
  return map;
}

const AttributeRelationRef = builder.objectRef<AttributeRelation>("AttributeRelation").implement({
  description:
    "Directory attribute ← expression: a source path (`email`) or a template (`{{ name | pinyin }}`).",
  fields: (t) => ({
    attribute: t.exposeString("attribute"),
    expression: t.exposeString("expression"),
  }),
});

const GroupRelationsRef = builder.objectRef<FieldRelations["group"]>("GroupRelations").implement({
  fields: (t) => ({
    name: t.exposeString("name", { description: "The group's name: its RDN value." }),
    attributes: t.field({
      type: [AttributeRelationRef],
      resolve: (relations) => pairsOf(relations.attributes),
    }),
  }),
});

const UserRelationsRef = builder.objectRef<FieldRelations["user"]>("UserRelations").implement({
  fields: (t) => ({
    username: t.exposeStringList("username", {
      description: "Username candidates in order; the first free one wins, then numbered ones.",
    }),
    attributes: t.field({
      type: [AttributeRelationRef],
      resolve: (relations) => pairsOf(relations.attributes),
    }),
  }),
});

const FieldRelationSetRef = builder.objectRef<FieldRelations>("FieldRelationSet").implement({
  fields: (t) => ({
    group: t.field({ type: GroupRelationsRef, resolve: (set) => set.group }),
    user: t.field({ type: UserRelationsRef, resolve: (set) => set.user }),
  }),
});

const versionFields = <K extends "group" | "user">(
  name: string,
  relationsType: typeof GroupRelationsRef | typeof UserRelationsRef,
) =>
  builder.objectRef<FieldRelationVersion<K>>(name).implement({
    fields: (t) => ({
      version: t.exposeInt("version", { description: "1 for the first save, +1 on every save." }),
      updatedBy: t.exposeString("updatedBy", { nullable: true }),
      updatedAt: t.expose("updatedAt", { type: "DateTime" }),
      relations: t.field({
        // biome-ignore lint/suspicious/noExplicitAny: one implementation for both kinds' refs
        type: relationsType as any,
        resolve: (version) => version.relations as never,
      }),
    }),
  });

const GroupRelationsVersionRef = versionFields<"group">("GroupRelationsVersion", GroupRelationsRef);
const UserRelationsVersionRef = versionFields<"user">("UserRelationsVersion", UserRelationsRef);

const ProviderFieldRelationsRef = builder
  .objectRef<ProviderFieldRelations & { providerId: string }>("ProviderFieldRelations")
  .implement({
    fields: (t) => ({
      providerId: t.exposeID("providerId"),
      group: t.field({
        type: GroupRelationsVersionRef,
        nullable: true,
        description: "Null until saved: a sync is refused until both kinds are saved.",
        resolve: (relations) => relations.group,
      }),
      user: t.field({
        type: UserRelationsVersionRef,
        nullable: true,
        resolve: (relations) => relations.user,
      }),
      defaults: t.field({ type: FieldRelationSetRef, resolve: (relations) => relations.defaults }),
      fields: t.field({ type: SourceFieldsRef, resolve: (relations) => relations.fields }),
    }),
  });

const AttributeRelationInput = builder.inputType("AttributeRelationInput", {
  fields: (t) => ({
    attribute: t.string({ required: true }),
    expression: t.string({ required: true }),
  }),
});

const GroupRelationsInput = builder.inputType("GroupRelationsInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    attributes: t.field({ type: [AttributeRelationInput], required: true }),
  }),
});

const UserRelationsInput = builder.inputType("UserRelationsInput", {
  fields: (t) => ({
    username: t.stringList({ required: true }),
    attributes: t.field({ type: [AttributeRelationInput], required: true }),
  }),
});

const FieldRelationSetInput = builder.inputType("FieldRelationSetInput", {
  description: "A draft to preview; a kind left out comes from storage, else the defaults.",
  fields: (t) => ({
    group: t.field({ type: GroupRelationsInput, required: false }),
    user: t.field({ type: UserRelationsInput, required: false }),
  }),
});

const FieldRelationKindOrBoth = builder.enumType("FieldRelationKindOrBoth", {
  values: ["group", "user", "both"] as const,
});

interface AttributeValues {
  attribute: string;
  values: string[];
}
/** Shared with the directory entry view. */
export const AttributeValuesRef = builder.objectRef<AttributeValues>("AttributeValues").implement({
  fields: (t) => ({
    attribute: t.exposeString("attribute"),
    values: t.exposeStringList("values"),
  }),
});
const valuesOf = (attributes: Record<string, string[]>): AttributeValues[] =>
  Object.entries(attributes).map(([attribute, values]) => ({ attribute, values }));

const PreviewGroupRef = builder.objectRef<PreviewGroup>("PreviewGroup").implement({
  fields: (t) => ({
    sourceId: t.exposeString("sourceId"),
    sourceName: t.exposeString("sourceName"),
    name: t.exposeString("name"),
    dn: t.exposeString("dn"),
    attributes: t.field({
      type: [AttributeValuesRef],
      resolve: (group) => valuesOf(group.attributes),
    }),
    problems: t.exposeStringList("problems"),
  }),
});

const PreviewUserRef = builder.objectRef<PreviewUser>("PreviewUser").implement({
  fields: (t) => ({
    sourceId: t.exposeString("sourceId"),
    sourceName: t.exposeString("sourceName"),
    username: t.exposeString("username"),
    dn: t.exposeString("dn"),
    attributes: t.field({
      type: [AttributeValuesRef],
      resolve: (user) => valuesOf(user.attributes),
    }),
    problems: t.exposeStringList("problems"),
  }),
});

const FieldRelationPreviewRef = builder
  .objectRef<FieldRelationPreview>("FieldRelationPreview")
  .implement({
    description: "Relations rendered on a live sample of the IM's departments and users.",
    fields: (t) => ({
      groups: t.field({ type: [PreviewGroupRef], resolve: (preview) => preview.groups }),
      users: t.field({ type: [PreviewUserRef], resolve: (preview) => preview.users }),
      groupRelationsFrom: t.string({ resolve: (preview) => preview.relationsFrom.group }),
      userRelationsFrom: t.string({ resolve: (preview) => preview.relationsFrom.user }),
      note: t.exposeString("note", { nullable: true }),
    }),
  });

interface ImportPayload {
  relations: ProviderFieldRelations & { providerId: string };
  notes: string[];
}
const ImportPayloadRef = builder.objectRef<ImportPayload>("ImportFieldRelationsPayload").implement({
  fields: (t) => ({
    relations: t.field({
      type: ProviderFieldRelationsRef,
      resolve: (payload) => payload.relations,
    }),
    notes: t.exposeStringList("notes", {
      description:
        "What the importer translated differently or left out; `warning:` lines need a look.",
    }),
  }),
});

async function load(context: GraphQLContext, providerId: string) {
  return { ...(await service(context).get(providerId)), providerId };
}

function draftOf(
  input:
    | {
        group?: { name: string; attributes: AttributeRelation[] } | null;
        user?: { username: string[]; attributes: AttributeRelation[] } | null;
      }
    | null
    | undefined,
): Partial<FieldRelations> | undefined {
  if (!input) return undefined;
  return {
    ...(input.group
      ? { group: { name: input.group.name, attributes: mapOf(input.group.attributes, "group") } }
      : {}),
    ...(input.user
      ? {
          user: { username: input.user.username, attributes: mapOf(input.user.attributes, "user") },
        }
      : {}),
  };
}

builder.queryFields((t) => ({
  fieldRelations: t.field({
    type: ProviderFieldRelationsRef,
    errors: { types: [NotFoundError] },
    args: { providerId: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => load(context, String(args.providerId)),
  }),
  previewFieldRelations: t.field({
    type: FieldRelationPreviewRef,
    errors: { types: [ConfigError, NotFoundError] },
    description:
      "Renders relations (a draft, or the saved ones) on a live sample read from the IM.",
    args: {
      providerId: t.arg.id({ required: true }),
      draft: t.arg({ type: FieldRelationSetInput, required: false }),
      sample: t.arg.int({
        required: false,
        description: "Objects of each kind to read (default 5, at most 100).",
      }),
    },
    resolve: async (_root, args, context) => {
      const providerId = String(args.providerId);
      const draft = draftOf(args.draft);
      let relations: FieldRelations | undefined;
      if (draft && (draft.group || draft.user)) {
        const stored = await service(context).get(providerId);
        relations = {
          group: draft.group ?? stored.group?.relations ?? stored.defaults.group,
          user: draft.user ?? stored.user?.relations ?? stored.defaults.user,
        };
      }
      return service(context).preview(providerId, {
        ...(relations ? { relations } : {}),
        ...(args.sample == null ? {} : { sample: args.sample }),
      });
    },
  }),
}));

builder.mutationFields((t) => ({
  setGroupRelations: t.field({
    type: GroupRelationsVersionRef,
    errors: { types: [ConfigError, ConflictError, NotFoundError] },
    description:
      "Validates and saves the group relations as a new version; errors name the relation.",
    args: {
      providerId: t.arg.id({ required: true }),
      relations: t.arg({ type: GroupRelationsInput, required: true }),
      expectedVersion: t.arg.int({
        required: false,
        description: "Save only if the stored version is this one (0: none yet).",
      }),
    },
    resolve: (_root, args, context) =>
      service(context).set(
        String(args.providerId),
        "group",
        { name: args.relations.name, attributes: mapOf(args.relations.attributes, "group") },
        actorOf(context),
        args.expectedVersion == null ? {} : { expectedVersion: args.expectedVersion },
      ),
  }),
  setUserRelations: t.field({
    type: UserRelationsVersionRef,
    errors: { types: [ConfigError, ConflictError, NotFoundError] },
    description:
      "Validates and saves the user relations as a new version; errors name the relation.",
    args: {
      providerId: t.arg.id({ required: true }),
      relations: t.arg({ type: UserRelationsInput, required: true }),
      expectedVersion: t.arg.int({ required: false }),
    },
    resolve: (_root, args, context) =>
      service(context).set(
        String(args.providerId),
        "user",
        { username: args.relations.username, attributes: mapOf(args.relations.attributes, "user") },
        actorOf(context),
        args.expectedVersion == null ? {} : { expectedVersion: args.expectedVersion },
      ),
  }),
  resetFieldRelations: t.field({
    type: ProviderFieldRelationsRef,
    errors: { types: [NotFoundError] },
    description: "Saves the provider's default relations (go-ldap-admin's) as a new version.",
    args: {
      providerId: t.arg.id({ required: true }),
      kind: t.arg({ type: FieldRelationKindOrBoth, required: true }),
    },
    resolve: async (_root, args, context) => {
      await service(context).reset(String(args.providerId), args.kind, actorOf(context));
      return load(context, String(args.providerId));
    },
  }),
  importGoLdapAdminFieldRelations: t.field({
    type: ImportPayloadRef,
    errors: { types: [ConfigError, NotFoundError] },
    description: "Imports go-ldap-admin's field relations (its JSON export) and saves both kinds.",
    args: {
      providerId: t.arg.id({ required: true }),
      json: t.arg({ type: "JSON", required: true }),
    },
    resolve: async (_root, args, context) => {
      const providerId = String(args.providerId);
      const imported = await service(context).importGoLdapAdmin(
        providerId,
        args.json,
        actorOf(context),
      );
      return { relations: await load(context, providerId), notes: imported.notes };
    },
  }),
}));
