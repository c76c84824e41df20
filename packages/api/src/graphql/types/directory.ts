import { ConfigError } from "@orgsync/core";
import { Tokens } from "../../container/tokens.ts";
import { DirectoryNotConfiguredError, NotFoundError } from "../../errors.ts";
import type { DirectorySettingsRecord } from "../../repositories/directory-settings.ts";
import type { UpdateDirectorySettingsInput } from "../../services/directory/settings-input.ts";
import type {
  DirectoryBrowseResult,
  DirectoryEntryView,
  DirectoryGroupNode,
  DirectoryListPage,
  DirectorySearchResult,
  DirectorySettingsUpdate,
  DirectoryUserNode,
} from "../../services/directory-service.ts";
import { DirectoryConnectionError, DirectoryUnavailableError } from "../../services/errors.ts";
import { builder } from "../builder.ts";
import { actorOf, type GraphQLContext } from "../context.ts";
import { ConnectionReportRef } from "./connection-report.ts";
import { ErrorInterface } from "./errors.ts";
import { AttributeValuesRef } from "./field-relations.ts";

const directory = (context: GraphQLContext) => context.container.resolve(Tokens.DirectoryService);

builder.objectType(DirectoryConnectionError, {
  name: "DirectoryConnectionError",
  description:
    "The directory could not be reached, refused the bind or lacks the base DN; nothing was saved.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    report: t.field({ type: ConnectionReportRef, resolve: (error) => error.report }),
  }),
});

const DirectoryUnavailableReasonEnum = builder.enumType("DirectoryUnavailableReason", {
  description:
    "`unreachable`: refused, timed out or dropped; `bindRefused`: wrong bind DN or password; `accessDenied`: the bind DN may not read there; `failed`: anything else.",
  values: ["unreachable", "bindRefused", "accessDenied", "failed"] as const,
});

builder.objectType(DirectoryUnavailableError, {
  name: "DirectoryUnavailableError",
  description:
    "The saved directory could not be read (unreachable, bind refused…); the message names the URL, what the server said and where to fix it.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    url: t.exposeString("url"),
    reason: t.field({ type: DirectoryUnavailableReasonEnum, resolve: (error) => error.reason }),
  }),
});

/** What reading the directory may fail with, besides what each query adds. */
const READ_ERRORS = [
  ConfigError,
  NotFoundError,
  DirectoryNotConfiguredError,
  DirectoryUnavailableError,
];

const DirectoryConnectionRef = builder
  .objectRef<DirectorySettingsRecord["connection"]>("DirectoryConnection")
  .implement({
    fields: (t) => ({
      url: t.string({ resolve: (connection) => connection.url }),
      bindDn: t.string({ resolve: (connection) => connection.bindDn }),
      baseDn: t.string({ resolve: (connection) => connection.baseDn }),
      options: t.field({
        type: "JSON",
        description: "startTls, tls, timeoutMs, connectTimeoutMs, poolSize as saved.",
        resolve: ({ url: _url, bindDn: _bindDn, baseDn: _baseDn, ...options }) => options,
      }),
    }),
  });

const DepartedUserPolicyEnum = builder.enumType("DepartedUserPolicy", {
  description: "What happens to people who left the IM: disable (default), delete or keep.",
  values: ["disable", "delete", "keep"] as const,
});
const PasswordModeEnum = builder.enumType("PasswordMode", {
  description: "`initial`: the seed's user-init-password; `random`: a fresh one per user.",
  values: ["initial", "random"] as const,
});
const PasswordSchemeEnum = builder.enumType("PasswordScheme", {
  values: ["ssha", "clear", "exop"] as const,
});

