import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { computeKpisByCut, type CutDimension } from '../../src/domain/kpi/kpi-cuts';
import type { KpiInput } from '../../src/domain/kpi/kpi-input';
import type { KpiSettingsInput } from '../../src/domain/kpi/kpi-settings';
import type { PeriodKpis } from '../../src/domain/kpi/period-kpis-schema';
import { computeKpisForPeriods } from '../../src/domain/kpi/period-kpis';
import { periodsBetween, type PeriodKind } from '../../src/domain/time/periods';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import type { Fixture } from '../../src/sandbox/fixture-schema';
import { loadFixtureFile } from '../../src/sandbox/load-fixture';
import { toPeriodKpis, type PortfolioPeriodKpis } from '../../src/services/kpi/kpi-aggregates';
import { portfolioKpis, type KpiCut } from '../../src/services/kpi/portfolio-kpis-service';
import { smallPortfolioPath } from '../fixtures/small-portfolio.expected';
import { databaseTargets } from '../support/databases';
import { domainInput, loadPortfolio } from './load-portfolio';

const domainCuts: Record<KpiCut, CutDimension> = {
  owner: 'owner',
  industry: 'industry',
  tier: 'tier',
  lifecycle_stage: 'lifecycle-stage',
  onboarding_cohort: 'onboarding-cohort',
};

/** The domain's figures in the service's shape. */
function fromDomain(kpis: PeriodKpis): PortfolioPeriodKpis {
  return {
    period: kpis.period.label,
    customersStart: kpis.customersStart,
    customersEnd: kpis.customersEnd,
    newCustomers: kpis.newCustomers,
    churnedCustomers: kpis.churnedCustomers,
    customerChurnRate: kpis.customerChurnRate,
    retentionRate: kpis.retentionRate,
    startMrr: kpis.startMrr,
    newMrr: kpis.newMrr,
    expansionMrr: kpis.expansionMrr,
    contractionMrr: kpis.contractionMrr,
    churnedMrr: kpis.churnedMrr,
    endMrr: kpis.endMrr,
    nrr: kpis.nrr,
    grr: kpis.grr,
    revenueChurnRate: kpis.revenueChurnRate,
    upsellRate: kpis.upsellRate,
    upsellMrr: kpis.upsellMrr,
    crossSellRate: kpis.crossSellRate,
    crossSellMrr: kpis.crossSellMrr,
    nps: kpis.nps,
    npsResponses: kpis.npsResponses,
    csatPercent: kpis.csatPercent,
    csatMean: kpis.csatMean,
    csatResponses: kpis.csatResponses,
    mau: kpis.monthlyActiveUsers,
    sessions: kpis.sessions,
    meanSessionMinutes: kpis.meanSessionMinutes,
  };
}

type Case = { kind: PeriodKind; from: string; to: string; cut: KpiCut | null; settings?: Omit<KpiSettingsInput, 'timeZone'> };

async function expectSqlMatchesDomain(handle: DatabaseHandle, portal: { id: number; timeZone: string }, input: KpiInput, testCase: Case) {
  const settings = { ...testCase.settings, timeZone: portal.timeZone };
  const periods = periodsBetween(testCase.kind, testCase.from, testCase.to);
  const expected =
    testCase.cut === null
      ? [{ group: null, kpis: computeKpisForPeriods(input, periods, settings) }]
      : computeKpisByCut(input, periods, domainCuts[testCase.cut], settings);
  const actual = await portfolioKpis(handle.db, {
    portalId: portal.id,
    timeZone: portal.timeZone,
    from: testCase.from,
    to: testCase.to,
    period: testCase.kind,
    cut: testCase.cut,
    settings: testCase.settings,
  });
  const actualByGroup = new Map(actual.map((group) => [group.group, group.periods]));
  const zeros = (label: string) => toPeriodKpis(label, emptyRow, testCase.settings?.churn?.countSamePeriodSignups ?? false);
  for (const group of expected) {
    const sqlPeriods = actualByGroup.get(group.group) ?? periods.map((period) => zeros(period.label));
    expect(sqlPeriods, `group ${String(group.group)}`).toEqual(group.kpis.map(fromDomain));
    actualByGroup.delete(group.group);
  }
  expect([...actualByGroup.keys()], 'groups the domain does not know').toEqual([]);
}

const emptyRow = Object.fromEntries(
  ['customersStart', 'customersEnd', 'newCustomers', 'churnedCustomers', 'joinedAndLeft', 'startMrr', 'newMrr', 'expansionMrr', 'contractionMrr', 'churnedMrr', 'endMrr',
    'upsellCustomers', 'upsellMrr', 'crossSellCustomers', 'crossSellMrr', 'npsResponses', 'npsPromoters', 'npsDetractors', 'csatResponses', 'csatSatisfied',
    'csatScoreSum', 'monthlyActiveUsers', 'sessions', 'sessionMilliseconds'].map((key) => [key, 0]),
) as Parameters<typeof toPeriodKpis>[1];

const fixtures: { name: string; fixture: () => Promise<Fixture>; from: string; to: string }[] = [
  { name: 'small portfolio', fixture: () => loadFixtureFile(smallPortfolioPath.pathname), from: '2025-12', to: '2026-07' },
  { name: 'demo (UTC)', fixture: async () => generateDemoPortfolio({ seed: 11, companies: 16 }), from: '2025-01', to: '2026-10' },
  {
    name: 'demo (America/New_York)',
    fixture: async () => {
      const demo = generateDemoPortfolio({ seed: 5, companies: 12 });
      return { ...demo, portal: { ...demo.portal, timeZone: 'America/New_York' } };
    },
    from: '2025-06',
    to: '2026-10',
  },
];

describe.each(databaseTargets)('KPI SQL on $name agrees with the domain functions', (target) => {
  describe.each(fixtures)('$name', ({ fixture: makeFixture, from, to }) => {
    let handle: DatabaseHandle;
    let portal: { id: number; timeZone: string };
    let input: KpiInput;

    beforeAll(async () => {
      handle = await target.open();
      const fixture = await makeFixture();
      portal = await loadPortfolio(handle.db, fixture);
      input = await domainInput(handle.db, portal.id, fixture);
    });
    afterAll(async () => handle.close());

    it.each<Case>([
      { kind: 'month', from, to, cut: null },
      { kind: 'quarter', from, to, cut: null },
      { kind: 'year', from, to, cut: null },
      { kind: 'trailing-twelve-months', from, to, cut: null },
      { kind: 'month', from, to, cut: null, settings: { periodStartBoundary: 'previous-day', churn: { countSamePeriodSignups: true } } },
      { kind: 'month', from, to, cut: null, settings: { sessions: { useSessionId: false, inactivityMinutes: 10 }, activeUsers: { monthlyWindow: 'trailing-30-days' } } },
      { kind: 'month', from, to, cut: 'owner' },
      { kind: 'quarter', from, to, cut: 'industry' },
      { kind: 'month', from, to, cut: 'tier', settings: { periodStartBoundary: 'previous-day' } },
      { kind: 'quarter', from, to, cut: 'lifecycle_stage' },
      { kind: 'month', from, to, cut: 'onboarding_cohort' },
    ])('$kind by $cut with $settings', async (testCase) => {
      await expectSqlMatchesDomain(handle, portal, input, testCase);
    });
  });
});
