CREATE TABLE "portal_settings" (
	"portal_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"value" jsonb NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "portal_settings_portal_id_kind_pk" PRIMARY KEY("portal_id","kind")
);
--> statement-breakpoint
CREATE TABLE "portal_settings_history" (
	"portal_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"value" jsonb NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by" text NOT NULL,
	CONSTRAINT "portal_settings_history_portal_id_kind_version_pk" PRIMARY KEY("portal_id","kind","version")
);
