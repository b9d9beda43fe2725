-- Each daily health run adds one day of a portal's scores: a small share of a table that holds weeks or years of
-- them. Autovacuum's default (analyze once a tenth of the rows changed) left the newest days without statistics for
-- days at a time (with 42 days stored, the newest 100k rows were estimated at 1 row), and readers of a day were planned
-- on that: the playbook outcome report scanned the whole day for every 1,000 companies it read. Analyzed once a
-- thousandth of the table and 500 rows changed, the table is analyzed in the background after each day's run
-- (sampling it takes 0.3 to 0.9 s at 4M rows), not inside the run.
ALTER TABLE "health_scores" SET (autovacuum_analyze_scale_factor = 0.001, autovacuum_analyze_threshold = 500);
