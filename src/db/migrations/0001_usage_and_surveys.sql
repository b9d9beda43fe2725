CREATE TABLE "survey_responses" (
	"portal_id" bigint NOT NULL,
	"id" text NOT NULL,
	"company_id" text NOT NULL,
	"contact_id" text,
	"kind" text NOT NULL,
	"score" integer NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"source" text DEFAULT 'api' NOT NULL,
	"comment" text,
	"from_hubspot" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_responses_portal_id_id_pk" PRIMARY KEY("portal_id","id")
);
--> statement-breakpoint
CREATE TABLE "usage_events" (
	"portal_id" bigint NOT NULL,
	"message_id" text NOT NULL,
	"company_id" text NOT NULL,
	"user_id" text NOT NULL,
	"event" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"session_id" text,
	"duration_seconds" integer,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_events_portal_id_message_id_pk" PRIMARY KEY("portal_id","message_id")
);
--> statement-breakpoint
CREATE INDEX "survey_responses_company_idx" ON "survey_responses" USING btree ("portal_id","company_id","submitted_at");--> statement-breakpoint
CREATE INDEX "survey_responses_time_idx" ON "survey_responses" USING btree ("portal_id","submitted_at");--> statement-breakpoint
CREATE INDEX "usage_events_company_time_idx" ON "usage_events" USING btree ("portal_id","company_id","occurred_at");--> statement-breakpoint
CREATE INDEX "usage_events_time_idx" ON "usage_events" USING btree ("portal_id","occurred_at");