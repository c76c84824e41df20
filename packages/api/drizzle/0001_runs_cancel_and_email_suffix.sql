ALTER TABLE "directory_settings" ADD COLUMN "default_email_suffix" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "cancel_requested_at" timestamp with time zone;