import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { createApp } from '../../src/http/app';
import { kpiModule } from '../../src/http/routes/kpi-routes';
import { loadFixtureFile } from '../../src/sandbox/load-fixture';
import { instantToLocalDate } from '../../src/domain/time/time-zone';
import { addCalendarMonths, monthOf } from '../../src/domain/time/calendar-date';
import { ensureOnboardingForCustomers } from '../../src/services/customer-success/onboarding-service';
import { changeSettings } from '../../src/services/settings/settings-service';
import { smallPortfolioPath } from '../fixtures/small-portfolio.expected';
import { databaseTargets } from '../support/databases';
import { kpiCutColumns } from '../../src/db/repositories/kpi-query-parts';
import { loadPortfolio } from './load-portfolio';
import { expectedSmallPortfolioRows, expectRowsToMatch } from './small-portfolio-report';

const logger = createLogger('silent');
const today = instantToLocalDate(Date.now(), 'UTC');

describe.each(databaseTargets)('GET /api/v1/kpis on $name', (target) => {
  let handle: DatabaseHandle;
  let app: Express;
  let portalId: number;

  beforeAll(async () => {
    handle = await target.open();
    const portal = await loadPortfolio(handle.db, await loadFixtureFile(smallPortfolioPath.pathname));
    portalId = portal.id;
    // Onboardings opened at hand-off, as the product's health job does: the cohorts of small-portfolio.md.
    await ensureOnboardingForCustomers(handle.db, portal.id, today, undefined, { assumeEarlierMilestonesDone: false });
    app = createApp({ apiAuth: 'open', db: handle.db, logger, modules: [kpiModule()] });
  });
  afterAll(async () => handle.close());

  it('answers every §3.1 field of the hand-checked small portfolio, with reasons where there is no value', async () => {
    const response = await request(app).get('/api/v1/kpis').query({ from: '2026-01', to: '2026-06' }).expect(200);
    expect(response.body).toMatchObject({
      portalId: 9990002,
      currency: 'USD',
      customers: 'each-company',
      customersNote: 'Each HubSpot company counts as one customer.',
      asOf: today,
      period: 'month',
      from: '2026-01',
      to: '2026-06',
    });
    const rows = response.body.periods as Record<string, unknown>[];
    expectRowsToMatch(
      rows.map(({ noValue: _reasons, ...row }) => row),
      expectedSmallPortfolioRows(),
    );
    expect(rows[2]?.noValue).toEqual({
      lifetimeValue: 'gross margin is not configured',
      onboardingCompletionRate: 'no onboarding started in the period',
      medianDaysToComplete: 'no onboarding of the cohort is complete',
      nps: 'no NPS responses in the period',
      csatPercent: 'no CSAT responses in the period',
      csatMean: 'no CSAT responses in the period',
      meanSessionMinutes: 'no sessions started in the period',
      medianSessionMinutes: 'no sessions started in the period',
      minutesPerActiveUser: 'no active users in the period',
    });
    // Every null of every row has its reason, and nothing else does.
    for (const row of rows) {
      const nulls = Object.entries(row)
        .filter(([, value]) => value === null)
        .map(([field]) => field);
      expect(Object.keys(row.noValue as Record<string, string>).sort()).toEqual(nulls.sort());
    }
  });

  it('measures the running month as of today and marks it partial; later months are refused', async () => {
    const current = monthOf(today);
    const response = await request(app)
      .get('/api/v1/kpis')
      .query({ from: addCalendarMonths(current, -1), to: current })
      .expect(200);
    expect(response.body.asOf).toBe(today);
    expect(response.body.periods.map((row: { partial: boolean }) => row.partial)).toEqual([false, true]);
    const later = await request(app)
      .get('/api/v1/kpis')
      .query({ from: current, to: addCalendarMonths(current, 1) })
      .expect(400);
    expect(later.body.error.details.fields.map((problem: { field: string }) => problem.field)).toContain('to');
  });

  it('cuts by owner: each owner group holds its own companies, the groups add up to the portfolio', async () => {
    const response = await request(app)
      .get('/api/v1/kpis')
      .query({ from: '2026-04', to: '2026-04', cut: 'owner' })
      .expect(200);
    const groups = response.body.groups as {
      group: string | null;
      periods: { customersStart: number; churnedCustomers: number; startMrr: number }[];
    }[];
    const byOwner = Object.fromEntries(groups.map((group) => [group.group, group.periods[0]]));
    // Hannah owns 1001-1003 (1002 churns in April), Lucas owns 1004-1006.
    expect(byOwner['61200104']).toMatchObject({ customersStart: 3, churnedCustomers: 1, startMrr: 3500 });
    expect(byOwner['61200105']).toMatchObject({ customersStart: 2, churnedCustomers: 0, startMrr: 1928.81 });
  });

  it.each(kpiCutColumns)('cuts by %s: the groups add up to the portfolio, each null with its reason', async (cut) => {
    const whole = await request(app).get('/api/v1/kpis').query({ from: '2026-04', to: '2026-04' }).expect(200);
    const response = await request(app).get('/api/v1/kpis').query({ from: '2026-04', to: '2026-04', cut }).expect(200);
    expect(response.body.cut).toBe(cut);
    const periods = (response.body.groups as { periods: Record<string, unknown>[] }[]).map(
      (group) => group.periods[0] ?? {},
    );
    for (const field of ['customersStart', 'customersEnd', 'churnedCustomers', 'npsResponses', 'mau']) {
      expect(
        periods.reduce((sum, period) => sum + Number(period[field]), 0),
        field,
      ).toBe(whole.body.periods[0][field]);
    }
    for (const period of periods) {
      const nulls = Object.entries(period)
        .filter(([, value]) => value === null)
        .map(([field]) => field);
      expect(Object.keys(period.noValue as Record<string, string>).sort()).toEqual(nulls.sort());
    }
  });

  it("says where S was measured when it is empty: the previous period's end, or the first day under that setting", async () => {
    // The first contract starts on 2025-03-15: no customers at the end of February, nor on March 1st.
    const reasons = async () => {
      const response = await request(app).get('/api/v1/kpis').query({ from: '2025-03', to: '2025-03' }).expect(200);
      const { customerChurnRate, retentionRate, nrr, grr, averageRevenuePerAccount } = response.body.periods[0].noValue;
      return { customerChurnRate, retentionRate, nrr, grr, averageRevenuePerAccount };
    };
    const previousDay = {
      customers: 'no customers at the end of the previous period',
      mrr: 'no MRR at the end of the previous period',
    };
    const firstDay = {
      customers: 'no customers on the first day of the period',
      mrr: 'no MRR on the first day of the period',
    };
    const expected = (words: typeof firstDay) => ({
      customerChurnRate: words.customers,
      retentionRate: words.customers,
      nrr: words.mrr,
      grr: words.mrr,
      averageRevenuePerAccount: words.customers,
    });
    expect(await reasons()).toEqual(expected(previousDay));
    await changeSettings(handle.db, portalId, 'kpi', { periodStartBoundary: 'first-day' }, 'test');
    try {
      expect(await reasons()).toEqual(expected(firstDay));
    } finally {
      await changeSettings(handle.db, portalId, 'kpi', {}, 'test');
    }
  });

  it('reports quarters, years and trailing twelve months', async () => {
    const quarter = await request(app)
      .get('/api/v1/kpis')
      .query({ from: '2026-01', to: '2026-06', period: 'quarter' })
      .expect(200);
    expect(quarter.body.periods.map((row: { period: string }) => row.period)).toEqual(['2026-Q1', '2026-Q2']);
    // Q2: S = 5 on March 31st, 1002 churned, MRR 5428.81 -> 4678.81; NPS (2 promoters - 2 detractors) / 5 = 0.
    expect(quarter.body.periods[1]).toMatchObject({
      customersStart: 5,
      customersEnd: 4,
      churnedCustomers: 1,
      startMrr: 5428.81,
      endMrr: 4678.81,
      nps: 0,
    });
    const trailing = await request(app)
      .get('/api/v1/kpis')
      .query({ from: '2026-06', to: '2026-06', period: 'trailing-twelve-months' })
      .expect(200);
    expect(trailing.body.periods[0]).toMatchObject({ period: 'T12M-2026-06', mau: 5 });
  });

  it.each([
    [{ from: '2026-13', to: '2026-06' }, 'from'],
    [{ from: '2026-01' }, 'to'],
    [{ from: '2026-07', to: '2026-06' }, 'to'],
    [{ from: '2010-01', to: '2026-06' }, 'to'],
    [{ from: '2026-01', to: '2026-06', period: 'week' }, 'period'],
    [{ from: '2026-01', to: '2026-06', cut: 'colour' }, 'cut'],
  ])('answers 400 naming the field for %o', async (query, field) => {
    const response = await request(app).get('/api/v1/kpis').query(query).expect(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.fields.map((problem: { field: string }) => problem.field)).toContain(field);
  });
});
