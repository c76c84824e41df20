import { ConfigError } from "@orgsync/core";
import { Tokens } from "../../container/tokens.ts";
import type { UnsupportedKey } from "../../import/go-ldap-admin-config.ts";
import type {
  GoLdapAdminImportReport,
  ImportedDirectory,
  ImportedProvider,
  ImportedSchedule,
} from "../../import/import-service.ts";
import { DirectoryConnectionError } from "../../services/errors.ts";
import { builder } from "../builder.ts";
import { actorOf } from "../context.ts";
import { ConnectionReportRef } from "./connection-report.ts";
import { SyncScopeEnum } from "./runs.ts";

const ImportActionEnum = builder.enumType("ImportAction", {
  description:
    "What an import did (or, in a dry run, would do). `failed`: a provider step refused after the directory was saved; `reason` says why.",
  values: ["created", "updated", "skipped", "failed"] as const,
});

const UnsupportedCategoryEnum = builder.enumType("ImportUnsupportedCategory", {
  description:
    "`unknown`: not a key the tool reads (a typo?); `unsupported`: cannot be carried over; `notNeeded`: orgsync works differently; `notOrgsyncsConcern`: the tool's own server settings.",
  values: ["unknown", "unsupported", "notNeeded", "notOrgsyncsConcern"] as const,
});

const ImportIssueRef = builder
  .objectRef<{ path: string; message: string }>("ImportConfigIssue")
  .implement({
    description: "A value the provider's plugin refuses, named by the file's key and line.",
    fields: (t) => ({ path: t.exposeString("path"), message: t.exposeString("message") }),
  });

const ImportedDirectoryRef = builder.objectRef<ImportedDirectory>("ImportedDirectory").implement({
  description: "The directory settings after the import; passwords only as set or not.",
  fields: (t) => ({
    action: t.field({ type: ImportActionEnum, resolve: (d) => d.action }),
    url: t.exposeString("url"),
    baseDn: t.exposeString("baseDn"),
    bindDn: t.exposeString("bindDn"),
    usersOu: t.exposeString("usersOu", { description: "Accounts go to `ou=<usersOu>,<baseDn>`." }),
    bindPasswordSet: t.exposeBoolean("bindPasswordSet"),
    initialPasswordSet: t.exposeBoolean("initialPasswordSet"),
    passwordMode: t.string({
      description: "`initial` or `random`.",
      resolve: (d) => d.passwordPolicy.mode,
    }),
    passwordScheme: t.string({
      description: "`ssha`, `clear` or `exop`.",
      resolve: (d) => d.passwordPolicy.scheme,
    }),
    defaultEmailSuffix: t.exposeString("defaultEmailSuffix", { nullable: true }),
    verified: t.exposeBoolean("verified"),
    report: t.field({ type: ConnectionReportRef, nullable: true, resolve: (d) => d.report }),
  }),
});

const ImportedProviderRef = builder.objectRef<ImportedProvider>("ImportedProvider").implement({
  description: "One IM block of the file and the provider it became (or would become).",
  fields: (t) => ({
    flag: t.exposeString("flag"),
    kind: t.exposeString("kind"),
    action: t.field({ type: ImportActionEnum, resolve: (p) => p.action }),
    reason: t.string({ nullable: true, resolve: (p) => p.reason ?? null }),
    id: t.exposeID("id", { nullable: true }),
    name: t.exposeString("name"),
    enabled: t.exposeBoolean("enabled"),
    config: t.field({
      type: "JSON",
      description: "The settings as stored (or as they would be), without secrets.",
      resolve: (p) => p.config,
    }),
    secretsSet: t.exposeStringList("secretsSet", {
      description: "Secret fields the file gives values for.",
    }),
    updateExisting: t.boolean({
      description: "go-ldap-admin's `is-update-syncd` (default true when the file does not say).",
      resolve: (p) => p.syncOptions.updateExisting ?? true,
    }),
    fieldRelations: t.string({
      nullable: true,
      description:
        "`defaults`: go-ldap-admin's seeded relations were saved; `kept`: the provider's own stay.",
      resolve: (p) => p.fieldRelations,
    }),
    configIssues: t.field({
      type: [ImportIssueRef],
      description:
        "Values the plugin refuses (sample values such as `app-id: xxxxxxx`), stored as given: runs refuse to start until they are fixed.",
      resolve: (p) => p.configIssues,
    }),
    connection: t.field({
      type: ConnectionReportRef,
      nullable: true,
      resolve: (p) => p.connection,
    }),
  }),
});

