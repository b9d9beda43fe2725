import fc from 'fast-check';
import { and, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle, Executor } from '../../src/db/client';
import { upsertCompanies } from '../../src/db/repositories/companies-repository';
import { replaceContractsForDeals } from '../../src/db/repositories/contracts-repository';
import { deleteEventsBefore } from '../../src/db/repositories/ingestion-events-repository';
import { insertSurveyResponses } from '../../src/db/repositories/usage-events-repository';
import { csmAssignments, onboardingRecords } from '../../src/db/schema';
import type { KpiSettingsInput } from '../../src/domain/kpi/kpi-settings';
import { defaultIngestionSettings } from '../../src/domain/usage/ingestion-settings';
import { storeMatched } from '../../src/services/ingestion/ingest-events';
import { portfolioKpis, type KpiCut } from '../../src/services/kpi/portfolio-kpis-service';
import { kpiCutColumns } from '../../src/db/repositories/kpi-query-parts';
import { assignCsmAtHandoff } from '../support/csm-assignment';
import { databaseTargets, postgresServerAvailable, testServerUrl } from '../support/databases';
import { rowsOf } from '../support/sql-rows';
import { generatedPortfolioArbitrary, seedGeneratedPortfolio, type GeneratedPortfolio } from './generated-portfolio';

// Issue 17's kept closed periods: a report that reads them equals the report computed afresh, before and after
// any write a product path makes to the data of a closed period.

type Settings = Omit<KpiSettingsInput, 'timeZone'>;
type Report = { cut: KpiCut | null; settings: Settings; period: 'month' | 'quarter' };

// The generated data lies in 2025-01 .. 2026-07; every month up to 2026-09 ended over four days before today.
const asOf = '2026-10-15';
const from = '2025-01';
const to = '2026-10';
const companyIds = ['c1', 'c2', 'c3', 'c4', 'c5'];

const settingVariants: Settings[] = [
  {},
  { customers: 'group' },
  { periodStartBoundary: 'first-day', activeUsers: { monthlyWindow: 'trailing-30-days' } },
  { sessions: { useSessionId: false, inactivityMinutes: 10 } },
];
const reportArbitrary = fc.record({
  cut: fc.constantFrom<KpiCut | null>(null, ...kpiCutColumns),
  settings: fc.constantFrom(...settingVariants),
  period: fc.constantFrom<'month' | 'quarter'>('month', 'quarter'),
});
const day = fc.integer({ min: 0, max: 560 });
const dayOf = (offset: number) => new Date(Date.UTC(2025, 0, 1 + offset)).toISOString().slice(0, 10);
const company = fc.constantFrom(...companyIds);

/** One write of a product path to data of a closed period. */
const changeArbitrary = fc.oneof(
  fc.record({ kind: fc.constant('event' as const), company, day, minute: fc.integer({ min: 0, max: 1_439 }) }),
  fc.record({
    kind: fc.constant('contract' as const),
    company,
    start: day,
    lengthDays: fc.integer({ min: 1, max: 400 }),
    mrrMinor: fc.integer({ min: 0, max: 50_000 }),
    seats: fc.constantFrom(null, 5),
  }),
  fc.record({
    kind: fc.constant('company' as const),
    company,
    attribute: fc.constantFrom('ownerId', 'industry', 'tier', 'lifecycleStage', 'parent'),
    value: fc.constantFrom('o3', 'c1', 'c2', null),
  }),
  fc.record({ kind: fc.constant('survey' as const), company, day, score: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ kind: fc.constant('handoff' as const), company, day }),
  fc.record({ kind: fc.constant('csm' as const), company, owner: fc.constantFrom('o1', 'o3') }),
);
type Change = typeof changeArbitrary extends fc.Arbitrary<infer Value> ? Value : never;

