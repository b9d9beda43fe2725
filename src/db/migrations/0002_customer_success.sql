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
CREATE INDEX "health_scores_date_idx" ON "health_scores" USING btree ("portal_id","score_date");