const ImportedScheduleRef = builder.objectRef<ImportedSchedule>("ImportedSchedule").implement({
  fields: (t) => ({
    flag: t.exposeString("flag"),
    scope: t.field({ type: SyncScopeEnum, resolve: (s) => s.scope }),
    cron: t.exposeString("cron"),
    timezone: t.exposeString("timezone"),
    enabled: t.exposeBoolean("enabled"),
    path: t.exposeString("path", { description: "The key it came from: `feishu.dept-sync-time`." }),
    action: t.field({ type: ImportActionEnum, resolve: (s) => s.action }),
    reason: t.string({ nullable: true, resolve: (s) => s.reason ?? null }),
  }),
});

const UnsupportedKeyRef = builder.objectRef<UnsupportedKey>("ImportUnsupportedKey").implement({
  description: "A key of the file that was not carried over, and why.",
  fields: (t) => ({
    path: t.exposeString("path", { description: "`ldap.max-conn`, `system`." }),
    line: t.exposeInt("line"),
    category: t.field({ type: UnsupportedCategoryEnum, resolve: (k) => k.category }),
    reason: t.exposeString("reason"),
  }),
});

const ImportReportRef = builder.objectRef<GoLdapAdminImportReport>("ImportReport").implement({
  description: "What an import of go-ldap-admin's config.yml did, or would do (`dryRun`).",
  fields: (t) => ({
    dryRun: t.exposeBoolean("dryRun"),
    directory: t.field({
      type: ImportedDirectoryRef,
      nullable: true,
      description: "Null when the file has no `ldap` block.",
      resolve: (r) => r.directory,
    }),
    providers: t.field({ type: [ImportedProviderRef], resolve: (r) => r.providers }),
    schedules: t.field({ type: [ImportedScheduleRef], resolve: (r) => r.schedules }),
    unsupported: t.field({ type: [UnsupportedKeyRef], resolve: (r) => r.unsupported }),
    json: t.field({
      type: "JSON",
      description: "The whole report as one JSON value, for scripts (the CLI prints it).",
      resolve: (r) => r,
    }),
  }),
});

builder.mutationFields((t) => ({
  importGoLdapAdminConfig: t.field({
    type: ImportReportRef,
    errors: { types: [ConfigError, DirectoryConnectionError] },
    description:
      "Imports go-ldap-admin's config.yml: its ldap block into the directory settings, each IM block into a provider with go-ldap-admin's field relations and its schedules. Every key not carried over is listed. Nothing is saved on a ValidationError (its issues name the file's keys and lines) or, with verify, a DirectoryConnectionError.",
    args: {
      yaml: t.arg.string({ required: true, description: "The config.yml text." }),
      dryRun: t.arg.boolean({
        defaultValue: false,
        description: "Report what would be imported; store nothing.",
      }),
      verify: t.arg.boolean({
        defaultValue: false,
        description:
          "Test the directory connection and the providers' credentials before saving them.",
      }),
      timezone: t.arg.string({
        required: false,
        description:
          "IANA zone the crons are read in (go-ldap-admin used its server's local time). Default: this server's zone.",
      }),
    },
    resolve: (_root, args, context) =>
      context.container
        .resolve(Tokens.ImportService)
        .importGoLdapAdminConfig(args.yaml, actorOf(context), {
          dryRun: args.dryRun ?? false,
          verify: args.verify ?? false,
          ...(args.timezone == null ? {} : { timezone: args.timezone }),
        }),
  }),
}));
