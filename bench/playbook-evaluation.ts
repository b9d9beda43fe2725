// Playbook evaluation benchmark (issue 20): N companies x 10 playbooks evaluated right after the daily health
// recompute, on a throwaway Postgres database. The health recompute of the same run is the baseline: evaluation
// should cost at most a quarter of it. Without a HubSpot client the runs open and close but perform no step, so the
// figure is the product's own work (signals, triggers, run bookkeeping), not HubSpot's latency.
// Usage: npx tsx bench/playbook-evaluation.ts [--companies 100000] [--events-per-company 30] [--history-days 40]
//   [--changed-percent 3] [--keep] [--reuse URL]
//   --history-days: earlier daily scores stored before the two recomputed days (what score-history triggers read);
//   --changed-percent: a typical day, on which this share of the companies' scores moved since the last evaluation;
//   --keep leaves the database in place and prints its URL, --reuse URL skips the load.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createLogger } from '../src/config/logger';
import { openDatabase } from '../src/db/client';
import { playbookDefinitionSchema } from '../src/domain/playbooks/playbook-schema';
import { addDays } from '../src/domain/time/calendar-date';
import { recomputeHealth } from '../src/services/customer-success/recompute-health';
import { evaluatePlaybooks } from '../src/services/playbooks/evaluate-playbooks';
import { createPlaybook, ensureDefaultPlaybooks, listPlaybooks } from '../src/services/playbooks/playbook-definitions';
import { createServerDatabase } from '../test/support/databases';
import { seedHealthPortfolio, storeEarlierDays } from './health-portfolio-seed';

const { values } = parseArgs({
  options: {
    companies: { type: 'string', default: '100000' },
    'events-per-company': { type: 'string', default: '30' },
    'history-days': { type: 'string', default: '40' },
    'changed-percent': { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
  },
});
const companies = Number(values.companies);
const historyDays = Number(values['history-days']);
const changedPercent = Number(values['changed-percent']);
const portalId = 1;
const asOf = '2026-10-31';
const task = { kind: 'task', subject: 'Look at {{company}}', body: 'Evidence: {{evidence}}', dueInDays: 3 } as const;
// The seven default playbooks and three more, so every trigger family is measured.
const extraPlaybooks = [
  { name: 'Usage component low', trigger: { kind: 'component_below', component: 'usage', below: 40 }, steps: [task] },
  { name: 'Health slipping', trigger: { kind: 'score_drop', points: 10, withinDays: 14 }, steps: [task] },
  {
    name: 'Big account, few users',
    trigger: {
      kind: 'custom',
      conditions: [
        { source: 'kpi', name: 'seats', operator: 'gte', value: 30 },
        { source: 'kpi', name: 'seatUtilizationPercent', operator: 'lt', value: 50 },
      ],
    },
    steps: [task],
  },
];

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - started) / 1000 };
}

const database =
  values.reuse === undefined ? await createServerDatabase() : { url: values.reuse, drop: () => Promise.resolve() };
const handle = await openDatabase({ databaseUrl: database.url, poolSize: 4 });
const { db } = handle;
try {
  if (values.reuse === undefined) {
    await seedHealthPortfolio(db, {
      portalId,
      companies,
      eventsPerCompany: Number(values['events-per-company']),
      asOf,
    });
    await db.execute(sql`vacuum analyze`);
    await recomputeHealth(db, portalId, addDays(asOf, -1));
    await storeEarlierDays(db, portalId, addDays(asOf, -1), historyDays);
  } else {
    await db.execute(sql`delete from playbook_run_steps`);
    await db.execute(sql`delete from playbook_runs`);
    await db.execute(sql`delete from playbooks`);
    await db.execute(sql`delete from health_scores where score_date = ${asOf}::date`);
  }
  // A live database is vacuumed by autovacuum; a freshly seeded one would answer index-only scans from the heap.
  await db.execute(sql`vacuum analyze`);
  await ensureDefaultPlaybooks(db, portalId);
  for (const playbook of extraPlaybooks)
    await createPlaybook(db, portalId, playbookDefinitionSchema.parse({ audience: {}, ...playbook }), 'bench');
  const playbooks = (await listPlaybooks(db, portalId)).length;
  const context = { db, logger: createLogger('silent'), now: () => new Date(`${asOf}T12:00:00Z`) };

  const health = await timed(() => recomputeHealth(db, portalId, asOf));
  const first = await timed(() => evaluatePlaybooks(context, portalId));
  const again = await timed(() => evaluatePlaybooks(context, portalId));
  // The same few companies' scores each time, by 40 points: down from 50 or above (to red), up from below (to green).
  const moveScores = () =>
    db.execute(sql`update health_scores set score = case when score >= 50 then score - 40 else score + 40 end,
        band = case when score >= 50 then 'red' else 'green' end
      where portal_id = ${portalId} and score_date = ${asOf}::date
        and abs(hashtext(company_id)) % 10000 < ${Math.round(changedPercent * 100)}::int`);
  // A typical day: a few companies' scores moved (half of them up, half down) since the last evaluation.
  await moveScores();
  const typical = await timed(() => evaluatePlaybooks(context, portalId));
  // A day of CSM work: the tasks of a tenth of the treated runs completed in HubSpot (as the task sync records them),
  // and yesterday's moved scores moved back, so many runs close the same day some open.
  await db.execute(sql`update playbook_run_steps s set state = 'done', task_status = 'COMPLETED'
    from playbook_runs r where r.portal_id = ${portalId} and r.id = s.run_id and r.status = 'open' and s.kind = 'task'
      and abs(hashtext(r.company_id)) % 10 = 0`);
  await moveScores();
  const busy = await timed(() => evaluatePlaybooks(context, portalId));
  const ratio = (seconds: number) => (seconds / health.seconds).toFixed(2);
  process.stdout.write(
    [
      `${companies} companies, ${playbooks} playbooks, scored ${health.result.scored}, load ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')}`,
      `daily health recompute (baseline)      ${health.seconds.toFixed(2)} s`,
      `first evaluation (opens ${first.result.opened} runs, ${first.result.heldOut} held out)  ${first.seconds.toFixed(2)} s  ${ratio(first.seconds)} x baseline`,
      `second evaluation (nothing changed)    ${again.seconds.toFixed(2)} s  ${ratio(again.seconds)} x baseline`,
      `typical day (${changedPercent}% of scores moved: opens ${typical.result.opened}, closes ${Object.values(
        typical.result.closed,
      ).reduce(
        (sum, count) => sum + count,
        0,
      )})  ${typical.seconds.toFixed(2)} s  ${ratio(typical.seconds)} x baseline`,
      `day of CSM work (a tenth of the runs' tasks completed, the moved scores back: opens ${busy.result.opened}, closes ${Object.values(
        busy.result.closed,
      ).reduce((sum, count) => sum + count, 0)})  ${busy.seconds.toFixed(2)} s  ${ratio(busy.seconds)} x baseline`,
      'target: each evaluation at most 0.25 x the health recompute',
    ].join('\n') + '\n',
  );
} finally {
  await handle.close();
  if (values.keep) process.stderr.write(`kept ${database.url}\n`);
  else await database.drop();
}
