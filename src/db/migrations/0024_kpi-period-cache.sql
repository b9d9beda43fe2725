CREATE TABLE "kpi_input_changes" (
	"portal_id" bigint NOT NULL,
	"changed_from" timestamp with time zone NOT NULL,
	"scope" text,
	"transaction_id" bigint DEFAULT (pg_current_xact_id()::text::bigint) NOT NULL,
	"logged_at" timestamp with time zone DEFAULT statement_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_period_cache" (
	"portal_id" bigint NOT NULL,
	"cache_key" text NOT NULL,
	"cut" text,
	"customers" text NOT NULL,
	"reads_raw_events" boolean NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"snapshot" text NOT NULL,
	"rows" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_period_cache_portal_id_cache_key_pk" PRIMARY KEY("portal_id","cache_key")
);
--> statement-breakpoint
CREATE INDEX "kpi_input_changes_portal_idx" ON "kpi_input_changes" USING btree ("portal_id","changed_from");