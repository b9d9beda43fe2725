CREATE TABLE "csm_assignments" (
	"portal_id" bigint NOT NULL,
	"company_id" text NOT NULL,
	"owner_id" text NOT NULL,
	"reason" text NOT NULL,
	"touch_model" text NOT NULL,
	"detail" text NOT NULL,
	"deal_id" text NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	CONSTRAINT "csm_assignments_portal_id_company_id_pk" PRIMARY KEY("portal_id","company_id")
);
--> statement-breakpoint
CREATE TABLE "handoff_engagements" (
	"portal_id" bigint NOT NULL,
	"deal_id" text NOT NULL,
	"kind" text NOT NULL,
	"object_type" text NOT NULL,
	"marker" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"hubspot_id" text,
	"content_hash" text,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "handoff_engagements_portal_id_deal_id_kind_pk" PRIMARY KEY("portal_id","deal_id","kind")
);
--> statement-breakpoint
CREATE TABLE "handoffs" (
	"portal_id" bigint NOT NULL,
	"deal_id" text NOT NULL,
	"company_id" text NOT NULL,
	"deal_kind" text NOT NULL,
	"missing_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"incomplete" boolean DEFAULT false NOT NULL,
	"csm_owner_id" text,
	"onboarding_ensured_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "handoffs_portal_id_deal_id_pk" PRIMARY KEY("portal_id","deal_id")
);
--> statement-breakpoint
CREATE TABLE "closed_won_transitions" (
	"portal_id" bigint NOT NULL,
	"deal_id" text NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"notified_at" timestamp with time zone,
	CONSTRAINT "closed_won_transitions_portal_id_deal_id_pk" PRIMARY KEY("portal_id","deal_id")
);
--> statement-breakpoint
CREATE TABLE "crm_object_versions" (
	"portal_id" bigint NOT NULL,
	"object_type" text NOT NULL,
	"object_id" text NOT NULL,
	"applied_at" timestamp with time zone NOT NULL,
	"action" text NOT NULL,
	CONSTRAINT "crm_object_versions_portal_id_object_type_object_id_pk" PRIMARY KEY("portal_id","object_type","object_id")
);
--> statement-breakpoint
CREATE TABLE "incremental_sync_cursors" (
	"portal_id" bigint NOT NULL,
	"object_type" text NOT NULL,
	"modified_since" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incremental_sync_cursors_portal_id_object_type_pk" PRIMARY KEY("portal_id","object_type")
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"portal_id" bigint NOT NULL,
	"event_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"subscription_type" text NOT NULL,
	"object_type_id" text,
	"object_id" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"attempt_number" integer DEFAULT 0 NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"outcome" text,
	CONSTRAINT "webhook_events_portal_id_event_id_pk" PRIMARY KEY("portal_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "company_write_backs" (
	"portal_id" bigint NOT NULL,
	"company_id" text NOT NULL,
	"pushed_values" jsonb NOT NULL,
	"pushed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "company_write_backs_portal_id_company_id_pk" PRIMARY KEY("portal_id","company_id")
);
--> statement-breakpoint
CREATE TABLE "installations" (
	"portal_id" bigint NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"status_reason" text,
	"scopes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"hub_domain" text,
	"installed_by_user_id" bigint,
	"access_token_sealed" text NOT NULL,
	"refresh_token_sealed" text NOT NULL,
	"access_token_expires_at" timestamp with time zone NOT NULL,
	"installed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "installations_portal_id_pk" PRIMARY KEY("portal_id")
);
--> statement-breakpoint
CREATE TABLE "oauth_install_states" (
	"state_hash" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ingestion_api_keys" ADD COLUMN "scope" text DEFAULT 'ingest' NOT NULL;--> statement-breakpoint
CREATE INDEX "csm_assignments_owner_idx" ON "csm_assignments" USING btree ("portal_id","owner_id");--> statement-breakpoint
CREATE INDEX "handoffs_company_idx" ON "handoffs" USING btree ("portal_id","company_id");--> statement-breakpoint
CREATE INDEX "closed_won_transitions_pending_idx" ON "closed_won_transitions" USING btree ("portal_id") WHERE "closed_won_transitions"."notified_at" is null;--> statement-breakpoint
CREATE INDEX "webhook_events_pending_idx" ON "webhook_events" USING btree ("portal_id","occurred_at","event_id") WHERE "webhook_events"."processed_at" is null;--> statement-breakpoint
CREATE INDEX "oauth_install_states_expires_idx" ON "oauth_install_states" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "contracts_expansion_close_idx" ON "contracts" USING btree ("portal_id","close_date") WHERE "contracts"."kind" in ('upsell', 'cross_sell');