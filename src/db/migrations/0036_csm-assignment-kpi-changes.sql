-- The KPI cut by owner groups companies by their CSM: the one assigned at hand-off, else the company's owner. An
-- assignment changes a company's group in every period, like a change of owner (migration 0025).
CREATE FUNCTION kpi_log_csm_assignment_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO kpi_input_changes (portal_id, changed_from, scope)
    SELECT DISTINCT portal_id, '-infinity'::timestamptz, 'owner' FROM old_rows;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO kpi_input_changes (portal_id, changed_from, scope)
    SELECT DISTINCT portal_id, '-infinity'::timestamptz, 'owner' FROM new_rows;
  ELSE
    INSERT INTO kpi_input_changes (portal_id, changed_from, scope)
    SELECT DISTINCT n.portal_id, '-infinity'::timestamptz, 'owner'
    FROM new_rows n
    LEFT JOIN old_rows o ON o.portal_id = n.portal_id AND o.company_id = n.company_id
    WHERE o.owner_id IS DISTINCT FROM n.owner_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER kpi_changes_insert_csm_assignments AFTER INSERT ON csm_assignments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_log_csm_assignment_change();
--> statement-breakpoint
CREATE TRIGGER kpi_changes_update_csm_assignments AFTER UPDATE ON csm_assignments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_log_csm_assignment_change();
--> statement-breakpoint
CREATE TRIGGER kpi_changes_delete_csm_assignments AFTER DELETE ON csm_assignments
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_log_csm_assignment_change();
