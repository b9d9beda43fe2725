CREATE TABLE "hubspot_call_budgets" (
	"portal_id" bigint NOT NULL,
	"policy" text NOT NULL,
	"next_at_ms" bigint DEFAULT 0 NOT NULL,
	"paused_until" timestamp with time zone,
	"pause_reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hubspot_call_budgets_portal_id_policy_pk" PRIMARY KEY("portal_id","policy")
);
--> statement-breakpoint
CREATE TABLE "hubspot_call_slots" (
	"portal_id" bigint NOT NULL,
	"policy" text NOT NULL,
	"at_ms" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "hubspot_call_slots_recent_idx" ON "hubspot_call_slots" USING btree ("portal_id","policy","at_ms");