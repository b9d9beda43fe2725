// Playbook evaluation benchmark (issue 20): N companies x 10 playbooks evaluated right after the daily health
// recompute, on a throwaway Postgres database. The health recompute of the same run is the baseline: evaluation
// should cost at most a quarter of it. Without a HubSpot client the runs open and close but perform no step, so the
// figure is the product's own work (signals, triggers, run bookkeeping), not HubSpot's latency.
// Usage: npx tsx bench/playbook-evaluation.ts [--companies 100000] [--events-per-company 30]
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
import { seedHealthPortfolio } from './health-portfolio-seed';

const { values } = parseArgs({
  options: {
    companies: { type: 'string', default: '100000' },
    'events-per-company': { type: 'string', default: '30' },
  },
});
const companies = Number(values.companies);
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

const database = await createServerDatabase();
const handle = await openDatabase({ databaseUrl: database.url, poolSize: 4 });
const { db } = handle;
try {
  await seedHealthPortfolio(db, {
    portalId,
    companies,
    eventsPerCompany: Number(values['events-per-company']),
    asOf,
  });
  // A live database is vacuumed by autovacuum; a freshly seeded one would answer index-only scans from the heap.
  await db.execute(sql`vacuum analyze`);
  await ensureDefaultPlaybooks(db, portalId);
  for (const playbook of extraPlaybooks)
    await createPlaybook(db, portalId, playbookDefinitionSchema.parse({ audience: {}, ...playbook }), 'bench');
  const playbooks = (await listPlaybooks(db, portalId)).length;
  const context = { db, logger: createLogger('silent'), now: () => new Date(`${asOf}T12:00:00Z`) };

  await recomputeHealth(db, portalId, addDays(asOf, -1));
  const health = await timed(() => recomputeHealth(db, portalId, asOf));
  const first = await timed(() => evaluatePlaybooks(context, portalId));
  const again = await timed(() => evaluatePlaybooks(context, portalId));
  const ratio = (seconds: number) => (seconds / health.seconds).toFixed(2);
  process.stdout.write(
    [
      `${companies} companies, ${playbooks} playbooks, scored ${health.result.scored}, load ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')}`,
      `daily health recompute (baseline)      ${health.seconds.toFixed(2)} s`,
      `first evaluation (opens ${first.result.opened} runs, ${first.result.heldOut} held out)  ${first.seconds.toFixed(2)} s  ${ratio(first.seconds)} x baseline`,
      `second evaluation (nothing changed)    ${again.seconds.toFixed(2)} s  ${ratio(again.seconds)} x baseline`,
      'target: each evaluation at most 0.25 x the health recompute',
    ].join('\n') + '\n',
  );
} finally {
  await handle.close();
  await database.drop();
}
