CREATE TABLE "company_monthly_mrr" (
	"portal_id" bigint NOT NULL,
	"company_id" text NOT NULL,
	"month" date NOT NULL,
	"previous_month" date,
	"mrr_before" bigint NOT NULL,
	"mrr_first_day" bigint NOT NULL,
	"mrr_last_day" bigint NOT NULL,
	"positive_step_after_first_day" boolean NOT NULL,
	"upsell_contracts" integer NOT NULL,
	"upsell_mrr_minor" bigint NOT NULL,
	"cross_sell_contracts" integer NOT NULL,
	"cross_sell_mrr_minor" bigint NOT NULL,
	CONSTRAINT "company_monthly_mrr_portal_id_company_id_month_pk" PRIMARY KEY("portal_id","company_id","month")
);
--> statement-breakpoint
CREATE TABLE "company_mrr_steps" (
	"portal_id" bigint NOT NULL,
	"company_id" text NOT NULL,
	"day" date NOT NULL,
	"mrr_minor" bigint NOT NULL,
	"previous_mrr_minor" bigint NOT NULL,
	"previous_day" date,
	"next_day" date,
	CONSTRAINT "company_mrr_steps_portal_id_company_id_day_pk" PRIMARY KEY("portal_id","company_id","day")
);
--> statement-breakpoint
CREATE INDEX "company_monthly_mrr_month_idx" ON "company_monthly_mrr" USING btree ("portal_id","month");--> statement-breakpoint
CREATE INDEX "company_mrr_steps_next_day_idx" ON "company_mrr_steps" USING btree ("portal_id","next_day");--> statement-breakpoint
-- Backfill from the contracts already stored; company-mrr-repository.ts keeps both tables from here on, with the same formulas.
INSERT INTO "company_mrr_steps" ("portal_id", "company_id", "day", "mrr_minor", "previous_mrr_minor", "previous_day", "next_day")
SELECT portal_id, company_id, day, level, level - delta,
  lag(day) OVER (PARTITION BY portal_id, company_id ORDER BY day), lead(day) OVER (PARTITION BY portal_id, company_id ORDER BY day)
FROM (
  SELECT portal_id, company_id, day, delta,
    sum(delta) OVER (PARTITION BY portal_id, company_id ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS level
  FROM (
    SELECT portal_id, company_id, day, sum(delta) AS delta FROM (
      SELECT portal_id, company_id, start_date AS day, mrr_minor AS delta FROM "contracts"
      UNION ALL
      SELECT portal_id, company_id, end_date AS day, -mrr_minor AS delta FROM "contracts"
    ) edges GROUP BY portal_id, company_id, day HAVING sum(delta) <> 0
  ) deltas
) levels;
--> statement-breakpoint
INSERT INTO "company_monthly_mrr" ("portal_id", "company_id", "month", "previous_month", "mrr_before", "mrr_first_day", "mrr_last_day",
  "positive_step_after_first_day", "upsell_contracts", "upsell_mrr_minor", "cross_sell_contracts", "cross_sell_mrr_minor")
WITH step_months AS (
  SELECT portal_id, company_id, (day - extract(day FROM day)::int + 1) AS month,
    (array_agg(previous_mrr_minor ORDER BY day))[1] AS mrr_before,
    (array_agg(mrr_minor ORDER BY day))[1] AS first_step_mrr,
    min(day) = (min(day) - extract(day FROM min(day))::int + 1) AS step_on_first_day,
    (array_agg(mrr_minor ORDER BY day DESC))[1] AS mrr_last_day,
    coalesce(bool_or(mrr_minor > 0) FILTER (WHERE extract(day FROM day) > 1), false) AS positive_step_after_first_day
  FROM "company_mrr_steps" GROUP BY 1, 2, 3
),
close_months AS (
  SELECT portal_id, company_id, (close_date - extract(day FROM close_date)::int + 1) AS month,
    count(*) FILTER (WHERE kind = 'upsell') AS upsell_contracts, coalesce(sum(mrr_minor) FILTER (WHERE kind = 'upsell'), 0) AS upsell_mrr_minor,
    count(*) FILTER (WHERE kind = 'cross_sell') AS cross_sell_contracts, coalesce(sum(mrr_minor) FILTER (WHERE kind = 'cross_sell'), 0) AS cross_sell_mrr_minor
  FROM "contracts" WHERE kind IN ('upsell', 'cross_sell') AND close_date IS NOT NULL GROUP BY 1, 2, 3
)
SELECT portal_id, company_id, month, lag(month) OVER (PARTITION BY portal_id, company_id ORDER BY month), mrr_before, mrr_first_day, mrr_last_day,
  positive_step_after_first_day, upsell_contracts, upsell_mrr_minor, cross_sell_contracts, cross_sell_mrr_minor
FROM (
  SELECT coalesce(s.portal_id, c.portal_id) AS portal_id, coalesce(s.company_id, c.company_id) AS company_id, coalesce(s.month, c.month) AS month,
    coalesce(s.mrr_before, level.mrr, 0) AS mrr_before,
    CASE WHEN s.step_on_first_day THEN s.first_step_mrr ELSE coalesce(s.mrr_before, level.mrr, 0) END AS mrr_first_day,
    coalesce(s.mrr_last_day, level.mrr, 0) AS mrr_last_day, coalesce(s.positive_step_after_first_day, false) AS positive_step_after_first_day,
    coalesce(c.upsell_contracts, 0) AS upsell_contracts, coalesce(c.upsell_mrr_minor, 0) AS upsell_mrr_minor,
    coalesce(c.cross_sell_contracts, 0) AS cross_sell_contracts, coalesce(c.cross_sell_mrr_minor, 0) AS cross_sell_mrr_minor
  FROM step_months s FULL JOIN close_months c ON c.portal_id = s.portal_id AND c.company_id = s.company_id AND c.month = s.month
  LEFT JOIN LATERAL (
    SELECT l.mrr_minor AS mrr FROM "company_mrr_steps" l
    WHERE s.company_id IS NULL AND l.portal_id = c.portal_id AND l.company_id = c.company_id AND l.day < c.month
    ORDER BY l.day DESC LIMIT 1
  ) level ON true
) months;
