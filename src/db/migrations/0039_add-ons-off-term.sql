ALTER TABLE "renewal_checks" ADD COLUMN "add_ons_off_term" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "renewal_checks" ADD COLUMN "co_term_add_ons" boolean DEFAULT false NOT NULL;