import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { computeKpisByCut, type CutDimension } from '../../src/domain/kpi/kpi-cuts';
import type { KpiInput } from '../../src/domain/kpi/kpi-input';
import type { KpiSettingsInput } from '../../src/domain/kpi/kpi-settings';
import { periodKpiFields, type PeriodKpis } from '../../src/domain/kpi/period-kpis-schema';
import { computeKpisForPeriods } from '../../src/domain/kpi/period-kpis';
import { addCalendarMonths, addDays, monthOf } from '../../src/domain/time/calendar-date';
import { periodKindSchema, periodsBetween, type PeriodKind } from '../../src/domain/time/periods';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import type { Fixture } from '../../src/sandbox/fixture-schema';
import { loadFixtureFile } from '../../src/sandbox/load-fixture';
import type { PortfolioPeriodKpis } from '../../src/services/kpi/kpi-aggregates';
import { periodReportSchema } from '../../src/services/kpi/kpi-report';
import { kpiCutColumns } from '../../src/db/repositories/kpi-query-parts';
import { ensureOnboardingForCustomers } from '../../src/services/customer-success/onboarding-service';
import { portfolioKpis, type KpiCut } from '../../src/services/kpi/portfolio-kpis-service';
import { smallPortfolioPath } from '../fixtures/small-portfolio.expected';
import { databaseTargets } from '../support/databases';
import {
  activeRunArbitrary,
  generatedPortfolioArbitrary,
  seedGeneratedPortfolio,
  type GeneratedPortfolio,
} from './generated-portfolio';
import { domainInput, loadPortfolio } from './load-portfolio';

// The differential test of issue 17: the product's SQL path (src/services/kpi) against the domain reference
// (src/domain/kpi), every field of every period compared whole, so a field added to one path only fails.

const domainCuts: Record<KpiCut, CutDimension> = {
  owner: 'owner',
  industry: 'industry',
  tier: 'tier',
  lifecycle_stage: 'lifecycle-stage',
  onboarding_cohort: 'onboarding-cohort',
};

type Settings = Omit<KpiSettingsInput, 'timeZone'>;

const settingVariants: Settings[] = [
  {},
  { periodStartBoundary: 'first-day' },
  {
    churn: { countSamePeriodSignups: true },
    lifetimeValue: { grossMarginPercent: 72.5, customerAcquisitionCostMinor: 12_345 },
  },
  {
    sessions: { useSessionId: false, inactivityMinutes: 10 },
    activeUsers: { monthlyWindow: 'trailing-30-days', seatUtilizationWindowDays: 7 },
  },
  { periodStartBoundary: 'first-day', onboarding: { targetDays: 30 }, lifetimeValue: { grossMarginPercent: 80 } },
];

/** The reference's period in the SQL path's shape: the same fields, the period by its label. */
function fromDomain({ period, ...kpis }: PeriodKpis): PortfolioPeriodKpis {
  return { period: period.label, ...kpis };
}

type Case = { kind: PeriodKind; from: string; to: string; cut: KpiCut | null; settings: Settings; asOf: string };

async function expectSqlMatchesDomain(
  handle: DatabaseHandle,
  portal: { id: number; timeZone: string },
  input: KpiInput,
  testCase: Case,
) {
  const settings = { ...testCase.settings, timeZone: portal.timeZone };
  const periods = periodsBetween(testCase.kind, testCase.from, testCase.to);
  const reference = { ...input, asOfDate: testCase.asOf };
  const expected =
    testCase.cut === null
      ? [{ group: null, kpis: computeKpisForPeriods(reference, periods, settings) }]
      : computeKpisByCut(reference, periods, domainCuts[testCase.cut], settings);
  const actual = await portfolioKpis(handle.db, {
    portalId: portal.id,
    timeZone: portal.timeZone,
    from: testCase.from,
    to: testCase.to,
    period: testCase.kind,
    cut: testCase.cut,
    settings: testCase.settings,
    asOf: testCase.asOf,
  });
  const actualByGroup = new Map(actual.map((group) => [group.group, group.periods]));
  const zeros = computeKpisForPeriods(
    { ...reference, contracts: [], usageEvents: [], surveyResponses: [], onboardings: [] },
    periods,
    settings,
  ).map(fromDomain);
  for (const group of expected) {
    const sqlPeriods = actualByGroup.get(group.group) ?? zeros;
    expect(sqlPeriods, `group ${String(group.group)}`).toEqual(group.kpis.map(fromDomain));
    actualByGroup.delete(group.group);
  }
  // A group only the SQL knows must be empty: the reference has no company in it.
  for (const [group, sqlPeriods] of actualByGroup)
    expect(sqlPeriods, `group ${String(group)} the reference does not know`).toEqual(zeros);
}

describe('both paths carry exactly the fields of domain §3.1', () => {
  it('the reference, the report and the page order agree', () => {
    expect(Object.keys(periodReportSchema.shape)).toEqual(periodKpiFields);
  });
});

