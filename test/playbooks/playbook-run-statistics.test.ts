import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { bulkLoadRows } from '../../src/db/repositories/planner-statistics-repository';
import { playbookDefinitionSchema } from '../../src/domain/playbooks/playbook-schema';
import { evaluatePlaybooks, type EvaluationContext } from '../../src/services/playbooks/evaluate-playbooks';
import { createPlaybook } from '../../src/services/playbooks/playbook-definitions';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';
import { rowsOf } from '../support/sql-rows';

const postgres = databaseTargets.filter((target) => target.name === 'postgres');
const asOf = '2026-10-31';
const portalId = 1;
const companies = bulkLoadRows + 200;

// last_analyze counts only an explicit ANALYZE: autovacuum's own runs land in last_autoanalyze.
async function analyzedTables(handle: DatabaseHandle): Promise<string[]> {
  return rowsOf<{ relname: string }>(
    await handle.db.execute(sql`select relname from pg_stat_user_tables
      where relname in ('playbook_runs', 'playbook_run_steps') and last_analyze is not null order by relname`),
  ).map((row) => row.relname);
}

describe.runIf(postgres.length > 0).each(postgres)('a bulk of playbook runs on $name', (target) => {
  let handle: DatabaseHandle;
  let context: EvaluationContext;

  beforeAll(async () => {
    handle = await target.open();
    const { db } = handle;
    await db.execute(sql`insert into portals (id, name) values (${portalId}, 'statistics')`);
    await db.execute(sql`insert into companies (portal_id, id, name, tier)
      select ${portalId}, 'c' || n, 'Company ' || n, 'smb' from generate_series(1, ${companies}::int) n`);
    await db.execute(sql`insert into health_scores (portal_id, company_id, score_date, score, band, active_users, explanation)
      select ${portalId}, 'c' || n, ${asOf}::date, 20 + n % 60, case when n % 60 < 20 then 'red' else 'yellow' end, 3, '{}'::jsonb
      from generate_series(1, ${companies}::int) n`);
    context = { db, logger: createLogger('silent'), now: () => new Date(`${asOf}T12:00:00Z`) };
    const everyone = playbookDefinitionSchema.parse({
      name: 'Everyone',
      trigger: { kind: 'custom', conditions: [{ source: 'kpi', name: 'score', operator: 'gte', value: 0 }] },
      holdoutPercent: 0,
      steps: [{ kind: 'task', subject: 'Call {{company}}', body: '{{evidence}}', dueInDays: 2 }],
    });
    await createPlaybook(db, portalId, everyone, 'test');
  }, 120_000);
  afterAll(async () => ifStarted(handle)?.close());

  it('analyzes the run tables once an evaluation opens a bulk of runs, and the next evaluation opens none again', async () => {
    expect(await analyzedTables(handle)).toEqual([]);
    const first = await evaluatePlaybooks(context, portalId);
    expect(first.opened).toBe(companies);
    // The next evaluation plans on these: with empty-table estimates a day closing many runs took minutes at 100k.
    expect(await analyzedTables(handle)).toEqual(['playbook_run_steps', 'playbook_runs']);
    const [stats] = rowsOf<{ runs: number }>(
      await handle.db.execute(sql`select reltuples::int as runs from pg_class where relname = 'playbook_runs'`),
    );
    expect(stats?.runs).toBe(companies);

    const second = await evaluatePlaybooks(context, portalId);
    expect(second.opened).toBe(0);
    expect(Object.values(second.closed)).toEqual([]);
  });

  it('closes the runs whose tasks were completed and holds their companies back for the cooldown', async () => {
    const { db } = handle;
    // The CSMs completed the task of every tenth company's run (as the task sync records it).
    await db.execute(sql`update playbook_run_steps s set state = 'done', task_status = 'COMPLETED'
        from playbook_runs r where r.id = s.run_id and r.status = 'open' and s.kind = 'task' and r.company_id like '%0'`);
    const completed = companies / 10;
    const day = await evaluatePlaybooks(context, portalId);
    expect(day.closed).toEqual({ tasks_completed: completed });
    // Every company still matches the trigger, but a run closed by its tasks holds the company back for 30 days.
    expect(day.opened).toBe(0);
    const [open] = rowsOf<{ runs: number }>(
      await db.execute(sql`select count(*)::int as runs from playbook_runs where status = 'open'`),
    );
    expect(open?.runs).toBe(companies - completed);
    // Scored again 31 days later: the cooldown is over for those companies only (the others' runs are still open).
    await db.execute(sql`insert into health_scores (portal_id, company_id, score_date, score, band, active_users, explanation)
      select portal_id, company_id, '2026-12-01', score, band, active_users, explanation from health_scores`);
    const after = await evaluatePlaybooks({ ...context, now: () => new Date('2026-12-01T12:00:00Z') }, portalId);
    expect(after.opened).toBe(completed);
  });
});
