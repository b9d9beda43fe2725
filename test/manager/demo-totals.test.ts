import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  managerPortfolioPayloadSchema,
  type ManagerPortfolioPayload,
} from '../../extensions/app/pages/shared/manager-payload';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { createApp } from '../../src/http/app';
import { kpiModule } from '../../src/http/routes/kpi-routes';
import { managerApiPath, managerModule } from '../../src/http/routes/manager-routes';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { loadPortfolioPage } from '../../src/services/portfolio/portfolio-page';
import { findPortal } from '../../src/db/repositories/portals-repository';
import { databaseTargets } from '../support/databases';
import { seedFixtureDirect } from '../support/seed-fixture';
import { ifStarted } from '../support/if-started';

// The day of the report in issue 16: seven contracts still end later in December.
const today = '2026-12-04';
const monthEnd = '2026-11-30';
const fixture = generateDemoPortfolio({ asOf: today });

async function apiCustomers(app: Express, asOf: string): Promise<number> {
  let customers = 0;
  let after: string | undefined;
  do {
    const page = await request(app)
      .get('/api/v1/companies')
      .query({ asOf, limit: 500, ...(after ? { after } : {}) })
      .expect(200);
    const results = page.body.results as { customerStatus: string }[];
    customers += results.filter((company) => company.customerStatus === 'customer').length;
    after = page.body.paging?.next.after;
  } while (after !== undefined);
  return customers;
}

async function managerView(app: Express, to: string): Promise<ManagerPortfolioPayload> {
  const response = await request(app).get(managerApiPath).query({ to, cut: 'owner' }).expect(200);
  return managerPortfolioPayloadSchema.parse(response.body);
}

/** "12 of 124 customers (9.7%) answered …": the maturity criterion's denominator. */
function maturityCustomers(view: ManagerPortfolioPayload): number {
  const evidence = view.maturity.criteria.find((criterion) => criterion.key === 'sentiment_collected')?.evidence ?? '';
  const match = /of (\d+) customers/.exec(evidence);
  if (!match) throw new Error(`no customer count in "${evidence}"`);
  return Number(match[1]);
}

function bandTotal(view: ManagerPortfolioPayload): number {
  return view.health.today.red + view.health.today.yellow + view.health.today.green;
}

describe.each(databaseTargets)('one count of customers across the manager view on the demo on $name', (target) => {
  let handle: DatabaseHandle;
  let app: Express;

  beforeAll(async () => {
    handle = await target.open();
    await seedFixtureDirect(handle.db, fixture, today, [monthEnd, today]);
    const now = () => Date.parse(`${today}T12:00:00Z`);
    app = createApp({
      apiAuth: 'open',
      db: handle.db,
      logger: createLogger('silent'),
      modules: [kpiModule(), managerModule({ preview: false, now })],
    });
  }, 240_000);
  afterAll(async () => {
    await ifStarted(handle)?.close();
  });

  it('counts the same customers today in the headline, the health bands, the maturity table and the companies API', async () => {
    const view = await managerView(app, '2026-12');
    const customers = await apiCustomers(app, today);
    expect(customers).toBeGreaterThan(100);
    expect(view.customers).toEqual({ on: today, count: customers });
    expect(view.health.scoredOn).toBe(today);
    expect(bandTotal(view)).toBe(customers);
    expect(maturityCustomers(view)).toBe(customers);
    // The preview's portfolio list: customers by the same rule, each with a band, and no one else with one.
    const portal = await findPortal(handle.db, fixture.portal.id);
    if (!portal) throw new Error('demo portal not synced');
    const list = await loadPortfolioPage(handle.db, portal, today, { limit: 10_000 });
    expect(list.rows.filter((row) => row.status === 'customer')).toHaveLength(customers);
    expect(list.rows.filter((row) => row.health !== null)).toHaveLength(bandTotal(view));
    expect(list.rows.every((row) => (row.health === null) === (row.status !== 'customer'))).toBe(true);
    // Today's onboarding funnel reads the stages of today's scores: one per customer.
    expect(Object.values(view.onboarding.stages).reduce((sum, companies) => sum + companies, 0)).toBe(customers);
  }, 60_000);

  it('counts the same customers at the end of a complete month in the KPIs, the cuts, the bands and the API', async () => {
    const view = await managerView(app, '2026-11');
    const customers = await apiCustomers(app, monthEnd);
    const november = view.months.at(-1);
    expect(november?.period).toBe('2026-11');
    expect(view.customers).toEqual({ on: monthEnd, count: customers });
    expect(november?.customersEnd).toBe(customers);
    expect(view.groups.rows.reduce((sum, row) => sum + row.customersEnd, 0)).toBe(customers);
    expect(view.health.scoredOn).toBe(monthEnd);
    expect(bandTotal(view)).toBe(customers);
    expect(maturityCustomers(view)).toBe(customers);
    const december = view.months.find((month) => month.period === '2026-12');
    expect(december).toBeUndefined();
    const kpis = await request(app).get('/api/v1/kpis').query({ from: '2026-11', to: '2026-11' }).expect(200);
    expect(kpis.body.periods[0].customersEnd).toBe(customers);
  }, 60_000);
});
