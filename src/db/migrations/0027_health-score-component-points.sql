ALTER TABLE "health_scores" ADD COLUMN "component_points" jsonb;--> statement-breakpoint
-- Stored rows get the same value the health recompute now writes with each row (explanationSignals in src/domain/health/explanation-signals.ts; test/customer-success/explanation-signals-sql.test.ts holds the two to the same values).
UPDATE "health_scores" SET
  "component_points" = coalesce((
    select jsonb_object_agg(c->>'component', (c->>'points')::float8) from jsonb_array_elements("explanation"->'components') c
    where jsonb_typeof(c->'points') = 'number'), '{}'::jsonb)
WHERE jsonb_typeof("explanation"->'components') = 'array';