const DirectorySettingsRef = builder
  .objectRef<DirectorySettingsRecord>("DirectorySettings")
  .implement({
    description: "The LDAP directory orgsync writes to. Passwords are write-only.",
    fields: (t) => ({
      connection: t.field({ type: DirectoryConnectionRef, resolve: (s) => s.connection }),
      hasBindPassword: t.exposeBoolean("hasBindPassword"),
      layout: t.field({
        type: "JSON",
        description: "groups, usersOu, posix (see the LDAP target's LayoutOptions).",
        resolve: (s) => s.layout,
      }),
      passwordMode: t.field({ type: PasswordModeEnum, resolve: (s) => s.passwordPolicy.mode }),
      passwordScheme: t.field({
        type: PasswordSchemeEnum,
        resolve: (s) => s.passwordPolicy.scheme ?? "ssha",
      }),
      hasInitialPassword: t.exposeBoolean("hasInitialPassword"),
      departedUserPolicy: t.field({
        type: DepartedUserPolicyEnum,
        resolve: (s) => s.departedUserPolicy,
      }),
      maxDestructive: t.int({
        nullable: true,
        description:
          "Deletions + disables a run may apply without approval (default 100; null: no limit).",
        resolve: (s) =>
          s.safetyThresholds.maxDestructive === undefined ? 100 : s.safetyThresholds.maxDestructive,
      }),
      maxDestructivePercent: t.float({
        nullable: true,
        description:
          "The same as a percentage of the managed entries (default 10; null: no limit).",
        resolve: (s) =>
          s.safetyThresholds.maxDestructivePercent === undefined
            ? 10
            : s.safetyThresholds.maxDestructivePercent,
      }),
      defaultEmailSuffix: t.exposeString("defaultEmailSuffix", { nullable: true }),
      updatedBy: t.exposeString("updatedBy", { nullable: true }),
      updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    }),
  });

const DirectorySettingsUpdateRef = builder
  .objectRef<DirectorySettingsUpdate>("DirectorySettingsUpdate")
  .implement({
    fields: (t) => ({
      settings: t.field({ type: DirectorySettingsRef, resolve: (update) => update.settings }),
      report: t.field({
        type: ConnectionReportRef,
        nullable: true,
        description:
          "The connection test of what was saved (schema or write access may still need fixing); null when saved without verifying.",
        resolve: (update) => update.report,
      }),
    }),
  });

const TlsInput = builder.inputType("DirectoryTlsInput", {
  fields: (t) => ({
    rejectUnauthorized: t.boolean({ required: false }),
    caCertPath: t.string({ required: false }),
  }),
});

const ConnectionInput = builder.inputType("DirectoryConnectionInput", {
  fields: (t) => ({
    url: t.string({ required: true, description: "`ldap://host:389` or `ldaps://host:636`." }),
    bindDn: t.string({ required: true }),
    baseDn: t.string({ required: true }),
    startTls: t.boolean({ required: false }),
    tls: t.field({ type: TlsInput, required: false }),
    timeoutMs: t.int({ required: false }),
    connectTimeoutMs: t.int({ required: false }),
    poolSize: t.int({ required: false }),
  }),
});

const SettingsInput = builder.inputType("DirectorySettingsInput", {
  description:
    "A change to the directory settings: a field left out keeps its value; `null` clears a password or the email suffix.",
  fields: (t) => ({
    connection: t.field({ type: ConnectionInput, required: false }),
    bindPassword: t.string({ required: false, description: "Write-only." }),
    layout: t.field({ type: "JSON", required: false }),
    passwordMode: t.field({ type: PasswordModeEnum, required: false }),
    passwordScheme: t.field({ type: PasswordSchemeEnum, required: false }),
    initialPassword: t.string({
      required: false,
      description: "Write-only; go-ldap-admin's user-init-password.",
    }),
    departedUserPolicy: t.field({ type: DepartedUserPolicyEnum, required: false }),
    maxDestructive: t.int({ required: false }),
    maxDestructivePercent: t.float({ required: false }),
    defaultEmailSuffix: t.string({ required: false }),
  }),
});

type SettingsInputShape = typeof SettingsInput.$inferInput;

/** Omitted stays omitted; an explicit null is passed on (it clears). */
const given = <T>(value: T | null | undefined) => value !== undefined;

/**
 * GraphQL's flat input → the service's nested one. Thresholds and password policy are
 * replaced as a whole there, so fields not given are filled from what is stored.
 */
function toServiceInput(
  input: SettingsInputShape,
  stored: DirectorySettingsRecord | null,
): UpdateDirectorySettingsInput {
  const result: Record<string, unknown> = {};
  if (input.connection) {
    const { tls, ...connection } = input.connection;
    result.connection = Object.fromEntries(
      Object.entries({
        ...connection,
        ...(tls
          ? { tls: Object.fromEntries(Object.entries(tls).filter(([, v]) => v != null)) }
          : {}),
      }).filter(([, value]) => value != null),
    );
  }
  if (given(input.bindPassword)) result.bindPassword = input.bindPassword;
  if (given(input.initialPassword)) result.initialPassword = input.initialPassword;
  if (given(input.defaultEmailSuffix)) result.defaultEmailSuffix = input.defaultEmailSuffix;
  if (input.layout != null) result.layout = input.layout;
  if (input.departedUserPolicy != null) result.departedUserPolicy = input.departedUserPolicy;
  if (input.passwordMode != null || input.passwordScheme != null) {
    result.passwordPolicy = {
      mode: input.passwordMode ?? stored?.passwordPolicy.mode ?? "initial",
      scheme: input.passwordScheme ?? stored?.passwordPolicy.scheme ?? "ssha",
    };
  }
  if (given(input.maxDestructive) || given(input.maxDestructivePercent)) {
    result.safetyThresholds = {
      ...stored?.safetyThresholds,
      ...(given(input.maxDestructive) ? { maxDestructive: input.maxDestructive } : {}),
      ...(given(input.maxDestructivePercent)
        ? { maxDestructivePercent: input.maxDestructivePercent }
        : {}),
    };
  }
  return result as UpdateDirectorySettingsInput;
}

