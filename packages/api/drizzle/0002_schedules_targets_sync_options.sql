CREATE TABLE "schedule_fires" (
	"provider_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"fire_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"run_id" uuid,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedule_fires_pk" PRIMARY KEY("provider_id","scope","fire_at"),
	CONSTRAINT "schedule_fires_outcome_check" CHECK ("schedule_fires"."outcome" in ('started', 'skipped', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"provider_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"cron" text NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedules_pk" PRIMARY KEY("provider_id","scope"),
	CONSTRAINT "schedules_scope_check" CHECK ("schedules"."scope" in ('GROUPS', 'USERS', 'ALL'))
);
--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "sync_options" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "targets" jsonb;--> statement-breakpoint
ALTER TABLE "schedule_fires" ADD CONSTRAINT "schedule_fires_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_fires" ADD CONSTRAINT "schedule_fires_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "schedule_fires_created_idx" ON "schedule_fires" USING btree ("provider_id","created_at");