async function applyChange(db: DatabaseHandle['db'], portalId: number, timeZone: string, change: Change, n: number) {
  switch (change.kind) {
    case 'event': {
      const occurredAt = Date.parse(`${dayOf(change.day)}T00:00:00Z`) + change.minute * 60_000;
      const event = {
        companyId: change.company,
        userId: 'u9',
        messageId: `late-${n}`,
        occurredAt,
        sessionId: null,
        durationSeconds: 120,
        event: 'page.view',
        properties: {},
      };
      await db.transaction((transaction) =>
        storeMatched(transaction, { db, portalId, timeZone, settings: defaultIngestionSettings }, [event]),
      );
      return;
    }
    case 'contract': {
      const contract = {
        portalId,
        dealId: `late-${n}`,
        companyId: change.company,
        kind: 'upsell' as const,
        product: 'core',
        mrrMinor: change.mrrMinor,
        startDate: dayOf(change.start),
        endDate: dayOf(change.start + change.lengthDays),
        seats: change.seats,
        closeDate: dayOf(change.start),
      };
      await replaceContractsForDeals(db, portalId, [contract.dealId], [contract]);
      return;
    }
    case 'company': {
      const [current] = rowsOf<Record<string, unknown>>(
        await db.execute(sql`select * from companies where portal_id = ${portalId} and id = ${change.company}`),
      );
      if (current === undefined) return;
      const row = {
        portalId,
        id: change.company,
        name: change.company,
        ownerId: current.owner_id as string | null,
        industry: current.industry as string | null,
        tier: current.tier as string | null,
        lifecycleStage: current.lifecycle_stage as string | null,
        properties: {},
      };
      if (change.attribute === 'parent') {
        const parent = change.value === change.company ? null : change.value;
        await upsertCompanies(db, [{ ...row, properties: parent === null ? {} : { hs_parent_company_id: parent } }]);
      } else {
        await upsertCompanies(db, [{ ...row, [change.attribute]: change.value }]);
      }
      return;
    }
    case 'survey':
      await insertSurveyResponses(db, [
        {
          portalId,
          id: `late-${n}`,
          companyId: change.company,
          contactId: null,
          kind: 'nps',
          score: change.score,
          submittedAt: new Date(`${dayOf(change.day)}T12:00:00Z`),
          source: 'test',
        },
      ]);
      return;
    case 'handoff':
      await db
        .update(onboardingRecords)
        .set({ handoffDate: dayOf(change.day) })
        .where(and(eq(onboardingRecords.portalId, portalId), eq(onboardingRecords.companyId, change.company)));
      return;
    case 'csm':
      // A hand-off's assignment, or a CSM changed by hand afterwards.
      await db
        .delete(csmAssignments)
        .where(and(eq(csmAssignments.portalId, portalId), eq(csmAssignments.companyId, change.company)));
      await assignCsmAtHandoff(db, portalId, change.company, change.owner);
      return;
  }
}

function report(db: Executor, portalId: number, timeZone: string, choice: Report, reuseClosedPeriods: boolean) {
  return portfolioKpis(db, {
    portalId,
    timeZone,
    from,
    to,
    period: choice.period,
    cut: choice.cut,
    settings: choice.settings,
    asOf,
    reuseClosedPeriods,
  });
}

