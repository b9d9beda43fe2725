CREATE TABLE "card_actions" (
	"portal_id" bigint NOT NULL,
	"id" text NOT NULL,
	"company_id" text NOT NULL,
	"action" text NOT NULL,
	"subject" text NOT NULL,
	"actor" text NOT NULL,
	"result_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_actions_portal_id_id_pk" PRIMARY KEY("portal_id","id")
);
--> statement-breakpoint
CREATE TABLE "dismissed_suggestions" (
	"portal_id" bigint NOT NULL,
	"company_id" text NOT NULL,
	"kind" text NOT NULL,
	"product" text NOT NULL,
	"reason" text NOT NULL,
	"dismissed_by" text NOT NULL,
	"dismissed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dismissed_suggestions_portal_id_company_id_kind_product_dismissed_at_pk" PRIMARY KEY("portal_id","company_id","kind","product","dismissed_at")
);
--> statement-breakpoint
CREATE TABLE "health_scores" (
	"portal_id" bigint NOT NULL,
	"company_id" text NOT NULL,
	"score_date" date NOT NULL,
	"score" integer NOT NULL,
	"band" text NOT NULL,
	"stage" text,
	"adoption_since" date,
	"active_users" integer DEFAULT 0 NOT NULL,
	"seats" integer,
	"explanation" jsonb NOT NULL,
	"alerts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"suggestions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "health_scores_portal_id_company_id_score_date_pk" PRIMARY KEY("portal_id","company_id","score_date")
);
--> statement-breakpoint
CREATE TABLE "onboarding_milestones" (
	"portal_id" bigint NOT NULL,
	"company_id" text NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"required" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"due_date" date NOT NULL,
	"done_at" timestamp with time zone,
	"done_by" text,
	CONSTRAINT "onboarding_milestones_portal_id_company_id_key_pk" PRIMARY KEY("portal_id","company_id","key")
);
--> statement-breakpoint
CREATE TABLE "onboarding_records" (
	"portal_id" bigint NOT NULL,
	"company_id" text NOT NULL,
	"handoff_date" date NOT NULL,
	"touch_model" text NOT NULL,
	"manual_stage" text,
	"manual_stage_set_by" text,
	"manual_stage_set_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "onboarding_records_portal_id_company_id_pk" PRIMARY KEY("portal_id","company_id")
);
--> statement-breakpoint
CREATE TABLE "companies" (
	"portal_id" bigint NOT NULL,
	"id" text NOT NULL,
	"name" text,
	"domain" text,
	"industry" text,
	"owner_id" text,
	"lifecycle_stage" text,
	"tier" text,
	"account_id" text,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"hubspot_created_at" timestamp with time zone,
	"hubspot_updated_at" timestamp with time zone,
	"archived" boolean DEFAULT false NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "companies_portal_id_id_pk" PRIMARY KEY("portal_id","id")
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"portal_id" bigint NOT NULL,
	"deal_id" text NOT NULL,
	"company_id" text NOT NULL,
	"kind" text NOT NULL,
	"product" text NOT NULL,
	"mrr_minor" bigint NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"close_date" date,
	"seats" integer,
	"derived_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contracts_portal_id_deal_id_pk" PRIMARY KEY("portal_id","deal_id")
);
--> statement-breakpoint
CREATE TABLE "deal_companies" (
	"portal_id" bigint NOT NULL,
	"deal_id" text NOT NULL,
	"company_id" text NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "deal_companies_portal_id_deal_id_company_id_pk" PRIMARY KEY("portal_id","deal_id","company_id")
);
--> statement-breakpoint
CREATE TABLE "deals" (
	"portal_id" bigint NOT NULL,
	"id" text NOT NULL,
	"name" text,
	"amount" text,
	"close_date" timestamp with time zone,
	"pipeline_id" text,
	"stage_id" text,
	"deal_type" text,
	"owner_id" text,
	"primary_company_id" text,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"hubspot_created_at" timestamp with time zone,
	"hubspot_updated_at" timestamp with time zone,
	"archived" boolean DEFAULT false NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deals_portal_id_id_pk" PRIMARY KEY("portal_id","id")
);
--> statement-breakpoint
CREATE TABLE "owners" (
	"portal_id" bigint NOT NULL,
	"id" text NOT NULL,
	"email" text,
	"first_name" text,
	"last_name" text,
	"user_id" bigint,
	"teams" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"hubspot_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "owners_portal_id_id_pk" PRIMARY KEY("portal_id","id")
);
--> statement-breakpoint
CREATE TABLE "pipeline_stages" (
	"portal_id" bigint NOT NULL,
	"object_type" text NOT NULL,
	"pipeline_id" text NOT NULL,
	"pipeline_label" text NOT NULL,
	"id" text NOT NULL,
	"label" text NOT NULL,
	"display_order" integer DEFAULT 0 NOT NULL,
	"is_closed" boolean DEFAULT false NOT NULL,
	"probability" text,
	"is_closed_won" boolean DEFAULT false NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pipeline_stages_portal_id_object_type_pipeline_id_id_pk" PRIMARY KEY("portal_id","object_type","pipeline_id","id")
);
--> statement-breakpoint
CREATE TABLE "portals" (
	"id" bigint PRIMARY KEY NOT NULL,
	"name" text,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_states" (
	"portal_id" bigint NOT NULL,
	"object_type" text NOT NULL,
	"status" text DEFAULT 'idle' NOT NULL,
	"cursor" text,
	"records_synced" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_states_portal_id_object_type_pk" PRIMARY KEY("portal_id","object_type")
);
--> statement-breakpoint
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
CREATE TABLE "ingestion_api_keys" (
	"portal_id" bigint NOT NULL,
	"id" text NOT NULL,
	"name" text,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "ingestion_api_keys_portal_id_id_pk" PRIMARY KEY("portal_id","id")
);
--> statement-breakpoint
CREATE TABLE "usage_daily_active_users" (
	"portal_id" bigint NOT NULL,
	"company_id" text NOT NULL,
	"day" date NOT NULL,
	"user_id" text NOT NULL,
	"event_count" integer NOT NULL,
	CONSTRAINT "usage_daily_active_users_portal_id_company_id_day_user_id_pk" PRIMARY KEY("portal_id","company_id","day","user_id")
);
--> statement-breakpoint
CREATE TABLE "usage_daily_features" (
	"portal_id" bigint NOT NULL,
	"company_id" text NOT NULL,
	"day" date NOT NULL,
	"feature" text NOT NULL,
	"event_count" integer NOT NULL,
	CONSTRAINT "usage_daily_features_portal_id_company_id_day_feature_pk" PRIMARY KEY("portal_id","company_id","day","feature")
);
--> statement-breakpoint
CREATE TABLE "usage_pending_events" (
	"portal_id" bigint NOT NULL,
	"message_id" text NOT NULL,
	"account_id" text,
	"user_id" text NOT NULL,
	"event" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"session_id" text,
	"duration_seconds" integer,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_pending_events_portal_id_message_id_pk" PRIMARY KEY("portal_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "usage_sessions" (
	"portal_id" bigint NOT NULL,
	"company_id" text NOT NULL,
	"user_id" text NOT NULL,
	"session_key" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"start_day" date NOT NULL,
	"length_milliseconds" bigint NOT NULL,
	"last_event_at" timestamp with time zone NOT NULL,
	"active_until" timestamp with time zone NOT NULL,
	"event_count" integer NOT NULL,
	CONSTRAINT "usage_sessions_portal_id_company_id_user_id_session_key_started_at_pk" PRIMARY KEY("portal_id","company_id","user_id","session_key","started_at")
);
--> statement-breakpoint
CREATE TABLE "usage_user_accounts" (
	"portal_id" bigint NOT NULL,
	"user_id" text NOT NULL,
	"account_id" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_user_accounts_portal_id_user_id_pk" PRIMARY KEY("portal_id","user_id")
);
--> statement-breakpoint
CREATE INDEX "card_actions_company_idx" ON "card_actions" USING btree ("portal_id","company_id","action");--> statement-breakpoint
CREATE INDEX "health_scores_date_idx" ON "health_scores" USING btree ("portal_id","score_date");--> statement-breakpoint
CREATE INDEX "companies_owner_idx" ON "companies" USING btree ("portal_id","owner_id");--> statement-breakpoint
CREATE INDEX "companies_name_idx" ON "companies" USING btree ("portal_id","name");--> statement-breakpoint
CREATE INDEX "contracts_company_idx" ON "contracts" USING btree ("portal_id","company_id");--> statement-breakpoint
CREATE INDEX "contracts_period_idx" ON "contracts" USING btree ("portal_id","start_date","end_date");--> statement-breakpoint
CREATE INDEX "deal_companies_company_idx" ON "deal_companies" USING btree ("portal_id","company_id");--> statement-breakpoint
CREATE INDEX "deals_primary_company_idx" ON "deals" USING btree ("portal_id","primary_company_id");--> statement-breakpoint
CREATE INDEX "survey_responses_company_idx" ON "survey_responses" USING btree ("portal_id","company_id","submitted_at");--> statement-breakpoint
CREATE INDEX "survey_responses_time_idx" ON "survey_responses" USING btree ("portal_id","submitted_at");--> statement-breakpoint
CREATE INDEX "usage_events_company_time_idx" ON "usage_events" USING btree ("portal_id","company_id","occurred_at");--> statement-breakpoint
CREATE INDEX "usage_events_time_idx" ON "usage_events" USING btree ("portal_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ingestion_api_keys_hash_idx" ON "ingestion_api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "usage_daily_active_users_day_idx" ON "usage_daily_active_users" USING btree ("portal_id","day");--> statement-breakpoint
CREATE INDEX "usage_daily_features_day_idx" ON "usage_daily_features" USING btree ("portal_id","day");--> statement-breakpoint
CREATE INDEX "usage_pending_events_account_idx" ON "usage_pending_events" USING btree ("portal_id","account_id");--> statement-breakpoint
CREATE INDEX "usage_sessions_day_idx" ON "usage_sessions" USING btree ("portal_id","company_id","start_day");