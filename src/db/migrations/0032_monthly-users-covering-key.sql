-- The health run counts each customer's users per 30-day bucket from their first and last active day of each month,
-- reading every customer's months as one range of this key. Kept in the key's index (INCLUDE), that read is
-- index-only: from the heap it cost 3.3 s of a 7.7 s input statement at 100k companies (bench/health-recompute.ts),
-- 0.9 s from the index. The days are not key columns: a user stays one row per month. Rebuilds the key once.
ALTER TABLE "usage_monthly_active_users" DROP CONSTRAINT "usage_monthly_active_users_portal_id_company_id_month_user_id_pk";--> statement-breakpoint
ALTER TABLE "usage_monthly_active_users" ADD CONSTRAINT "usage_monthly_active_users_portal_id_company_id_month_user_id_pk"
  PRIMARY KEY ("portal_id", "company_id", "month", "user_id") INCLUDE ("first_day", "last_day");