async function keptEntries(db: Executor, portalId: number): Promise<number> {
  const [row] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select count(*)::int as entries from kpi_period_cache where portal_id = ${portalId}`),
  );
  return Number(row?.entries ?? 0);
}

describe.each(databaseTargets)('kept closed periods on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => handle.close());

  it(
    'equal the fresh report when kept, when read, and after any write to a closed period',
    { timeout: 240_000 },
    async () => {
      let portalId = 9_100_000;
      await fc.assert(
        fc.asyncProperty(
          generatedPortfolioArbitrary,
          fc.array(reportArbitrary, { minLength: 1, maxLength: 2 }),
          fc.array(changeArbitrary, { minLength: 1, maxLength: 3 }),
          async (portfolio: GeneratedPortfolio, reports, changes) => {
            portalId += 1;
            const { timeZone } = portfolio;
            await seedGeneratedPortfolio(handle.db, portalId, portfolio, asOf);
            for (const choice of reports) {
              const fresh = await report(handle.db, portalId, timeZone, choice, false);
              expect(await report(handle.db, portalId, timeZone, choice, true), 'first, keeping').toEqual(fresh);
              expect(await report(handle.db, portalId, timeZone, choice, true), 'read from the kept').toEqual(fresh);
            }
            expect(await keptEntries(handle.db, portalId)).toBeGreaterThan(0);
            for (const [n, change] of changes.entries()) await applyChange(handle.db, portalId, timeZone, change, n);
            for (const choice of reports) {
              const fresh = await report(handle.db, portalId, timeZone, choice, false);
              expect(
                await report(handle.db, portalId, timeZone, choice, true),
                `after ${JSON.stringify(changes)}`,
              ).toEqual(fresh);
            }
          },
        ),
        { numRuns: 30, seed: 1717 },
      );
    },
  );

  // Each scope of a change, with a change that alters the report: the kept periods must follow it.
  const fixed: GeneratedPortfolio = {
    timeZone: 'UTC',
    companies: ['o1', 'o1', 'o1', 'o2', 'o2'].map((ownerId) => ({
      ownerId,
      csmOwnerId: null,
      industry: null,
      tier: null,
      lifecycleStage: null,
    })),
    contracts: ['c1', 'c2'].map((companyId) => ({
      companyId,
      kind: 'new' as const,
      product: 'core',
      mrrMinor: 1_000,
      start: 0,
      lengthDays: 500,
      closeBefore: 0,
      seats: 5,
    })),
    events: [0, 5, 50].map((minute) => ({
      companyId: 'c2',
      userId: 'u1',
      at: { day: 70, minute },
      sessionId: null,
      durationSeconds: 60,
    })),
    activeRuns: [],
    surveys: [],
    onboardings: [null, { handoff: 31, milestones: [] }, null, null, null],
  };
  const scopes: {
    scope: string;
    choice: Report;
    change: (db: DatabaseHandle['db'], portalId: number) => Promise<unknown>;
  }[] = [
    {
      scope: 'a parent company (groups as customers)',
      choice: { cut: null, settings: { customers: 'group' }, period: 'month' },
      change: (db, portalId) =>
        applyChange(db, portalId, 'UTC', { kind: 'company', company: 'c2', attribute: 'parent', value: 'c1' }, 0),
    },
    {
      scope: 'a company owner (cut by owner)',
      choice: { cut: 'owner', settings: {}, period: 'quarter' },
      change: (db, portalId) =>
        applyChange(db, portalId, 'UTC', { kind: 'company', company: 'c2', attribute: 'ownerId', value: 'o3' }, 0),
    },
    {
      scope: 'a CSM assigned at hand-off (cut by owner, which is the CSM)',
      choice: { cut: 'owner', settings: {}, period: 'month' },
      change: (db, portalId) => applyChange(db, portalId, 'UTC', { kind: 'csm', company: 'c2', owner: 'o3' }, 0),
    },
    {
      scope: 'a hand-off date (cut by onboarding cohort)',
      choice: { cut: 'onboarding_cohort', settings: {}, period: 'month' },
      change: (db, portalId) => applyChange(db, portalId, 'UTC', { kind: 'handoff', company: 'c2', day: 100 }, 0),
    },
    {
      scope: 'raw events deleted by retention (sessions split from raw events)',
      choice: { cut: null, settings: { sessions: { useSessionId: false, inactivityMinutes: 10 } }, period: 'month' },
      change: (db, portalId) => deleteEventsBefore(db, portalId, new Date('2025-06-01T00:00:00Z'), 1_000),
    },
  ];
  it.each(scopes)('follows a change of $scope', async ({ choice, change }) => {
    const portalId = 9_000_300 + scopes.findIndex((entry) => entry.choice === choice);
    await seedGeneratedPortfolio(handle.db, portalId, fixed, asOf);
    const before = await report(handle.db, portalId, 'UTC', choice, false);
    expect(await report(handle.db, portalId, 'UTC', choice, true)).toEqual(before);
    await change(handle.db, portalId);
    const after = await report(handle.db, portalId, 'UTC', choice, false);
    expect(after, 'the change alters the report').not.toEqual(before);
    expect(await report(handle.db, portalId, 'UTC', choice, true)).toEqual(after);
  });

  it('reads a kept period instead of computing it, and keeps no running or recent period', async () => {
    const portalId = 9_000_001;
    const portfolio = fc.sample(generatedPortfolioArbitrary, { numRuns: 1, seed: 5 })[0];
    if (portfolio === undefined) throw new Error('no sample');
    await seedGeneratedPortfolio(handle.db, portalId, portfolio, asOf);
    const choice: Report = { cut: null, settings: {}, period: 'month' };
    await report(handle.db, portalId, portfolio.timeZone, choice, true);
    // 21 closed months kept; the running month (2026-10) is not.
    expect(await keptEntries(handle.db, portalId)).toBe(21);
    // An entry's rows are what the report shows: a marked value proves the kept row is read, not recomputed.
    await handle.db.execute(
      sql`update kpi_period_cache set rows = '[{"period": "2025-03", "group": null, "values": {"npsResponses": 4321}}]'::jsonb
        where portal_id = ${portalId} and rows @> '[{"period": "2025-03"}]'`,
    );
    const [group] = await report(handle.db, portalId, portfolio.timeZone, choice, true);
    expect(group?.periods.find((period) => period.period === '2025-03')?.npsResponses).toBe(4321);
    // A today-dated report keeps nothing of the month that just ended: it ended less than four days ago.
    const today = new Date().toISOString().slice(0, 10);
    const recent = await portfolioKpis(handle.db, {
      portalId: portalId + 1,
      timeZone: 'UTC',
      from: today.slice(0, 7),
      to: today.slice(0, 7),
      asOf: today,
    });
    expect(recent[0]?.periods[0]?.partial).toBe(true);
    expect(await keptEntries(handle.db, portalId + 1)).toBe(0);
  });

  it('computes again a period kept over 30 days ago', async () => {
    const portalId = 9_000_401;
    await seedGeneratedPortfolio(handle.db, portalId, fixed, asOf);
    const choice: Report = { cut: null, settings: {}, period: 'month' };
    await report(handle.db, portalId, 'UTC', choice, true);
    await handle.db.execute(
      sql`update kpi_period_cache set computed_at = now() - interval '31 days',
        rows = '[{"period": "2025-03", "group": null, "values": {"npsResponses": 4321}}]'::jsonb
        where portal_id = ${portalId} and rows @> '[{"period": "2025-03"}]'`,
    );
    const [group] = await report(handle.db, portalId, 'UTC', choice, true);
    expect(group?.periods.find((period) => period.period === '2025-03')?.npsResponses).toBe(0);
    expect(await report(handle.db, portalId, 'UTC', choice, true)).toEqual(
      await report(handle.db, portalId, 'UTC', choice, false),
    );
  });

  it('logs old-dated writes for the kept periods and leaves live ones unlogged', async () => {
    const portalId = 9_000_101;
    await upsertCompanies(handle.db, [{ portalId, id: 'c1', name: 'c1', properties: {} }]);
    const changesBefore = await changeCount(handle.db, portalId);
    const now = Date.now();
    const events = [now - 60_000, now - 10 * 86_400_000].map((occurredAt, index) => ({
      companyId: 'c1',
      userId: 'u1',
      messageId: `m${index}`,
      occurredAt,
      sessionId: null,
      durationSeconds: 60,
      event: 'page.view',
      properties: {},
    }));
    const store = (batch: typeof events) =>
      handle.db.transaction((transaction) =>
        storeMatched(
          transaction,
          { db: handle.db, portalId, timeZone: 'UTC', settings: defaultIngestionSettings },
          batch,
        ),
      );
    await store(events.slice(0, 1));
    expect(await changeCount(handle.db, portalId)).toBe(changesBefore);
    await store(events.slice(1));
    expect(await changeCount(handle.db, portalId)).toBeGreaterThan(changesBefore);
  });
});

async function changeCount(db: Executor, portalId: number): Promise<number> {
  const [row] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select count(*)::int as changes from kpi_input_changes where portal_id = ${portalId}`),
  );
  return Number(row?.changes ?? 0);
}

