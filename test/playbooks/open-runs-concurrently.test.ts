import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { openNewRuns, type RunToOpen } from '../../src/db/repositories/playbook-runs-repository';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';
import { rowsOf } from '../support/sql-rows';

// openNewRuns sends several batches' statements at once: two workers opening the same runs, each in several
// batches, must open each (playbook, company) once, steps included, without a deadlock between their statements.
const portalId = 5_301;
const companies = 4_500;

function runsOfOneWorker(): RunToOpen[] {
  return Array.from({ length: companies }, (_, index) => ({
    run: {
      portalId,
      id: randomUUID(),
      playbookId: 'renewal',
      companyId: `c${index}`,
      status: 'open' as const,
      heldOut: false,
      openedOn: '2026-10-31',
      scoreAtOpen: 40,
      evidence: {},
    },
    steps: [{ position: 0, kind: 'task', title: 'Call' }],
  }));
}

describe.each(databaseTargets.filter((target) => target.name === 'postgres'))(
  'opening runs in concurrent batches on $name',
  (target) => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
      await handle.db.execute(sql`insert into portals (id, name, time_zone) values (${portalId}, 'runs', 'UTC')`);
      await handle.db.execute(
        sql`insert into playbooks (portal_id, id, definition, created_by, updated_by) values (${portalId}, 'renewal', ${JSON.stringify({ name: 'Renewal' })}::jsonb, 'test', 'test')`,
      );
    });
    afterAll(async () => ifStarted(handle)?.close());

    it('opens each run once when two workers open the same runs at once', async () => {
      const [first, second] = await Promise.all([
        openNewRuns(handle.db, runsOfOneWorker()),
        openNewRuns(handle.db, runsOfOneWorker()),
      ]);
      expect(first.length + second.length).toBe(companies);
      const [counts] = rowsOf<{ runs: number; steps: number }>(
        await handle.db
          .execute(sql`select (select count(*)::int from playbook_runs where portal_id = ${portalId}) as runs,
          (select count(*)::int from playbook_run_steps where portal_id = ${portalId}) as steps`),
      );
      expect(counts).toEqual({ runs: companies, steps: companies });
    });
  },
);
