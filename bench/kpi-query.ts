import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql, type SQL } from 'drizzle-orm';
import { openDatabase, type Executor } from '../src/db/client';
import { activityKpiAggregates, type SessionSource } from '../src/db/repositories/kpi-activity-repository';
import { contractKpiAggregates } from '../src/db/repositories/kpi-contracts-repository';
import { dayActivityKpiAggregates } from '../src/db/repositories/kpi-day-activity-repository';
import { onboardingKpiAggregates } from '../src/db/repositories/kpi-onboarding-repository';
import type { KpiCutColumn, KpiQuery } from '../src/db/repositories/kpi-query-parts';
import { portfolioKpis } from '../src/services/kpi/portfolio-kpis-service';
import type { PeriodKind } from '../src/domain/time/periods';
import { seedBenchPortfolio } from './kpi-query-seed';
import { medianMilliseconds } from './median-time';
import { installQueryCounter } from './query-counter';
import { admin, benchServerUrl } from './server-admin';

// Portfolio KPI statements vs one plain aggregate over the same tables, on a throwaway Postgres database.
// --scale 0.1 seeds a tenth of 100k companies / 1M contracts / 10M events; --keep leaves the database
// for another run (--reuse <name>, which never drops it); --explain prints EXPLAIN (ANALYZE, BUFFERS) of each statement; --span '24 months'
// and --cut owner (or none) measure only that span or cut.
const { values: options } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    runs: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    explain: { type: 'boolean', default: false },
    span: { type: 'string' },
    cut: { type: 'string' },
  },
});
const scale = Number(options.scale);
const runs = Number(options.runs);
const sizes = {
  companies: Math.round(100_000 * scale),
  contracts: Math.round(1_000_000 * scale),
  events: Math.round(10_000_000 * scale),
};
const serverUrl = benchServerUrl;
const portalId = 1;

const measure = (work: () => Promise<unknown>): Promise<number> => medianMilliseconds(runs, work);

/** An executor that prints each statement's plan instead of running it for rows. */
function explaining(db: Executor, label: string): Executor {
  // EXPLAIN ANALYZE runs the statement, so the planner settings' set_config still takes effect.
  const execute = async (query: SQL) => {
    const result = await db.execute(sql`explain (analyze, buffers) ${query}`);
    const lines = (result as { rows: Record<string, string>[] }).rows.map((row) => Object.values(row)[0]);
    process.stdout.write(`\n=== ${label}\n${lines.join('\n')}\n`);
    return { rows: [] };
  };
  const transaction = async (work: (executor: Executor) => Promise<unknown>) =>
    db.transaction(async (inner) => work(explaining(inner, label)));
  return { execute, transaction } as unknown as Executor;
}

function monthPeriods(from: string, to: string) {
  const periods = [];
  for (let month = from; month <= to;) {
    const [year, monthNumber] = month.split('-').map(Number) as [number, number];
    const lastDay = new Date(Date.UTC(year, monthNumber, 0)).toISOString().slice(0, 10);
    periods.push({
      label: month,
      startDay: `${month}-01`,
      firstDay: `${month}-01`,
      lastDay,
      mauFirstDay: `${month}-01`,
    });
    month = new Date(Date.UTC(year, monthNumber, 1)).toISOString().slice(0, 7);
  }
  return periods;
}

