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
CREATE UNIQUE INDEX "ingestion_api_keys_hash_idx" ON "ingestion_api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "usage_daily_active_users_day_idx" ON "usage_daily_active_users" USING btree ("portal_id","day");--> statement-breakpoint
CREATE INDEX "usage_daily_features_day_idx" ON "usage_daily_features" USING btree ("portal_id","day");--> statement-breakpoint
CREATE INDEX "usage_pending_events_account_idx" ON "usage_pending_events" USING btree ("portal_id","account_id");--> statement-breakpoint
CREATE INDEX "usage_sessions_day_idx" ON "usage_sessions" USING btree ("portal_id","company_id","start_day");