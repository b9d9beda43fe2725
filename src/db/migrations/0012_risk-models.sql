CREATE TABLE "company_risks" (
	"portal_id" bigint NOT NULL,
	"company_id" text NOT NULL,
	"as_of" date NOT NULL,
	"method" text NOT NULL,
	"churn_probability" double precision,
	"health_score" integer,
	"drivers" jsonb NOT NULL,
	"next_renewal_date" date,
	CONSTRAINT "company_risks_portal_id_company_id_pk" PRIMARY KEY("portal_id","company_id")
);
--> statement-breakpoint
CREATE TABLE "risk_models" (
	"portal_id" bigint PRIMARY KEY NOT NULL,
	"trained_at" timestamp with time zone NOT NULL,
	"as_of" date NOT NULL,
	"method" text NOT NULL,
	"reason" text NOT NULL,
	"model" jsonb,
	"backtest" jsonb NOT NULL,
	"training_examples" integer NOT NULL,
	"training_first_renewal" date,
	"training_last_renewal" date,
	"settings_fingerprint" text NOT NULL
);
