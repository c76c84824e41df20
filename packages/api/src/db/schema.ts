import type {
  AttributeChange,
  DepartedUserPolicy,
  FieldRelations,
  OperationOutcome,
  OperationType,
  SafetyThresholds,
  SyncScope,
} from "@orgsync/core";
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * orgsync's tables. drizzle-kit generates the SQL migrations in `../../drizzle/` from this file
 * (`pnpm --filter @orgsync/api db:generate`); the same migrations run on PGlite and PostgreSQL.
 *
 * Closed value sets are `text` + a CHECK constraint rather than Postgres enums: adding a value
 * later is a plain constraint swap inside a transaction, which `ALTER TYPE … ADD VALUE` is not.
 * Secrets never live in a jsonb column: they sit in `text` columns holding the secret box's
 * versioned ciphertext, so a careless `select config` can never leak one.
 */

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

/** SQL `IN (…)` list of string literals for CHECK constraints and index predicates. */
function inList(values: readonly string[]) {
  return sql.raw(values.map((value) => `'${value}'`).join(", "));
}

// ---------------------------------------------------------------------------------------------
// Providers and their field relations

/** One connected IM: a Feishu app, later a DingTalk or WeCom one. */
export const providers = pgTable("providers", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** The provider package's id (`provider-feishu` ↔ `"feishu"`). */
  kind: text("kind").notNull(),
  /**
   * go-ldap-admin's `flag`: part of every anchor and of the groups' root (`ou=<flag>root`), so
   * it is unique and must never change once entries carry it.
   */
  flag: text("flag").notNull().unique("providers_flag_unique"),
  name: text("name").notNull(),
  /** The provider's settings minus its secret fields. */
  config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
  /** The secret fields (`appSecret`, …) as one JSON object, encrypted by the secret box. */
  secrets: text("secrets"),
  /**
   * The names of the secret fields `secrets` holds (`["appSecret"]`), never their values: the
   * admin form says which secret is set without the key being used. Null on rows saved before
   * this column existed; the repository then reads the names from the decrypted secrets.
   */
  secretNames: jsonb("secret_names").$type<string[]>(),
  enabled: boolean("enabled").notNull().default(true),
  /** How runs of this provider plan (go-ldap-admin's `is-update-syncd` → `updateExisting`). */
  syncOptions: jsonb("sync_options").$type<ProviderSyncOptions>().notNull().default({}),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export interface ProviderSyncOptions {
  /**
   * Update attributes of accounts that exist (go-ldap-admin's `is-update-syncd`, off there).
   * Default: `true` — identity no longer depends on the DN, so updating is safe.
   */
  updateExisting?: boolean;
}

export const FIELD_RELATION_KINDS = ["group", "user"] as const;
export type FieldRelationKind = (typeof FIELD_RELATION_KINDS)[number];
/** The relations of one kind: `FieldRelations["group"]` or `FieldRelations["user"]`. */
export type StoredFieldRelations = FieldRelations[FieldRelationKind];

/** The current field relations per provider and kind; every save bumps `version`. */
export const fieldRelations = pgTable(
  "field_relations",
  {
    providerId: uuid("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: FIELD_RELATION_KINDS }).notNull(),
    relations: jsonb("relations").$type<StoredFieldRelations>().notNull(),
    version: integer("version").notNull(),
    updatedBy: text("updated_by"),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: "field_relations_pk", columns: [t.providerId, t.kind] }),
    check("field_relations_kind_check", sql`${t.kind} in (${inList(FIELD_RELATION_KINDS)})`),
  ],
);

