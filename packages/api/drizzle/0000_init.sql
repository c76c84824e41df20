CREATE TABLE "admins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"admin_id" uuid,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"connection" jsonb NOT NULL,
	"bind_password" text,
	"layout" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"password_policy" jsonb DEFAULT '{"mode":"initial"}'::jsonb NOT NULL,
	"initial_password" text,
	"departed_user_policy" text DEFAULT 'disable' NOT NULL,
	"safety_thresholds" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_settings_single_row" CHECK ("directory_settings"."id" = 1),
	CONSTRAINT "directory_settings_departed_user_policy_check" CHECK ("directory_settings"."departed_user_policy" in ('disable', 'delete', 'keep'))
);
--> statement-breakpoint
CREATE TABLE "field_relation_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "field_relation_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"provider_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"relations" jsonb NOT NULL,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "field_relation_history_kind_check" CHECK ("field_relation_history"."kind" in ('group', 'user'))
);
--> statement-breakpoint
CREATE TABLE "field_relations" (
	"provider_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"relations" jsonb NOT NULL,
	"version" integer NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "field_relations_pk" PRIMARY KEY("provider_id","kind"),
	CONSTRAINT "field_relations_kind_check" CHECK ("field_relations"."kind" in ('group', 'user'))
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"key" text PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"window_start" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"flag" text NOT NULL,
	"name" text NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secrets" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "providers_flag_unique" UNIQUE("flag")
);
--> statement-breakpoint
CREATE TABLE "run_items" (
	"run_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"op" text NOT NULL,
	"anchor" text NOT NULL,
	"dn" text NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outcome" text NOT NULL,
	"error_category" text,
	"message" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"duration_ms" integer,
	CONSTRAINT "run_items_pk" PRIMARY KEY("run_id","seq"),
	CONSTRAINT "run_items_outcome_check" CHECK ("run_items"."outcome" in ('planned', 'succeeded', 'failed', 'skipped', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"trigger" text NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"plan" jsonb,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer,
	"error" text,
	"requested_by" text,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"worker_id" text,
	"heartbeat_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "runs_scope_check" CHECK ("runs"."scope" in ('GROUPS', 'USERS', 'ALL')),
	CONSTRAINT "runs_trigger_check" CHECK ("runs"."trigger" in ('manual', 'schedule', 'event', 'api')),
	CONSTRAINT "runs_status_check" CHECK ("runs"."status" in ('queued', 'planning', 'needs_approval', 'applying', 'succeeded', 'failed', 'cancelled', 'interrupted'))
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"admin_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_agent" text,
	"ip" text
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_admin_id_admins_id_fk" FOREIGN KEY ("admin_id") REFERENCES "public"."admins"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_relation_history" ADD CONSTRAINT "field_relation_history_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_relations" ADD CONSTRAINT "field_relations_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_items" ADD CONSTRAINT "run_items_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_admin_id_admins_id_fk" FOREIGN KEY ("admin_id") REFERENCES "public"."admins"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "admins_username_unique" ON "admins" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE UNIQUE INDEX "field_relation_history_version_unique" ON "field_relation_history" USING btree ("provider_id","kind","version");--> statement-breakpoint
CREATE INDEX "run_items_outcome_idx" ON "run_items" USING btree ("run_id","outcome","seq");--> statement-breakpoint
CREATE INDEX "run_items_op_idx" ON "run_items" USING btree ("run_id","op","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "runs_one_active_per_provider" ON "runs" USING btree ("provider_id") WHERE "runs"."status" in ('queued', 'planning', 'needs_approval', 'applying');--> statement-breakpoint
CREATE INDEX "runs_provider_created_idx" ON "runs" USING btree ("provider_id","created_at","id");--> statement-breakpoint
CREATE INDEX "runs_created_idx" ON "runs" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "runs_status_idx" ON "runs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "sessions_admin_idx" ON "sessions" USING btree ("admin_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");