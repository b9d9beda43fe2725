ALTER TABLE "health_scores" ADD COLUMN "component_scores" jsonb;--> statement-breakpoint
ALTER TABLE "health_scores" ADD COLUMN "days_to_renewal" integer;--> statement-breakpoint
ALTER TABLE "health_scores" ADD COLUMN "latest_nps" smallint;--> statement-breakpoint
-- Stored rows get the same values the health recompute now writes with each row (explanationSignals in src/domain/health/explanation-signals.ts; test/customer-success/explanation-signals-sql.test.ts holds the two to the same values).
UPDATE "health_scores" SET
  "component_scores" = coalesce((
    select jsonb_object_agg(c->>'component', (c->>'score')::float8) from jsonb_array_elements("explanation"->'components') c
    where jsonb_typeof(c->'score') = 'number'), '{}'::jsonb),
  "days_to_renewal" = (jsonb_path_query_first("explanation", '$.components[*] ? (@.component == "commercial").raw.daysToRenewal') #>> '{}')::numeric::integer,
  "latest_nps" = (jsonb_path_query_first("explanation", '$.components[*] ? (@.component == "sentiment").raw.latestNps') #>> '{}')::numeric::smallint
WHERE jsonb_typeof("explanation"->'components') = 'array';
