import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import request from 'supertest';
import { createLogger } from '../../src/config/logger';
import { createApp } from '../../src/http/app';
import { kpiModule } from '../../src/http/routes/kpi-routes';
import { portfolioKpis } from '../../src/services/kpi/portfolio-kpis-service';
import { changeSettings } from '../../src/services/settings/settings-service';
import type { PortfolioPeriodKpis } from '../../src/services/kpi/kpi-aggregates';
import { databaseTargets } from '../support/databases';
import { loadPortfolio } from '../kpi/load-portfolio';
import { groupFixture } from './group-fixture';
import { ifStarted } from '../support/if-started';
import { present } from '../support/present';

type Figures = Pick<
  PortfolioPeriodKpis,
  | 'customersStart'
  | 'customersEnd'
  | 'newCustomers'
  | 'churnedCustomers'
  | 'startMrr'
  | 'newMrr'
  | 'expansionMrr'
  | 'contractionMrr'
  | 'churnedMrr'
  | 'endMrr'
>;

function figures(period: PortfolioPeriodKpis): Figures {
  const { customersStart, customersEnd, newCustomers, churnedCustomers } = period;
  const { startMrr, newMrr, expansionMrr, contractionMrr, churnedMrr, endMrr } = period;
  return {
    customersStart,
    customersEnd,
    newCustomers,
    churnedCustomers,
    startMrr,
    newMrr,
    expansionMrr,
    contractionMrr,
    churnedMrr,
    endMrr,
  };
}

const zero = { newMrr: 0, expansionMrr: 0, contractionMrr: 0, churnedMrr: 0, newCustomers: 0, churnedCustomers: 0 };

// In cents. Each company: Holdings, Retail, Solo and Loop East join in January (100 + 50 + 40 + 10), Labs in
// February (30), Labs Berlin in March (20); Retail's contract ends on 1 April.
const eachCompany: Record<string, Figures> = {
  '2025-01': {
    ...zero,
    customersStart: 0,
    customersEnd: 4,
    newCustomers: 4,
    startMrr: 0,
    newMrr: 20_000,
    endMrr: 20_000,
  },
  '2025-02': {
    ...zero,
    customersStart: 4,
    customersEnd: 5,
    newCustomers: 1,
    startMrr: 20_000,
    newMrr: 3_000,
    endMrr: 23_000,
  },
  '2025-03': {
    ...zero,
    customersStart: 5,
    customersEnd: 6,
    newCustomers: 1,
    startMrr: 23_000,
    newMrr: 2_000,
    endMrr: 25_000,
  },
  '2025-04': {
    ...zero,
    customersStart: 6,
    customersEnd: 5,
    churnedCustomers: 1,
    startMrr: 25_000,
    churnedMrr: 5_000,
    endMrr: 20_000,
  },
};
// Groups: Northwind (four companies), Solo, the loop. Labs and Labs Berlin joining grow Northwind; Retail
// leaving while Northwind keeps paying is contraction, not churn.
const groups: Record<string, Figures> = {
  '2025-01': {
    ...zero,
    customersStart: 0,
    customersEnd: 3,
    newCustomers: 3,
    startMrr: 0,
    newMrr: 20_000,
    endMrr: 20_000,
  },
  '2025-02': { ...zero, customersStart: 3, customersEnd: 3, startMrr: 20_000, expansionMrr: 3_000, endMrr: 23_000 },
  '2025-03': { ...zero, customersStart: 3, customersEnd: 3, startMrr: 23_000, expansionMrr: 2_000, endMrr: 25_000 },
  '2025-04': { ...zero, customersStart: 3, customersEnd: 3, startMrr: 25_000, contractionMrr: 5_000, endMrr: 20_000 },
};

describe.each(databaseTargets)('KPIs counting groups as customers on $name', (target) => {
  let handle: DatabaseHandle;
  let portalId: number;
  beforeAll(async () => {
    handle = await target.open();
    portalId = (await loadPortfolio(handle.db, groupFixture)).id;
  }, 120_000);
  afterAll(async () => ifStarted(handle)?.close());

  async function report(customers: 'each-company' | 'group', period: 'month' | 'quarter' = 'month') {
    const [all] = await portfolioKpis(handle.db, {
      portalId,
      timeZone: 'UTC',
      from: '2025-01',
      to: '2025-06',
      period,
      asOf: '2026-11-15',
      settings: { customers },
    });
    return new Map((all?.periods ?? []).map((row) => [row.period, row]));
  }

  it('moves the same MRR in both modes and counts the group once', async () => {
    const flat = await report('each-company');
    const grouped = await report('group');
    for (const [month, expected] of Object.entries(eachCompany)) {
      expect(figures(present(flat.get(month), `each company, ${month}`)), `each company, ${month}`).toEqual(expected);
    }
    for (const [month, expected] of Object.entries(groups)) {
      expect(figures(present(grouped.get(month), `groups, ${month}`)), `groups, ${month}`).toEqual(expected);
    }
    // The totals reconcile: same start and end MRR, and each mode's movements bridge them.
    for (const [month, row] of flat) {
      const group = present(grouped.get(month), `groups, ${month}`);
      expect([group.startMrr, group.endMrr]).toEqual([row.startMrr, row.endMrr]);
      for (const mode of [row, group]) {
        expect(mode.startMrr + mode.newMrr + mode.expansionMrr - mode.contractionMrr - mode.churnedMrr).toBe(
          mode.endMrr,
        );
      }
    }
    expect(grouped.get('2025-04')?.averageRevenuePerAccount).not.toEqual(flat.get('2025-04')?.averageRevenuePerAccount);
  });

  it('reads quarters from the groups’ steps too', async () => {
    const quarter = (await report('group', 'quarter')).get('2025-Q2');
    expect(quarter && figures(quarter)).toEqual({
      ...zero,
      customersStart: 3,
      customersEnd: 3,
      startMrr: 25_000,
      contractionMrr: 5_000,
      endMrr: 20_000,
    });
  });

  it("states in the API report how customers are counted, from the portal's stored setting", async () => {
    const app = createApp({ apiAuth: 'open', db: handle.db, logger: createLogger('silent'), modules: [kpiModule()] });
    const before = await request(app).get('/api/v1/kpis').query({ from: '2025-04', to: '2025-04' }).expect(200);
    expect(before.body).toMatchObject({
      customers: 'each-company',
      periods: [{ customersEnd: eachCompany['2025-04']?.customersEnd }],
    });
    const changed = await changeSettings(handle.db, portalId, 'kpi', { customers: 'group' }, 'test');
    expect(changed.stored).toBe(true);
    const after = await request(app).get('/api/v1/kpis').query({ from: '2025-04', to: '2025-04' }).expect(200);
    expect(after.body).toMatchObject({
      customers: 'group',
      customersNote: 'A parent company and all its subsidiaries count as one customer, with their MRR summed.',
      periods: [{ customersEnd: groups['2025-04']?.customersEnd }],
    });
  });
});
