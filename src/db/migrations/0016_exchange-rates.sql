CREATE TABLE "exchange_rates" (
	"portal_id" bigint NOT NULL,
	"from_currency" text NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	"rate" numeric(18, 6) NOT NULL,
	"hubspot_id" text,
	CONSTRAINT "exchange_rates_portal_id_from_currency_effective_at_pk" PRIMARY KEY("portal_id","from_currency","effective_at")
);
