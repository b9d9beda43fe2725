-- The health run sums each customer's session totals of 120 days per 30-day bucket, a range of companies at a time.
-- Kept in the key's index (INCLUDE), each customer's days are one index-only range of the key: 0.3 to 0.6 s for 50k
-- companies at 100k (bench/health-recompute.ts), against 1.0 to 1.2 s scanning the table and hashing. Updating a
-- day's totals is then no longer heap-only: bench/ingest-throughput.ts measured no difference (worst case and
-- realistic mix). Rebuilds the key once.
ALTER TABLE "usage_daily_session_totals" DROP CONSTRAINT "usage_daily_session_totals_portal_id_company_id_day_pk";--> statement-breakpoint
ALTER TABLE "usage_daily_session_totals" ADD CONSTRAINT "usage_daily_session_totals_portal_id_company_id_day_pk"
  PRIMARY KEY ("portal_id", "company_id", "day") INCLUDE ("sessions", "length_milliseconds");