const DirectoryGroupRef = builder.objectRef<DirectoryGroupNode>("DirectoryGroup").implement({
  fields: (t) => ({
    dn: t.exposeString("dn"),
    name: t.exposeString("name"),
    description: t.exposeString("description", {
      nullable: true,
      description:
        "The group's `description`: the department's name in the IM with the default relations (`研发中心` beside the pinyin `cn`).",
    }),
    anchor: t.exposeString("anchor", {
      nullable: true,
      description: "`<flag>:<department id>`; null for the group root and unmanaged entries.",
    }),
    parentDn: t.exposeString("parentDn", { nullable: true }),
    childCount: t.exposeInt("childCount"),
    memberCount: t.exposeInt("memberCount"),
  }),
});

const DirectoryUserRef = builder.objectRef<DirectoryUserNode>("DirectoryUser").implement({
  fields: (t) => ({
    dn: t.exposeString("dn"),
    username: t.exposeString("username"),
    displayName: t.exposeString("displayName", { nullable: true }),
    mail: t.exposeString("mail", { nullable: true }),
    anchor: t.exposeString("anchor", { nullable: true }),
    disabled: t.exposeBoolean("disabled"),
  }),
});

const pageRef = <T>(name: string, item: typeof DirectoryGroupRef | typeof DirectoryUserRef) =>
  builder.objectRef<DirectoryListPage<T>>(name).implement({
    fields: (t) => ({
      // biome-ignore lint/suspicious/noExplicitAny: one implementation for both item refs
      nodes: t.field({ type: [item as any], resolve: (page) => page.items as never }),
      totalCount: t.exposeInt("totalCount"),
      hasNextPage: t.exposeBoolean("hasNextPage"),
    }),
  });
const GroupPageRef = pageRef<DirectoryGroupNode>("DirectoryGroupPage", DirectoryGroupRef);
const UserPageRef = pageRef<DirectoryUserNode>("DirectoryUserPage", DirectoryUserRef);

const BrowseRef = builder.objectRef<DirectoryBrowseResult>("DirectoryBrowse").implement({
  description: "One level of a provider's managed tree: a group, its child groups and its members.",
  fields: (t) => ({
    parent: t.field({ type: DirectoryGroupRef, resolve: (result) => result.parent }),
    isRoot: t.exposeBoolean("isRoot"),
    exists: t.exposeBoolean("exists", {
      description: "False only for the group root of a provider that has not synced yet.",
    }),
    groups: t.field({ type: GroupPageRef, resolve: (result) => result.groups }),
    users: t.field({ type: UserPageRef, resolve: (result) => result.users }),
    endCursor: t.exposeString("endCursor", { nullable: true }),
    hasNextPage: t.exposeBoolean("hasNextPage"),
  }),
});

const SearchRef = builder.objectRef<DirectorySearchResult>("DirectoryUserSearch").implement({
  fields: (t) => ({
    nodes: t.field({ type: [DirectoryUserRef], resolve: (result) => result.items }),
    totalCount: t.exposeInt("totalCount"),
  }),
});

const DirectoryEntryKindEnum = builder.enumType("DirectoryEntryKind", {
  description:
    "`group`: a department under the provider's group root; `user`: a person in the users container; `container`: the group root or the users container itself.",
  values: ["group", "user", "container"] as const,
});

