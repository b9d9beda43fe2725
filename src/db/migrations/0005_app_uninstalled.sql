ALTER TABLE "installations" ADD COLUMN "uninstalled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "installations" ADD COLUMN "data_deletion_due_at" timestamp with time zone;