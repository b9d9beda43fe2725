-- Ingestion bumps these rows' counts and lengths batch after batch; room left on each page lets Postgres
-- update them in place (HOT), without new index entries. Pages written from now on keep that room.
ALTER TABLE "usage_daily_active_users" SET (fillfactor = 80);--> statement-breakpoint
ALTER TABLE "usage_daily_features" SET (fillfactor = 80);--> statement-breakpoint
ALTER TABLE "usage_sessions" SET (fillfactor = 80);