describe.runIf(postgresServerAvailable)('kept closed periods with a concurrent writer (Postgres)', () => {
  const postgres = databaseTargets.find((target) => target.name === 'postgres');
  let handle: DatabaseHandle;
  beforeAll(async () => {
    if (postgres === undefined) throw new Error('no Postgres target');
    handle = await postgres.open();
  });
  afterAll(async () => handle.close());

  it('does not use a period kept while a write to it was not yet committed', async () => {
    const portalId = 9_000_201;
    await upsertCompanies(handle.db, [{ portalId, id: 'c1', name: 'c1', properties: {} }]);
    const choice: Report = { cut: null, settings: {}, period: 'month' };
    const [database] = rowsOf<{ name: string }>(await handle.db.execute(sql`select current_database() as name`));
    const url = new URL(testServerUrl);
    url.pathname = `/${database?.name ?? ''}`;
    const writer = new pg.Client({ connectionString: url.toString() });
    await writer.connect();
    try {
      await writer.query('begin');
      await writer.query(
        `insert into survey_responses (portal_id, id, company_id, kind, score, submitted_at, source)
         values ($1, 'late', 'c1', 'nps', 10, '2025-06-10T12:00:00Z', 'test')`,
        [portalId],
      );
      // Kept while the write is in flight: the kept June does not have it.
      const before = await report(handle.db, portalId, 'UTC', choice, true);
      expect(before[0]?.periods.find((period) => period.period === '2025-06')?.npsResponses).toBe(0);
      await writer.query('commit');
    } finally {
      await writer.end();
    }
    const after = await report(handle.db, portalId, 'UTC', choice, true);
    expect(after[0]?.periods.find((period) => period.period === '2025-06')?.npsResponses).toBe(1);
    expect(after).toEqual(await report(handle.db, portalId, 'UTC', choice, false));
  });
});
