import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { contracts, portals, surveyResponses, usageDailyActiveUsers } from '../../src/db/schema';
import { createApp } from '../../src/http/app';
import { riskModule } from '../../src/http/routes/risk-routes';
import { generateChurnHistories } from '../../src/cli/churn-history';
import { backtestReportSchema } from '../../src/services/risk/backtest-report';
import { databaseTargets } from '../support/databases';

const logger = createLogger('silent');
const asOf = '2026-11-01';
const largePortal = 501;
const smallPortal = 502;

// Contracts and NPS answers of generated customers, stored as a sync and ingestion would; usage only for the last 60 days.
async function seed(handle: DatabaseHandle, portalId: number, companies: number): Promise<void> {
  const histories = generateChurnHistories({ asOf, companies, seed: portalId });
  await handle.db.insert(portals).values({ id: portalId, timeZone: 'UTC', currency: 'USD' });
  const contractRows = histories.flatMap((history) => history.contracts.map((contract) => ({ portalId, ...contract })));
  for (let start = 0; start < contractRows.length; start += 500) await handle.db.insert(contracts).values(contractRows.slice(start, start + 500));
  const surveys = histories.flatMap((history) => history.surveys.map((survey, index) => ({ portalId, id: `${history.companyId}-${index}`, companyId: history.companyId, kind: survey.kind, score: survey.score, submittedAt: new Date(`${survey.submittedOn}T12:00:00Z`) })));
  for (let start = 0; start < surveys.length; start += 500) await handle.db.insert(surveyResponses).values(surveys.slice(start, start + 500));
  const usage = histories.flatMap((history) =>
    history.usageDays.filter((day) => day.day >= '2026-09-01').flatMap((day) => day.users.map((userId) => ({ portalId, companyId: history.companyId, day: day.day, userId, eventCount: 1 }))),
  );
  for (let start = 0; start < usage.length; start += 500) await handle.db.insert(usageDailyActiveUsers).values(usage.slice(start, start + 500));
}

describe.each(databaseTargets)('risk API on $name', (target) => {
  let handle: DatabaseHandle;
  let app: Express;

  beforeAll(async () => {
    handle = await target.open();
    await seed(handle, largePortal, 150);
    await seed(handle, smallPortal, 6);
    app = createApp({ apiAuth: 'open', db: handle.db, logger, modules: [riskModule()] });
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
    const renewals = await request(app).get('/api/v1/renewals').query({ portalId: smallPortal, asOf, within: 365 }).expect(200);
    expect(renewals.body.method).toBe('health-score');
    for (const renewal of renewals.body.renewals as { risk: { churnProbability: number | null; drivers: unknown[] } }[]) {
      expect(renewal.risk).toMatchObject({ churnProbability: null, drivers: [] });
    }
  });

  it('GET /api/v1/renewals lists the open renewals due within the window, amounts in major units', async () => {
    const response = await request(app).get('/api/v1/renewals').query({ portalId: largePortal, asOf, within: 90 }).expect(200);
    expect(response.body).toMatchObject({ asOf, within: 90, currency: 'USD' });
    const renewals = response.body.renewals as { companyId: string; renewalDate: string; amount: number; risk: { method: string } }[];
    expect(renewals.length).toBeGreaterThan(0);
    for (const renewal of renewals) {
      expect(renewal.renewalDate >= asOf && renewal.renewalDate <= '2027-01-30').toBe(true);
      expect(Number.isInteger(renewal.amount * 100)).toBe(true);
      expect(renewal.risk.method).toBe(response.body.method);
      expect(renewal).toHaveProperty('renewalDeal', null);
    }
    expect(renewals.map((renewal) => renewal.renewalDate)).toEqual([...renewals.map((renewal) => renewal.renewalDate)].sort());
  });

  it('GET /api/v1/companies/:id/risk explains one company, and 404s for a company without contracts', async () => {
    const listed = await request(app).get('/api/v1/renewals').query({ portalId: largePortal, asOf, within: 365 }).expect(200);
    const companyId = (listed.body.renewals as { companyId: string }[])[0]?.companyId ?? '';
    const response = await request(app).get(`/api/v1/companies/${companyId}/risk`).query({ portalId: largePortal, asOf }).expect(200);
    expect(response.body).toMatchObject({ companyId, asOf, method: listed.body.method });
    if (response.body.method === 'model') {
      expect(response.body.churnProbability).toBeGreaterThan(0);
      expect(response.body.drivers.length).toBeGreaterThan(0);
      expect(response.body.drivers[0]).toEqual(expect.objectContaining({ effect: expect.stringMatching(/raises risk|lowers risk/), explanation: expect.any(String) }));
    }
    await request(app).get('/api/v1/companies/nope/risk').query({ portalId: largePortal, asOf }).expect(404);
    const invalid = await request(app).get(`/api/v1/companies/${companyId}/risk`).query({ portalId: largePortal, asOf: '2026-13-01' }).expect(400);
    expect(JSON.stringify(invalid.body)).toContain('asOf');
  });

  it('GET /api/v1/forecast answers a past quarter with its interval and what happened, and names a bad quarter', async () => {
    const response = await request(app).get('/api/v1/forecast').query({ portalId: largePortal, asOf, quarter: '2026-Q2' }).expect(200);
    expect(response.body).toMatchObject({ quarter: '2026-Q2', forecastDate: '2026-03-31', currency: 'USD' });
    expect(response.body.renewals).toBeGreaterThan(0);
    expect(response.body.interval[0]).toBeLessThanOrEqual(response.body.expectedRenewed);
    expect(response.body.actualRenewed).toEqual(expect.any(Number));
    expect(response.body.withinInterval).toEqual(expect.any(Boolean));
    const open = await request(app).get('/api/v1/forecast').query({ portalId: largePortal, asOf, quarter: '2027-Q1' }).expect(200);
    expect(open.body).toMatchObject({ forecastDate: asOf, actualRenewed: null, withinInterval: null });
    const invalid = await request(app).get('/api/v1/forecast').query({ portalId: largePortal, quarter: '2026-Q5' }).expect(400);
    expect(JSON.stringify(invalid.body)).toContain('quarter');
  });
});