describe.each(databaseTargets)('KPI SQL on $name agrees with the domain reference', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => handle.close());

  it('on generated portfolios: every field, period kind, cut and setting variant', { timeout: 240_000 }, async () => {
    let portalId = 7_700_000;
    await fc.assert(
      fc.asyncProperty(
        generatedPortfolioArbitrary,
        fc.record({
          kind: fc.constantFrom(...periodKindSchema.options),
          cut: fc.constantFrom<KpiCut | null>(null, ...kpiCutColumns),
          settings: fc.constantFrom(...settingVariants),
          fromMonth: fc.integer({ min: 0, max: 16 }),
          months: fc.integer({ min: 1, max: 4 }),
          asOfDay: fc.integer({ min: 0, max: 27 }),
        }),
        async (portfolio, choice) => {
          portalId += 1;
          const month = (offset: number) =>
            `${2025 + Math.floor(offset / 12)}-${String((offset % 12) + 1).padStart(2, '0')}`;
          const to = month(choice.fromMonth + choice.months - 1);
          // As of a day in the range's last month: its period runs, unless the day is its last.
          const asOf = `${to}-${String(choice.asOfDay + 1).padStart(2, '0')}`;
          const input = await seedGeneratedPortfolio(handle.db, portalId, portfolio, asOf);
          await expectSqlMatchesDomain(handle, { id: portalId, timeZone: portfolio.timeZone }, input, {
            ...choice,
            from: month(choice.fromMonth),
            to,
            asOf,
          });
        },
      ),
      { numRuns: 40, seed: 17 },
    );
  });

  it(
    'seat and week windows across month edges: users active around the first of a month, every company with core seats',
    { timeout: 240_000 },
    async () => {
      let portalId = 7_800_000;
      await fc.assert(
        fc.asyncProperty(
          fc.array(activeRunArbitrary, { minLength: 1, maxLength: 10 }),
          fc.record({
            cut: fc.constantFrom<KpiCut | null>(null, 'owner'),
            settings: fc.constantFrom<Settings>(
              {},
              { activeUsers: { seatUtilizationWindowDays: 7 } },
              { activeUsers: { seatUtilizationWindowDays: 45 } },
              // Over two months: a month-end window counted by grouping, beside the months counted one at a time.
              { activeUsers: { seatUtilizationWindowDays: 75 } },
            ),
            months: fc.integer({ min: 1, max: 4 }),
            // The report runs as of a day on which a run has events: a window ends on a user's first or last day of a month.
            asOfRun: fc.nat(),
            asOfDay: fc.nat(),
            timeZone: fc.constantFrom('UTC', 'Asia/Tokyo'),
          }),
          async (activeRuns, choice) => {
            portalId += 1;
            const run = activeRuns[choice.asOfRun % activeRuns.length];
            const asOf = addDays(
              '2025-01-01',
              (run?.monthStart ?? 0) + (run?.days[choice.asOfDay % run.days.length] ?? 0),
            );
            const to = monthOf(asOf);
            const from = addCalendarMonths(to, 1 - choice.months);
            const portfolio: GeneratedPortfolio = {
              timeZone: choice.timeZone,
              companies: ['o1', 'o1', 'o2', null, 'o2'].map((ownerId) => ({
                ownerId,
                csmOwnerId: null,
                industry: null,
                tier: null,
                lifecycleStage: null,
              })),
              contracts: ['c1', 'c2', 'c3', 'c4', 'c5'].map((companyId) => ({
                companyId,
                kind: 'new',
                product: 'core',
                mrrMinor: 1_000,
                start: 0,
                lengthDays: 700,
                closeBefore: 0,
                seats: 10,
              })),
              events: [],
              activeRuns,
              surveys: [],
              onboardings: [null, null, null, null, null],
            };
            const input = await seedGeneratedPortfolio(handle.db, portalId, portfolio, asOf);
            await expectSqlMatchesDomain(handle, { id: portalId, timeZone: choice.timeZone }, input, {
              kind: 'month',
              cut: choice.cut,
              settings: choice.settings,
              from,
              to,
              asOf,
            });
          },
        ),
        { numRuns: 25, seed: 17 },
      );
    },
  );

  const fixtures: { name: string; fixture: () => Promise<Fixture>; from: string; to: string }[] = [
    {
      name: 'small portfolio',
      fixture: () => loadFixtureFile(smallPortfolioPath.pathname),
      from: '2025-12',
      to: '2026-07',
    },
    {
      name: 'demo (America/New_York)',
      fixture: () => {
        const demo = generateDemoPortfolio({ seed: 5, companies: 12 });
        return Promise.resolve({ ...demo, portal: { ...demo.portal, timeZone: 'America/New_York' } });
      },
      from: '2025-06',
      to: '2026-10',
    },
  ];

  describe.each(fixtures)('synced $name', ({ fixture: makeFixture, from, to }) => {
    let fixtureHandle: DatabaseHandle;
    let portal: { id: number; timeZone: string };
    let input: KpiInput;
    beforeAll(async () => {
      fixtureHandle = await target.open();
      const fixture = await makeFixture();
      portal = await loadPortfolio(fixtureHandle.db, fixture);
      // Onboardings opened at hand-off as the product does, so the onboarding fields and cut have members.
      await ensureOnboardingForCustomers(fixtureHandle.db, portal.id, '2026-11-01', undefined, {
        assumeEarlierMilestonesDone: false,
      });
      input = await domainInput(fixtureHandle.db, portal.id, fixture);
    });
    afterAll(async () => fixtureHandle.close());

    it.each<Omit<Case, 'from' | 'to'>>([
      { kind: 'month', cut: null, settings: {}, asOf: '2026-11-01' },
      { kind: 'quarter', cut: 'industry', settings: { periodStartBoundary: 'first-day' }, asOf: '2026-11-01' },
      {
        kind: 'trailing-twelve-months',
        cut: 'owner',
        settings: { lifetimeValue: { grossMarginPercent: 75 } },
        asOf: '2026-11-01',
      },
      { kind: 'month', cut: 'tier', settings: settingVariants[3] ?? {}, asOf: `${to}-20` },
    ])('$kind by $cut with $settings as of $asOf', async (testCase) => {
      await expectSqlMatchesDomain(fixtureHandle, portal, input, { ...testCase, from, to });
    });
  });
});