/** Every saved version of a provider's field relations, for history and rollback. */
export const fieldRelationHistory = pgTable(
  "field_relation_history",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    providerId: uuid("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: FIELD_RELATION_KINDS }).notNull(),
    version: integer("version").notNull(),
    relations: jsonb("relations").$type<StoredFieldRelations>().notNull(),
    updatedBy: text("updated_by"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("field_relation_history_version_unique").on(t.providerId, t.kind, t.version),
    check("field_relation_history_kind_check", sql`${t.kind} in (${inList(FIELD_RELATION_KINDS)})`),
  ],
);

// ---------------------------------------------------------------------------------------------
// The directory

/** Where and how to reach the LDAP server; the bind password is kept apart, encrypted. */
export interface DirectoryConnectionSettings {
  /** Example: `"ldap://ldap.example.com:389"`. */
  url: string;
  /** Example: `"cn=admin,dc=example,dc=com"`. */
  bindDn: string;
  /** Example: `"dc=example,dc=com"`. */
  baseDn: string;
  /** Further connection options (TLS, timeouts, pool size), as the LDAP target reads them. */
  [option: string]: unknown;
}

/**
 * How new users get their first password. `initial`: the seed's `user-init-password` (kept
 * encrypted in `directory_settings.initial_password`); `random`: a fresh one per user.
 */
export interface PasswordPolicy {
  mode: "initial" | "random";
  /**
   * How passwords are stored: `ssha` (go-ldap-admin's default), `clear` (the server hashes, e.g.
   * with ppolicy's `olcPPolicyHashCleartext`), `exop` (the Password Modify extended operation).
   * Default: `"ssha"`.
   */
  scheme?: "ssha" | "clear" | "exop";
}

export const DEPARTED_USER_POLICIES = [
  "disable",
  "delete",
  "keep",
] as const satisfies readonly DepartedUserPolicy[];

/** The one LDAP directory orgsync writes to: a single row, `id = 1`. */
export const directorySettings = pgTable(
  "directory_settings",
  {
    id: integer("id").primaryKey().default(1),
    connection: jsonb("connection").$type<DirectoryConnectionSettings>().notNull(),
    /** The bind password, encrypted by the secret box. */
    bindPassword: text("bind_password"),
    /** The layout profile's options (where users and groups go, object classes). */
    layout: jsonb("layout").$type<Record<string, unknown>>().notNull().default({}),
    passwordPolicy: jsonb("password_policy")
      .$type<PasswordPolicy>()
      .notNull()
      .default({ mode: "initial" }),
    /** The initial password for `passwordPolicy.mode = "initial"`, encrypted by the secret box. */
    initialPassword: text("initial_password"),
    departedUserPolicy: text("departed_user_policy", { enum: DEPARTED_USER_POLICIES })
      .notNull()
      .default("disable"),
    safetyThresholds: jsonb("safety_thresholds").$type<SafetyThresholds>().notNull().default({}),
    /**
     * go-ldap-admin's `default-email-suffix`: users without an email get `<username>@<suffix>`
     * through the `default_email` field of their relations. A domain without "@".
     */
    defaultEmailSuffix: text("default_email_suffix"),
    updatedBy: text("updated_by"),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("directory_settings_single_row", sql`${t.id} = 1`),
    check(
      "directory_settings_departed_user_policy_check",
      sql`${t.departedUserPolicy} in (${inList(DEPARTED_USER_POLICIES)})`,
    ),
  ],
);

// ---------------------------------------------------------------------------------------------
// Runs

export const RUN_SCOPES = ["GROUPS", "USERS", "ALL"] as const satisfies readonly SyncScope[];
export const RUN_TRIGGERS = ["manual", "schedule", "event", "api"] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];
export const RUN_STATUSES = [
  "queued",
  "planning",
  "needs_approval",
  "applying",
  "succeeded",
  "failed",
  "cancelled",
  "interrupted",
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** Statuses of a run that holds its provider: at most one such run per provider. */
export const ACTIVE_RUN_STATUSES = [
  "queued",
  "planning",
  "needs_approval",
  "applying",
] as const satisfies readonly RunStatus[];

/** Statuses a run never leaves. */
export const TERMINAL_RUN_STATUSES = [
  "succeeded",
  "failed",
  "cancelled",
  "interrupted",
] as const satisfies readonly RunStatus[];

/** Operations counted by type and outcome: `{ createUser: { succeeded: 3, failed: 1 } }`. */
export type RunCounts = Partial<Record<OperationType, Partial<Record<RunItemOutcome, number>>>>;

export const RUN_ITEM_OUTCOMES = [
  "planned",
  "succeeded",
  "failed",
  "skipped",
  "cancelled",
] as const satisfies readonly (OperationOutcome | "planned")[];
/** What happened to one object; `planned` for the items of a dry run or a held plan. */
export type RunItemOutcome = (typeof RUN_ITEM_OUTCOMES)[number];

/** The objects an event-driven run re-reads and plans; nothing else is touched. */
export interface RunTargets {
  departmentIds: string[];
  userIds: string[];
}

/** One sync of one provider: a background job with progress, a stored plan and a log. */
export const runs = pgTable(
  "runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    providerId: uuid("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "cascade" }),
    scope: text("scope", { enum: RUN_SCOPES }).notNull(),
    trigger: text("trigger", { enum: RUN_TRIGGERS }).notNull(),
    dryRun: boolean("dry_run").notNull().default(false),
    status: text("status", { enum: RUN_STATUSES }).notNull().default("queued"),
    /**
     * An event-driven run plans only these objects (core's `targeted`); `null` for a full run.
     * Example: `{ departmentIds: [], userIds: ["ou_9"] }`.
     */
    targets: jsonb("targets").$type<RunTargets>(),
    /** The stored plan (core's `Plan`): shown for dry runs, applied as-is after approval. */
    plan: jsonb("plan").$type<Record<string, unknown>>(),
    counts: jsonb("counts").$type<RunCounts>().notNull().default({}),
    progressDone: integer("progress_done").notNull().default(0),
    progressTotal: integer("progress_total"),
    error: text("error"),
    /** Who asked: an admin's username, `schedule`, `event:<type>`, `cli`. */
    requestedBy: text("requested_by"),
    approvedBy: text("approved_by"),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    /** The process working on the run, so a restart can tell its own runs from a live peer's. */
    workerId: text("worker_id"),
    /**
     * Set by `cancelRun`; the worker (in this or another process) checks it with every progress
     * beat and aborts, so a cancel reaches a run wherever it executes.
     */
    cancelRequestedAt: timestamp("cancel_requested_at", { withTimezone: true }),
    /** Bumped with progress; a stale heartbeat marks a run whose process died. */
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    createdAt: createdAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    // The cross-process "one run per provider" guard: the database refuses a second active run,
    // whichever process or node inserts it.
    uniqueIndex("runs_one_active_per_provider")
      .on(t.providerId)
      .where(sql`${t.status} in (${inList(ACTIVE_RUN_STATUSES)})`),
    index("runs_provider_created_idx").on(t.providerId, t.createdAt, t.id),
    index("runs_created_idx").on(t.createdAt, t.id),
    index("runs_status_idx").on(t.status),
    check("runs_scope_check", sql`${t.scope} in (${inList(RUN_SCOPES)})`),
    check("runs_trigger_check", sql`${t.trigger} in (${inList(RUN_TRIGGERS)})`),
    check("runs_status_check", sql`${t.status} in (${inList(RUN_STATUSES)})`),
  ],
);

