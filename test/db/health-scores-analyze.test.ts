import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';
import { rowsOf } from '../support/sql-rows';

// A day of scores is a small share of a table holding weeks of them: with autovacuum's default (a tenth of the rows)
// the newest day went unanalyzed for days and was planned as 1 row. Migration 0030 lowers the threshold for this table.
describe.each(databaseTargets)('health_scores on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => ifStarted(handle)?.close());

  it('is analyzed by autovacuum once a thousandth of it and 500 rows changed', async () => {
    const [row] = rowsOf<{ options: string[] | null }>(
      await handle.db.execute(sql`select reloptions as options from pg_class where oid = 'health_scores'::regclass`),
    );
    expect(row?.options).toEqual(
      expect.arrayContaining(['autovacuum_analyze_scale_factor=0.001', 'autovacuum_analyze_threshold=500']),
    );
  });
});