const name = options.reuse ?? `cs_bench_kpi_${randomBytes(4).toString('hex')}`;
if (!options.reuse) await admin(`create database ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
const db = handle.db;
try {
  if (!options.reuse) {
    process.stderr.write(`Seeding ${name}\n`);
    await seedBenchPortfolio(db, portalId, sizes);
  }
  const query = (from: string, to: string, cut: KpiCutColumn | null): KpiQuery => ({
    portalId,
    timeZone: 'UTC',
    cut,
    periods: monthPeriods(from, to),
  });
  const sessionRules: SessionSource = { from: 'stored-sessions' };
  // The seeded data ends in 2026-10; measured as of a later day, every month up to 2026-10 is complete.
  const asOf = '2026-11-15';
  const spans: { span: string; from: string; to: string; period?: PeriodKind }[] = [
    { span: '1 month', from: '2026-09', to: '2026-09' },
    { span: '24 months', from: '2024-11', to: '2026-10' },
    // As a manager sees it: the running month (2026-11, as of the 15th) after 23 closed ones.
    { span: '24 months to a running month', from: '2024-12', to: '2026-11' },
    // The manager view's table by group: the twelve months to the headline month (the last complete one).
    { span: 'trailing twelve months', period: 'trailing-twelve-months' as const, from: '2026-10', to: '2026-10' },
  ].filter(({ span }) => options.span === undefined || span === options.span);
  const cuts = ([null, 'owner', 'industry', 'tier', 'lifecycle_stage', 'onboarding_cohort'] as const).filter(
    (cut) => options.cut === undefined || (cut ?? 'none') === options.cut,
  );
  const plainMrrQuery = sql`select sum(c.mrr_minor) from contracts c join companies co on co.portal_id = c.portal_id and co.id = c.company_id where c.portal_id = ${portalId}`;
  const plainEventsQuery = sql`select count(*), sum(duration_seconds) from usage_events where portal_id = ${portalId}
    and occurred_at >= timestamptz '2024-11-01 00:00:00+00' and occurred_at < timestamptz '2026-11-01 00:00:00+00'`;

  if (options.explain) {
    await explaining(db, 'plain MRR sum').execute(plainMrrQuery);
    for (const { span, from, to } of spans) {
      for (const cut of cuts) {
        await contractKpiAggregates(explaining(db, `contract KPIs, ${span}, cut ${String(cut)}`), query(from, to, cut));
        await activityKpiAggregates(
          explaining(db, `activity KPIs, ${span}, cut ${String(cut)}`),
          query(from, to, cut),
          sessionRules,
        );
        await dayActivityKpiAggregates(
          explaining(db, `DAU, WAU and seat KPIs, ${span}, cut ${cut ?? 'none'}`),
          query(from, to, cut),
          {
            coreProductId: 'core',
            windowDays: 30,
          },
        );
        await onboardingKpiAggregates(
          explaining(db, `onboarding KPIs, ${span}, cut ${cut ?? 'none'}`),
          query(from, to, cut),
          asOf,
          90,
        );
      }
    }
  }
  if (options.explain && runs === 0) process.exit(0);

  const plainMrr = await measure(() => db.execute(plainMrrQuery));
  const plainEvents = await measure(() => db.execute(plainEventsQuery));
  const baseline = plainMrr + plainEvents;
  const lines = [
    // A reused database has the sizes of the --scale it was seeded with, not necessarily this run's.
    `KPI query benchmark: ${sizes.companies} companies, ${sizes.contracts} contracts, ${sizes.events} usage events${options.reuse ? ` if ${options.reuse} was seeded with --scale ${scale}` : ''} (Postgres, median of ${runs})`,
    `${'plain MRR sum (contracts join companies)'.padEnd(66)} ${plainMrr.toFixed(0).padStart(7)} ms`,
    `${'plain event sum (usage_events, 24 months)'.padEnd(66)} ${plainEvents.toFixed(0).padStart(7)} ms`,
    `${'baseline: the two plain aggregates'.padEnd(66)} ${baseline.toFixed(0).padStart(7)} ms`,
  ];
  // The issue's targets: the whole 24-month report under 1 s and at most 3x the baseline, every cut at most 3x.
  // The uncut lines are held to both, the cut ones to the ratio.
  const line = (label: string, milliseconds: number, statements: number, cut: KpiCutColumn | null) => {
    const ratio = milliseconds / baseline;
    const met = ratio <= 3 && (cut !== null || milliseconds < 1_000);
    const target = cut === null ? '< 1 s, <= 3x' : '<= 3x';
    return `${label.padEnd(66)} ${milliseconds.toFixed(0).padStart(7)} ms   ${ratio.toFixed(2).padStart(6)} x baseline   ${met ? 'meets' : 'MISSES'} (${target})   ${statements} SQL statements`;
  };
  // Statements sent per report (transaction control and planner settings included): the same for 1 and 24 months, no N+1.
  // The first run's time includes forgetting what the previous run kept (one delete of a few dozen rows).
  const queries = installQueryCounter();
  for (const { span, from, to, period = 'month' } of spans) {
    for (const cut of cuts) {
      const suffix = `${span}${cut === null ? '' : `, cut by ${cut}`}`;
      const report = (reuseClosedPeriods: boolean) =>
        portfolioKpis(db, { portalId, timeZone: 'UTC', period, from, to, cut, asOf, reuseClosedPeriods });
      const counted = async (work: () => Promise<unknown>) => {
        const before = queries.count();
        await work();
        return queries.count() - before;
      };
      // Afresh: every period computed. First: nothing kept yet, the closed months are computed and kept.
      // Kept: the closed months read from what the first run kept, only the running month computed.
      const forget = () => db.execute(sql`delete from kpi_period_cache where portal_id = ${portalId}`);
      const afreshStatements = await counted(() => report(false));
      lines.push(
        line(`afresh, every §3.1 field: ${suffix}`, await measure(() => report(false)), afreshStatements, cut),
      );
      await forget();
      const firstStatements = await counted(() => report(true));
      const first = await measure(async () => {
        await forget();
        await report(true);
      });
      lines.push(line(`first, keeping the closed months: ${suffix}`, first, firstStatements, cut));
      const keptStatements = await counted(() => report(true));
      lines.push(line(`closed months kept: ${suffix}`, await measure(() => report(true)), keptStatements, cut));
      process.stderr.write(`${lines.slice(-3).join('\n')}\n`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await handle.close();
  // A reused database belongs to whoever seeded it: only a database this run created is dropped, unless --keep.
  if (options.keep || options.reuse) process.stderr.write(`kept database ${name}\n`);
  else await admin(`drop database if exists ${name} with (force)`);
}