/** One object's line in a run's log: the operation, its attribute diff and what happened. */
export const runItems = pgTable(
  "run_items",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    /** Position in the plan, from 0: the paging key. */
    seq: integer("seq").notNull(),
    op: text("op").$type<OperationType>().notNull(),
    anchor: text("anchor").notNull(),
    dn: text("dn").notNull(),
    changes: jsonb("changes").$type<AttributeChange[]>().notNull().default([]),
    outcome: text("outcome", { enum: RUN_ITEM_OUTCOMES }).notNull(),
    /** core's `DirectoryErrorCategory`, `cancelled` or `breakerOpen`. */
    errorCategory: text("error_category"),
    message: text("message"),
    attempts: integer("attempts").notNull().default(0),
    durationMs: integer("duration_ms"),
  },
  (t) => [
    primaryKey({ name: "run_items_pk", columns: [t.runId, t.seq] }),
    index("run_items_outcome_idx").on(t.runId, t.outcome, t.seq),
    index("run_items_op_idx").on(t.runId, t.op, t.seq),
    check("run_items_outcome_check", sql`${t.outcome} in (${inList(RUN_ITEM_OUTCOMES)})`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Schedules

/**
 * When a provider syncs on its own: one cron per scope (go-ldap-admin's `dept-sync-time` is
 * GROUPS, `user-sync-time` USERS; or one ALL). Five fields, or six with seconds first.
 */
export const schedules = pgTable(
  "schedules",
  {
    providerId: uuid("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "cascade" }),
    scope: text("scope", { enum: RUN_SCOPES }).notNull(),
    /** Example: `"0 0,30 * * * *"` (on the hour and half hour, seconds first) or `"0 2 * * *"`. */
    cron: text("cron").notNull(),
    /** IANA zone the cron is read in. Example: `"Asia/Shanghai"`. */
    timezone: text("timezone").notNull().default("UTC"),
    enabled: boolean("enabled").notNull().default(true),
    updatedBy: text("updated_by"),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: "schedules_pk", columns: [t.providerId, t.scope] }),
    check("schedules_scope_check", sql`${t.scope} in (${inList(RUN_SCOPES)})`),
  ],
);

export const SCHEDULE_FIRE_OUTCOMES = ["started", "skipped", "failed"] as const;

/**
 * Every fire of a schedule, once: the primary key makes a second process's insert for the same
 * fire lose, so several processes on one PostgreSQL start exactly one run per fire. A fire
 * while the provider is busy is recorded `skipped`, never stacked.
 */
export const scheduleFires = pgTable(
  "schedule_fires",
  {
    providerId: uuid("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "cascade" }),
    scope: text("scope", { enum: RUN_SCOPES }).notNull(),
    fireAt: timestamp("fire_at", { withTimezone: true }).notNull(),
    outcome: text("outcome", { enum: SCHEDULE_FIRE_OUTCOMES }).notNull(),
    runId: uuid("run_id").references(() => runs.id, { onDelete: "set null" }),
    /** Why it was skipped or failed. */
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "schedule_fires_pk", columns: [t.providerId, t.scope, t.fireAt] }),
    index("schedule_fires_created_idx").on(t.providerId, t.createdAt),
    check("schedule_fires_outcome_check", sql`${t.outcome} in (${inList(SCHEDULE_FIRE_OUTCOMES)})`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Admins, sessions, audit

export const admins = pgTable(
  "admins",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    username: text("username").notNull(),
    /** `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` (base64): the parameters travel with the hash. */
    passwordHash: text("password_hash").notNull(),
    createdAt: createdAt(),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
  },
  // Case-insensitive: `Admin` and `admin` are one account.
  (t) => [uniqueIndex("admins_username_unique").on(sql`lower(${t.username})`)],
);

/** Admin sessions. The id is the SHA-256 of the bearer token: a leaked table grants nothing. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    adminId: uuid("admin_id")
      .notNull()
      .references(() => admins.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    userAgent: text("user_agent"),
    ip: text("ip"),
  },
  (t) => [index("sessions_admin_idx").on(t.adminId), index("sessions_expires_idx").on(t.expiresAt)],
);

/** Failed logins per key (username, IP) in a fixed window, for rate limiting. */
export const loginAttempts = pgTable("login_attempts", {
  key: text("key").primaryKey(),
  count: integer("count").notNull(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
});

/** Every admin change: who, when, what, on which object. Details never hold secrets. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    adminId: uuid("admin_id").references(() => admins.id, { onDelete: "set null" }),
    /** Example: `provider.update`, `run.approve`, `admin.login`. */
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_target_idx").on(t.targetType, t.targetId),
  ],
);
