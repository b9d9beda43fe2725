-- Every write to a table the portfolio KPI aggregates read logs, per statement and portal, the earliest period
-- end it can reach (kpi_period_cache entries of periods ending at or after it are no longer used unless their
-- snapshot saw the write). A row dated on day d can reach a period whose last day is d - 1 (start values are
-- measured on the previous period's last day) in any time zone: its end is at or after d 00:00 UTC - 14 hours.
-- Writes that reach only periods ending within the last three days are not logged: kept periods ended at least
-- four days before their snapshot (see src/db/repositories/kpi-period-cache-repository.ts).
-- company_mrr_steps, company_monthly_mrr and company_seat_months are kept from contracts, and the monthly active
-- user tables from the daily active users, in the transaction that writes those: their dates bound the changes.
-- Raw events reach only entries that split sessions from them (TG_ARGV[1] = 'raw-events'): retention deletes old
-- raw events every day, which must not drop the entries read from the stored sessions.
CREATE FUNCTION kpi_log_dated_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_rows text := CASE TG_OP
    WHEN 'INSERT' THEN 'new_rows'
    WHEN 'DELETE' THEN 'old_rows'
    ELSE '(SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows)'
  END;
BEGIN
  EXECUTE format(
    'INSERT INTO kpi_input_changes (portal_id, changed_from, scope)
     SELECT portal_id, min(%1$s), %3$s FROM %2$s AS changed GROUP BY portal_id
     HAVING min(%1$s) < statement_timestamp() - interval ''3 days''',
    TG_ARGV[0], changed_rows, quote_nullable(TG_ARGV[1]));
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Company attributes reach every period: a cut's group is the company's current attribute, and the hierarchy
-- decides which companies form one customer. Each change is scoped to the entries it can reach.
CREATE FUNCTION kpi_log_company_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO kpi_input_changes (portal_id, changed_from, scope)
    SELECT DISTINCT n.portal_id, '-infinity'::timestamptz, attribute.scope
    FROM new_rows n
    JOIN old_rows o ON o.portal_id = n.portal_id AND o.id = n.id
    CROSS JOIN LATERAL (VALUES
      ('owner', o.owner_id IS DISTINCT FROM n.owner_id),
      ('industry', o.industry IS DISTINCT FROM n.industry),
      ('tier', o.tier IS DISTINCT FROM n.tier),
      ('lifecycle_stage', o.lifecycle_stage IS DISTINCT FROM n.lifecycle_stage),
      ('hierarchy', o.archived IS DISTINCT FROM n.archived
        OR o.properties ->> 'hs_parent_company_id' IS DISTINCT FROM n.properties ->> 'hs_parent_company_id')
    ) AS attribute(scope, changed)
    WHERE attribute.changed;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO kpi_input_changes (portal_id, changed_from, scope)
    SELECT DISTINCT portal_id, '-infinity'::timestamptz, 'companies' FROM new_rows;
  ELSE
    INSERT INTO kpi_input_changes (portal_id, changed_from, scope)
    SELECT DISTINCT portal_id, '-infinity'::timestamptz, 'companies' FROM old_rows;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The onboarding cohort cut groups companies by the month of their hand-off.
CREATE FUNCTION kpi_log_onboarding_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO kpi_input_changes (portal_id, changed_from, scope)
    SELECT DISTINCT n.portal_id, '-infinity'::timestamptz, 'onboarding_cohort'
    FROM new_rows n
    LEFT JOIN old_rows o ON o.portal_id = n.portal_id AND o.company_id = n.company_id
    WHERE o.handoff_date IS DISTINCT FROM n.handoff_date;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO kpi_input_changes (portal_id, changed_from, scope)
    SELECT DISTINCT portal_id, '-infinity'::timestamptz, 'onboarding_cohort' FROM new_rows;
  ELSE
    INSERT INTO kpi_input_changes (portal_id, changed_from, scope)
    SELECT DISTINCT portal_id, '-infinity'::timestamptz, 'onboarding_cohort' FROM old_rows;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE
  watched record;
  operation text;
BEGIN
  FOR watched IN SELECT * FROM (VALUES
    ('contracts', 'kpi_log_dated_change', ARRAY[$b$(least(start_date, end_date, close_date)::timestamp AT TIME ZONE 'UTC') - interval '14 hours'$b$]),
    ('usage_events', 'kpi_log_dated_change', ARRAY['occurred_at', 'raw-events']),
    ('usage_sessions', 'kpi_log_dated_change', ARRAY['started_at']),
    ('usage_daily_active_users', 'kpi_log_dated_change', ARRAY[$b$(day::timestamp AT TIME ZONE 'UTC') - interval '14 hours'$b$]),
    ('survey_responses', 'kpi_log_dated_change', ARRAY['submitted_at']),
    ('companies', 'kpi_log_company_change', ARRAY[]::text[]),
    ('onboarding_records', 'kpi_log_onboarding_change', ARRAY[]::text[])
  ) AS t(table_name, function_name, arguments)
  LOOP
    FOREACH operation IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
      EXECUTE format(
        'CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s FOR EACH STATEMENT EXECUTE FUNCTION %I(%s)',
        'kpi_changes_' || operation || '_' || watched.table_name,
        operation,
        watched.table_name,
        CASE operation
          WHEN 'insert' THEN 'NEW TABLE AS new_rows'
          WHEN 'delete' THEN 'OLD TABLE AS old_rows'
          ELSE 'OLD TABLE AS old_rows NEW TABLE AS new_rows'
        END,
        watched.function_name,
        array_to_string(array(SELECT quote_literal(argument) FROM unnest(watched.arguments) AS argument), ', '));
    END LOOP;
  END LOOP;
END $$;
