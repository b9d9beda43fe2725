-- The health run counts feature users of the last 30 days from each user's first and last day of each month and
-- feature. Kept in the key's index (INCLUDE), that read is index-only: the feature users of 50k companies at 100k
-- took 0.73 s of a statement (bench/health-recompute.ts) against 1.26 s through the heap. A changed last day is then
-- no longer a heap-only update (once per user, feature and active day). Rebuilds the key once.
ALTER TABLE "usage_monthly_feature_users" DROP CONSTRAINT "usage_monthly_feature_users_portal_id_month_company_id_feature_user_id_pk";--> statement-breakpoint
ALTER TABLE "usage_monthly_feature_users" ADD CONSTRAINT "usage_monthly_feature_users_portal_id_month_company_id_feature_user_id_pk"
  PRIMARY KEY ("portal_id", "month", "company_id", "feature", "user_id") INCLUDE ("first_day", "last_day");
