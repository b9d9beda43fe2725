-- The KPI report joins each month's seats to that month's user counts, a month at a time. Kept in the key's index
-- (INCLUDE), a month's counts are one index-only range: through the heap, where the counts lie in the order
-- ingestion met each company's month, every month's read visited every page of the table (24 months at 100k
-- companies, bench/kpi-query.ts). A changed count is then no longer a heap-only update (once per new user of a
-- company's month). Rebuilds the key once.
ALTER TABLE "usage_monthly_active_user_counts" DROP CONSTRAINT "usage_monthly_active_user_counts_portal_id_month_company_id_pk";--> statement-breakpoint
ALTER TABLE "usage_monthly_active_user_counts" ADD CONSTRAINT "usage_monthly_active_user_counts_portal_id_month_company_id_pk"
  PRIMARY KEY ("portal_id", "month", "company_id") INCLUDE ("users");
