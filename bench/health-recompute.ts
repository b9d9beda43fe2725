// Health recompute benchmark: N companies with contracts and usage in a throwaway Postgres database.
// Usage: npx tsx bench/health-recompute.ts [--companies 100000] [--events-per-company 30] [--history-days 40] [--explain]
//   --history-days: earlier daily scores stored before yesterday for the run on a portal in use;
//   --explain prints EXPLAIN (ANALYZE, BUFFERS) of the portal-wide statements after the timed runs;
//   --keep leaves the database in place and prints its URL, --reuse URL skips the load.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client';
import { integerColumn, queryRows } from '../src/db/repositories/query-rows';
import { z } from 'zod';
import { addDays } from '../src/domain/time/calendar-date';
import { recomputeHealth } from '../src/services/customer-success/recompute-health';
import { createServerDatabase } from '../test/support/databases';
import { seedHealthPortfolio, storeEarlierDays } from './health-portfolio-seed';
import { explainStatements } from './health-recompute-explain';

const { values } = parseArgs({
  options: {
    companies: { type: 'string', default: '100000' },
    'events-per-company': { type: 'string', default: '30' },
    'history-days': { type: 'string', default: '40' },
    explain: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
  },
});
const companies = Number(values.companies);
const eventsPerCompany = Number(values['events-per-company']);
const historyDays = Number(values['history-days']);
const portalId = 1;
const asOf = '2026-10-31';

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - started) / 1000 };
}

const database =
  values.reuse === undefined ? await createServerDatabase() : { url: values.reuse, drop: () => Promise.resolve() };
// The service's pool (10 connections), so the recompute's statements compete as they do in the service.
const handle = await openDatabase({ databaseUrl: database.url });
const { db } = handle;
try {
  const load = await timed(async () => {
    if (values.reuse !== undefined) {
      await db.execute(sql`delete from health_scores`);
      await db.execute(sql`delete from onboarding_milestones`);
      await db.execute(sql`delete from onboarding_records`);
      await db.execute(sql`vacuum analyze`);
      return;
    }
    await seedHealthPortfolio(db, { portalId, companies, eventsPerCompany, asOf });
    // As the product leaves a bulk load (refreshPlannerStatistics): with ANALYZE alone the visibility map is unset,
    // index-only scans visit the heap, and the daily run measured 28 to 34 s instead of 25 to 26 s at 100k.
    await db.execute(sql`vacuum analyze`);
  });
  const [countRow] = await queryRows(
    db,
    sql`select count(*)::int as events from usage_events`,
    z.object({ events: integerColumn }),
  );
  process.stderr.write(
    `loaded ${companies} companies and ${countRow?.events ?? 0} usage events in ${load.seconds.toFixed(1)} s\n`,
  );

  const baseline = await timed(() =>
    db.execute(sql`select count(*), count(distinct (company_id, user_id)) from usage_events
      where portal_id = ${portalId} and occurred_at >= (${asOf}::date - 119)::timestamp at time zone 'UTC'`),
  );
  const cold = await timed(() => recomputeHealth(db, portalId, addDays(asOf, -1)));
  const daily = await timed(() => recomputeHealth(db, portalId, asOf));
  const rerun = await timed(() => recomputeHealth(db, portalId, asOf));
  // A portal in use: a score for every company on each of the `historyDays` days before yesterday (not timed), and
  // today's taken away again, so the run reads yesterday, the seat days and the day a change is measured against.
  await db.execute(sql`delete from health_scores where portal_id = ${portalId} and score_date = ${asOf}::date`);
  await storeEarlierDays(db, portalId, addDays(asOf, -1), historyDays);
  await db.execute(sql`vacuum analyze health_scores`);
  const inUse = await timed(() => recomputeHealth(db, portalId, asOf));
  // That run must have measured a change against the month-old day (its base read from the stored row).
  const [measured] = await queryRows(
    db,
    sql`select count(*)::int as changes from health_scores where portal_id = ${portalId} and score_date = ${asOf}::date
      and explanation->'change'->>'scoreBefore' is not null`,
    z.object({ changes: integerColumn }),
  );
  // The reference reading the raw events, for the ratio: a first run on a day before, then the daily run.
  await db.execute(sql`delete from health_scores`);
  await db.execute(sql`delete from onboarding_milestones`);
  await db.execute(sql`delete from onboarding_records`);
  const coldEvents = await timed(() =>
    recomputeHealth(db, portalId, addDays(asOf, -1), undefined, { usageSource: 'events' }),
  );
  const dailyEvents = await timed(() => recomputeHealth(db, portalId, asOf, undefined, { usageSource: 'events' }));
  const line = (label: string, run: { result: { scored: number }; seconds: number }) =>
    `${label.padEnd(44)} ${run.seconds.toFixed(2).padStart(7)} s  ${Math.round(run.result.scored / run.seconds)
      .toString()
      .padStart(7)} companies/s  ${(run.seconds / baseline.seconds).toFixed(1).padStart(5)} x baseline`;
  process.stdout.write(
    [
      `baseline: count and distinct users of the 120-day usage rows  ${baseline.seconds.toFixed(2)} s`,
      line('first run (opens onboarding, rebuilds history)', cold),
      line('daily run (yesterday stored)', daily),
      line('rerun of the same day (replaces it)', rerun),
      `${line(`daily run on a portal in use (${historyDays} earlier days)`, inUse)}  (${measured?.changes ?? 0} changes measured)`,
      line('first run, usage from raw events (reference)', coldEvents),
      line('daily run, usage from raw events (reference)', dailyEvents),
      `time from raw events / time from daily aggregates: first run ${(coldEvents.seconds / cold.seconds).toFixed(2)}, daily run ${(dailyEvents.seconds / daily.seconds).toFixed(2)} (above 1: aggregates faster)`,
      `scored ${daily.result.scored} of ${daily.result.companies} customers; target: daily run under 10 s at 100k (the daily runs)`,
    ].join('\n') + '\n',
  );
  if (values.explain) await explainStatements(db, portalId, asOf);
} finally {
  await handle.close();
  if (values.keep) process.stderr.write(`kept ${database.url}\n`);
  else await database.drop();
}
