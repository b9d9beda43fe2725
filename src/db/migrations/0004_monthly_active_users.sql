CREATE TABLE "usage_monthly_active_user_counts" (
	"portal_id" bigint NOT NULL,
	"month" date NOT NULL,
	"company_id" text NOT NULL,
	"users" integer NOT NULL,
	CONSTRAINT "usage_monthly_active_user_counts_portal_id_month_company_id_pk" PRIMARY KEY("portal_id","month","company_id")
);
--> statement-breakpoint
CREATE TABLE "usage_monthly_active_users" (
	"portal_id" bigint NOT NULL,
	"company_id" text NOT NULL,
	"month" date NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "usage_monthly_active_users_portal_id_company_id_month_user_id_pk" PRIMARY KEY("portal_id","company_id","month","user_id")
);
--> statement-breakpoint
-- Ingestion bumps the counts batch after batch: room on each page for in-place (HOT) updates, as in 0003.
ALTER TABLE "usage_monthly_active_user_counts" SET (fillfactor = 80);--> statement-breakpoint
-- Backfill from the daily active users (day is the portal's local date, so its month is too).
INSERT INTO "usage_monthly_active_users" ("portal_id", "company_id", "month", "user_id")
SELECT DISTINCT portal_id, company_id, date_trunc('month', day)::date, user_id FROM "usage_daily_active_users";--> statement-breakpoint
INSERT INTO "usage_monthly_active_user_counts" ("portal_id", "month", "company_id", "users")
SELECT portal_id, month, company_id, count(*)::integer FROM "usage_monthly_active_users" GROUP BY 1, 2, 3;
