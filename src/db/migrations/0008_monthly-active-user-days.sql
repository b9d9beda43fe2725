ALTER TABLE "usage_monthly_active_users" ADD COLUMN "first_day" date;--> statement-breakpoint
ALTER TABLE "usage_monthly_active_users" ADD COLUMN "last_day" date;--> statement-breakpoint
-- hand-written: drizzle adds the columns NOT NULL, which fails on stored rows; they are added nullable, backfilled
-- from the daily active users (day is the portal's local date, so its month is too), then made NOT NULL.
UPDATE "usage_monthly_active_users" m SET "first_day" = d.first_day, "last_day" = d.last_day
FROM (
  SELECT portal_id, company_id, date_trunc('month', day)::date AS month, user_id, min(day) AS first_day, max(day) AS last_day
  FROM "usage_daily_active_users" GROUP BY 1, 2, 3, 4
) d
WHERE m.portal_id = d.portal_id AND m.company_id = d.company_id AND m.month = d.month AND m.user_id = d.user_id;--> statement-breakpoint
-- Every month row has daily rows (ingestion writes both in one statement, and neither is purged); should one not, it gets the whole month.
UPDATE "usage_monthly_active_users" SET "first_day" = "month", "last_day" = ("month" + interval '1 month' - interval '1 day')::date WHERE "first_day" IS NULL;--> statement-breakpoint
ALTER TABLE "usage_monthly_active_users" ALTER COLUMN "first_day" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_monthly_active_users" ALTER COLUMN "last_day" SET NOT NULL;
