CREATE TABLE "usage_daily_session_totals" (
	"portal_id" bigint NOT NULL,
	"company_id" text NOT NULL,
	"day" date NOT NULL,
	"sessions" integer NOT NULL,
	"length_milliseconds" bigint NOT NULL,
	CONSTRAINT "usage_daily_session_totals_portal_id_company_id_day_pk" PRIMARY KEY("portal_id","company_id","day")
);
--> statement-breakpoint
CREATE TABLE "usage_monthly_feature_users" (
	"portal_id" bigint NOT NULL,
	"month" date NOT NULL,
	"company_id" text NOT NULL,
	"feature" text NOT NULL,
	"user_id" text NOT NULL,
	"first_day" date NOT NULL,
	"last_day" date NOT NULL,
	CONSTRAINT "usage_monthly_feature_users_portal_id_month_company_id_feature_user_id_pk" PRIMARY KEY("portal_id","month","company_id","feature","user_id")
);
--> statement-breakpoint
-- hand-written: both filled from what is stored. The feature users from the events (a day is the portal's local
-- date, as ingestion dates it; events older than the usage retention may have been purged, and the health run
-- reads only the last 30 days' months), the session totals from the stored sessions.
INSERT INTO "usage_monthly_feature_users" ("portal_id", "month", "company_id", "feature", "user_id", "first_day", "last_day")
SELECT e.portal_id, date_trunc('month', l.day)::date, e.company_id, e.event, e.user_id, min(l.day), max(l.day)
FROM "usage_events" e
LEFT JOIN "portals" p ON p.id = e.portal_id
CROSS JOIN LATERAL (SELECT (e.occurred_at AT TIME ZONE coalesce(p.time_zone, 'UTC'))::date AS day) l
GROUP BY 1, 2, 3, 4, 5;--> statement-breakpoint
INSERT INTO "usage_daily_session_totals" ("portal_id", "company_id", "day", "sessions", "length_milliseconds")
SELECT portal_id, company_id, start_day, count(*)::integer, sum(length_milliseconds)::bigint
FROM "usage_sessions" GROUP BY 1, 2, 3;
