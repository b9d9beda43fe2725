import type { Express } from 'express';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { createApp } from '../../src/http/app';
import { managerModule } from '../../src/http/routes/manager-routes';
import { riskModule } from '../../src/http/routes/risk-routes';
import { renewalsPayloadSchema } from '../../extensions/app/pages/shared/renewals-payload';
import { backtestReportSchema } from '../../src/services/risk/backtest-report';
import { databaseTargets } from '../support/databases';
import { assignCsmAtHandoff } from '../support/csm-assignment';
import { seedChurnPortfolio } from '../support/risk-seed';
import { queryRows } from '../../src/db/repositories/query-rows';

const logger = createLogger('silent');
const asOf = '2026-11-01';
const largePortal = 501;
const smallPortal = 502;

describe.each(databaseTargets)('risk API on $name', (target) => {
  let handle: DatabaseHandle;
  let app: Express;

  beforeAll(async () => {
    handle = await target.open();
    await seedChurnPortfolio(handle, largePortal, 150, asOf);
    await seedChurnPortfolio(handle, smallPortal, 6, asOf);
    app = createApp({
      apiAuth: 'open',
      db: handle.db,
      logger,
      modules: [riskModule(), managerModule({ preview: false })],
    });
  });
  afterAll(async () => handle.close());

  it('GET /api/v1/risk/backtest answers the backtest of the portal stored history', async () => {
    const response = await request(app).get('/api/v1/risk/backtest').query({ portalId: largePortal, asOf }).expect(200);
    const report = backtestReportSchema.parse(response.body);
    expect(report.method).toBe('model');
    expect(report.knownRenewals).toBeGreaterThanOrEqual(50);
    expect(report.baseline.auc).not.toBeNull();
  });

  it('below the minimum of past renewals the backtest and the risk say the health score is used, and why', async () => {
    const backtest = await request(app).get('/api/v1/risk/backtest').query({ portalId: smallPortal, asOf }).expect(200);
    expect(backtest.body).toMatchObject({ method: 'health-score', skill: false, auc: null });
    expect(backtest.body.reason).toMatch(/a model needs at least 50, so the health score is used/);
    const renewals = await request(app)
      .get('/api/v1/renewals')
      .query({ portalId: smallPortal, asOf, within: 365 })
      .expect(200);
    expect(renewals.body.method).toBe('health-score');
    for (const renewal of renewals.body.renewals as {
      risk: { churnProbability: number | null; drivers: unknown[] };
    }[]) {
      expect(renewal.risk).toMatchObject({ churnProbability: null, drivers: [] });
    }
  });

  it('GET /api/v1/renewals lists the open renewals due within the window, amounts in major units', async () => {
    const response = await request(app)
      .get('/api/v1/renewals')
      .query({ portalId: largePortal, asOf, within: 90 })
      .expect(200);
    expect(response.body).toMatchObject({ asOf, within: 90, currency: 'USD' });
    const renewals = response.body.renewals as {
      companyId: string;
      renewalDate: string;
      amount: number;
      risk: { method: string };
    }[];
    expect(renewals.length).toBeGreaterThan(0);
    for (const renewal of renewals) {
      expect(renewal.renewalDate >= asOf && renewal.renewalDate <= '2027-01-30').toBe(true);
      expect(Number.isInteger(renewal.amount * 100)).toBe(true);
      expect(renewal.risk.method).toBe(response.body.method);
      expect(renewal).toHaveProperty('renewalDeal', null);
    }
    expect(renewals.map((renewal) => renewal.renewalDate)).toEqual(
      [...renewals.map((renewal) => renewal.renewalDate)].sort(),
    );
  });

  it('GET /api/v1/companies/:id/risk explains one company, and 404s for a company without contracts', async () => {
    const listed = await request(app)
      .get('/api/v1/renewals')
      .query({ portalId: largePortal, asOf, within: 365 })
      .expect(200);
    const companyId = (listed.body.renewals as { companyId: string }[])[0]?.companyId ?? '';
    const response = await request(app)
      .get(`/api/v1/companies/${companyId}/risk`)
      .query({ portalId: largePortal, asOf })
      .expect(200);
    expect(response.body).toMatchObject({ companyId, asOf, method: listed.body.method });
    if (response.body.method === 'model') {
      expect(response.body.churnProbability).toBeGreaterThan(0);
      expect(response.body.drivers.length).toBeGreaterThan(0);
      expect(response.body.drivers[0]).toEqual(
        expect.objectContaining({
          effect: expect.stringMatching(/raises risk|lowers risk/),
          explanation: expect.any(String),
        }),
      );
    }
    await request(app).get('/api/v1/companies/nope/risk').query({ portalId: largePortal, asOf }).expect(404);
    const invalid = await request(app)
      .get(`/api/v1/companies/${companyId}/risk`)
      .query({ portalId: largePortal, asOf: '2026-13-01' })
      .expect(400);
    expect(JSON.stringify(invalid.body)).toContain('asOf');
  });

  it('GET /api/v1/forecast answers a past quarter with its interval and what happened, and names a bad quarter', async () => {
    const response = await request(app)
      .get('/api/v1/forecast')
      .query({ portalId: largePortal, asOf, quarter: '2026-Q2' })
      .expect(200);
    expect(response.body).toMatchObject({ quarter: '2026-Q2', forecastDate: '2026-03-31', currency: 'USD' });
    expect(response.body.renewals).toBeGreaterThan(0);
    expect(response.body.interval[0]).toBeLessThanOrEqual(response.body.expectedRenewed);
    expect(response.body.actualRenewed).toEqual(expect.any(Number));
    expect(response.body.withinInterval).toEqual(expect.any(Boolean));
    type Group = { renewals: number; amountUp: number; expectedRenewed: number; actualRenewed: number | null };
    const sum = (groups: Group[], field: 'renewals' | 'amountUp' | 'expectedRenewed' | 'actualRenewed') =>
      groups.reduce((total, group) => total + (group[field] ?? 0), 0);
    for (const split of ['byCsm', 'byOwner', 'bySegment'] as const) {
      const groups = response.body[split] as Group[];
      expect(groups.length).toBeGreaterThan(1);
      expect(sum(groups, 'renewals')).toBe(response.body.renewals);
      expect(sum(groups, 'amountUp')).toBeCloseTo(response.body.amountUp, 2);
      expect(sum(groups, 'actualRenewed')).toBeCloseTo(response.body.actualRenewed, 2);
      // Each group's expectation is rounded to the cent on its own.
      expect(Math.abs(sum(groups, 'expectedRenewed') - response.body.expectedRenewed)).toBeLessThanOrEqual(
        groups.length * 0.01,
      );
    }
    expect((response.body.byOwner as { owner: string }[]).map((group) => group.owner).sort()).toEqual([
      'Aiko Sato',
      'Ben Ito',
    ]);
    const open = await request(app)
      .get('/api/v1/forecast')
      .query({ portalId: largePortal, asOf, quarter: '2027-Q1' })
      .expect(200);
    expect(open.body).toMatchObject({ forecastDate: asOf, actualRenewed: null, withinInterval: null });
    const invalid = await request(app)
      .get('/api/v1/forecast')
      .query({ portalId: largePortal, quarter: '2026-Q5' })
      .expect(400);
    expect(JSON.stringify(invalid.body)).toContain('quarter');
  });

  it('GET /api/v1/manager/renewals ranks the renewals by MRR at risk, filters by CSM, and answers the running quarter', async () => {
    const response = await request(app)
      .get('/api/v1/manager/renewals')
      .query({ portalId: largePortal, within: 180 })
      .expect(200);
    const page = renewalsPayloadSchema.parse(response.body);
    expect(page.within).toBe(180);
    expect(page.renewals.length).toBeGreaterThan(1);
    const exposures = page.renewals.map((renewal) => renewal.exposure ?? 0);
    expect(exposures).toEqual([...exposures].sort((first, second) => second - first));
    expect(page.totals.renewals).toBe(page.renewals.length);
    expect(page.totals.amountUp).toBeCloseTo(
      page.renewals.reduce((total, renewal) => total + renewal.amount, 0),
      2,
    );
    expect(page.csms.map((csm) => csm.name)).toEqual(['Aiko Sato', 'Ben Ito']);
    expect(page.forecast.partial).toBe(true);

    const mine = renewalsPayloadSchema.parse(
      (
        await request(app)
          .get('/api/v1/manager/renewals')
          .query({ portalId: largePortal, within: 180, csm: '2' })
          .expect(200)
      ).body,
    );
    expect(mine.renewals.length).toBeGreaterThan(0);
    expect(mine.renewals.every((renewal) => renewal.csm === 'Ben Ito')).toBe(true);
    expect(mine.renewals.length).toBeLessThan(page.renewals.length);

    const invalid = await request(app)
      .get('/api/v1/manager/renewals')
      .query({ portalId: largePortal, within: 45 })
      .expect(400);
    expect(JSON.stringify(invalid.body)).toContain('within');
  });

  it('GET /api/v1/manager/renewals names the CSM assigned at hand-off, not the sales owner the company kept', async () => {
    const renewalsOf = async (csm?: string) =>
      renewalsPayloadSchema.parse(
        (
          await request(app)
            .get('/api/v1/manager/renewals')
            .query({ portalId: largePortal, within: 180, ...(csm === undefined ? {} : { csm }) })
            .expect(200)
        ).body,
      );
    const before = await renewalsOf();
    const bens = before.renewals.find((renewal) => renewal.csm === 'Ben Ito');
    if (bens === undefined) throw new Error('the portfolio has no renewal of Ben Ito in 180 days');
    await assignCsmAtHandoff(handle.db, largePortal, bens.companyId, '1');
    const after = await renewalsOf();
    expect(after.renewals.find((renewal) => renewal.companyId === bens.companyId)?.csm).toBe('Aiko Sato');
    expect((await renewalsOf('1')).renewals.map((renewal) => renewal.companyId)).toContain(bens.companyId);
    expect((await renewalsOf('2')).renewals.map((renewal) => renewal.companyId)).not.toContain(bens.companyId);
  });

  it('GET /api/v1/forecast splits by CSM the one assigned at hand-off, and by owner the sales owner the company kept', async () => {
    type Group = { renewals: number; amountUp: number };
    type Forecast = { byCsm: (Group & { csm: string })[]; byOwner: (Group & { owner: string })[] };
    const quarter = { portalId: largePortal, asOf, quarter: '2027-Q1' };
    const forecastNow = async () =>
      (await request(app).get('/api/v1/forecast').query(quarter).expect(200)).body as Forecast;
    const upcoming = await request(app)
      .get('/api/v1/renewals')
      .query({ portalId: largePortal, asOf, within: 180 })
      .expect(200);
    const inQuarter = (upcoming.body.renewals as { companyId: string; renewalDate: string; amount: number }[]).filter(
      (renewal) => renewal.renewalDate >= '2027-01-01' && renewal.renewalDate <= '2027-03-31',
    );
    const owners = await queryRows(
      handle.db,
      sql`select c.id, c.owner_id from companies c left join csm_assignments a on a.portal_id = c.portal_id and a.company_id = c.id
        where c.portal_id = ${largePortal} and a.company_id is null`,
      z.object({ id: z.string(), owner_id: z.string().nullable() }),
    );
    const bens = new Set(owners.filter((row) => row.owner_id === '2').map((row) => row.id));
    const moved = inQuarter.find((renewal) => bens.has(renewal.companyId));
    if (moved === undefined) throw new Error('the portfolio has no renewal of Ben Ito in 2027-Q1');
    const movedRenewals = inQuarter.filter((renewal) => renewal.companyId === moved.companyId);
    const before = await forecastNow();
    await assignCsmAtHandoff(handle.db, largePortal, moved.companyId, '1');
    const after = await forecastNow();

    const renewalsOf = (groups: (Group & { csm?: string; owner?: string })[], name: string) =>
      groups.find((group) => (group.csm ?? group.owner) === name)?.renewals ?? 0;
    expect(renewalsOf(after.byCsm, 'Aiko Sato')).toBe(renewalsOf(before.byCsm, 'Aiko Sato') + movedRenewals.length);
    expect(renewalsOf(after.byCsm, 'Ben Ito')).toBe(renewalsOf(before.byCsm, 'Ben Ito') - movedRenewals.length);
    expect(after.byOwner).toEqual(before.byOwner);
  });
});