const DirectoryEntryRef = builder.objectRef<DirectoryEntryView>("DirectoryEntry").implement({
  description:
    "One entry of a provider's subtrees as the directory holds it. Password attributes are named in `secretAttributes`, never shown.",
  fields: (t) => ({
    dn: t.exposeString("dn"),
    kind: t.field({ type: DirectoryEntryKindEnum, resolve: (entry) => entry.kind }),
    anchor: t.exposeString("anchor", {
      nullable: true,
      description: "`<flag>:<source id>`; null for entries nobody anchored.",
    }),
    managed: t.exposeBoolean("managed", {
      description: "Carries this provider's anchor: orgsync created or adopted it.",
    }),
    disabled: t.exposeBoolean("disabled"),
    objectClasses: t.exposeStringList("objectClasses"),
    attributes: t.field({
      type: [AttributeValuesRef],
      description:
        "Text attributes by name, without objectClass, the anchor, the timestamps and secrets.",
      resolve: (entry) => entry.attributes,
    }),
    secretAttributes: t.exposeStringList("secretAttributes", {
      description: "Password attributes the entry holds (`userPassword`…); values never returned.",
    }),
    binaryAttributes: t.exposeStringList("binaryAttributes", {
      description: "Binary attributes the entry holds (`jpegPhoto`…), by name.",
    }),
    uuid: t.exposeString("uuid", { nullable: true, description: "`entryUUID`." }),
    createdAt: t.expose("createdAt", { type: "DateTime", nullable: true }),
    modifiedAt: t.expose("modifiedAt", { type: "DateTime", nullable: true }),
  }),
});

builder.queryFields((t) => ({
  directoryEntry: t.field({
    type: DirectoryEntryRef,
    errors: { types: READ_ERRORS },
    description:
      "One entry of the provider's group root or users container with its attributes and anchor. A DN elsewhere is refused (ValidationError naming the subtrees allowed).",
    args: {
      providerId: t.arg.id({ required: true }),
      dn: t.arg.string({ required: true }),
    },
    resolve: (_root, args, context) =>
      directory(context).entry({ providerId: String(args.providerId), dn: args.dn }),
  }),
  directorySettings: t.field({
    type: DirectorySettingsRef,
    nullable: true,
    description: "Null until the directory is configured.",
    resolve: (_root, _args, context) => directory(context).getSettings(),
  }),
  directoryTree: t.field({
    type: BrowseRef,
    errors: { types: READ_ERRORS },
    args: {
      providerId: t.arg.id({ required: true }),
      parentDn: t.arg.string({
        required: false,
        description: "A group's DN; the provider's group root when left out.",
      }),
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_root, args, context) =>
      directory(context).browse({
        providerId: String(args.providerId),
        ...(args.parentDn ? { parentDn: args.parentDn } : {}),
        ...(args.first == null ? {} : { first: args.first }),
        ...(args.after ? { after: args.after } : {}),
      }),
  }),
  directoryUsers: t.field({
    type: SearchRef,
    errors: { types: READ_ERRORS },
    description: "A provider's users whose username, name or email contains `query`.",
    args: {
      providerId: t.arg.id({ required: true }),
      query: t.arg.string({ required: true }),
      first: t.arg.int({ required: false }),
    },
    resolve: (_root, args, context) =>
      directory(context).searchUsers({
        providerId: String(args.providerId),
        query: args.query,
        ...(args.first == null ? {} : { first: args.first }),
      }),
  }),
}));

builder.mutationFields((t) => ({
  updateDirectorySettings: t.field({
    type: DirectorySettingsUpdateRef,
    errors: { types: [ConfigError, DirectoryConnectionError] },
    description:
      "Validates, tests (unless verify is false) and saves the directory settings; nothing is saved on error.",
    args: {
      input: t.arg({ type: SettingsInput, required: true }),
      verify: t.arg.boolean({ required: false, description: "Default true." }),
      force: t.arg.boolean({
        required: false,
        description:
          "Allow moving the base DN or layout after a sync (existing entries stay behind).",
      }),
    },
    resolve: async (_root, args, context) => {
      const stored = await directory(context).getSettings();
      return directory(context).updateSettings(
        toServiceInput(args.input, stored),
        actorOf(context),
        {
          verify: args.verify ?? true,
          force: args.force ?? false,
        },
      );
    },
  }),
  testDirectoryConnection: t.field({
    type: ConnectionReportRef,
    errors: { types: [ConfigError] },
    description: "Tests the saved settings, or a draft over them, without saving.",
    args: { draft: t.arg({ type: SettingsInput, required: false }) },
    resolve: async (_root, args, context) => {
      if (!args.draft) return directory(context).testConnection();
      const stored = await directory(context).getSettings();
      return directory(context).testConnection(toServiceInput(args.draft, stored));
    },
  }),
}));
