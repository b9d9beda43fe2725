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
CREATE INDEX "companies_owner_idx" ON "companies" USING btree ("portal_id","owner_id");--> statement-breakpoint
CREATE INDEX "companies_name_idx" ON "companies" USING btree ("portal_id","name");--> statement-breakpoint
CREATE INDEX "contracts_company_idx" ON "contracts" USING btree ("portal_id","company_id");--> statement-breakpoint
CREATE INDEX "contracts_period_idx" ON "contracts" USING btree ("portal_id","start_date","end_date");--> statement-breakpoint
CREATE INDEX "deal_companies_company_idx" ON "deal_companies" USING btree ("portal_id","company_id");--> statement-breakpoint
CREATE INDEX "deals_primary_company_idx" ON "deals" USING btree ("portal_id","primary_company_id");