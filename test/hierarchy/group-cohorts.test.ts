import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { cohortRetention } from '../../src/services/kpi/cohort-retention-service';
import { portfolioKpis } from '../../src/services/kpi/portfolio-kpis-service';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';
import { loadPortfolio } from '../kpi/load-portfolio';
import { groupFixture } from './group-fixture';

const months = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];

describe.each(databaseTargets)('cohorts counting groups as customers on $name', (target) => {
  let handle: DatabaseHandle;
  let portalId: number;
  beforeAll(async () => {
    handle = await target.open();
    portalId = (await loadPortfolio(handle.db, groupFixture)).id;
  }, 120_000);
  afterAll(async () => ifStarted(handle)?.close());

  const triangle = async (customers: 'each-company' | 'group') => {
    const [all] = await cohortRetention(handle.db, {
      portalId,
      timeZone: 'UTC',
      from: '2025-01',
      to: '2025-06',
      asOfDate: '2026-11-15',
      customers,
    });
    return all?.cohorts ?? [];
  };

  it('puts a group in the cohort of its first paying month, whoever in it joins later', async () => {
    const grouped = await triangle('group');
    // Holdings, Solo and the loop pay from January; Labs (February) and Labs Berlin (March) join Holdings' group.
    expect(grouped.map((cohort) => [cohort.cohort, cohort.size])).toEqual([['2025-01', 3]]);
    expect(grouped[0]?.months.map((month) => month.customers)).toEqual([3, 3, 3, 3, 3, 3]);
    const flat = await triangle('each-company');
    expect(flat.map((cohort) => [cohort.cohort, cohort.size])).toEqual([
      ['2025-01', 4],
      ['2025-02', 1],
      ['2025-03', 1],
    ]);
  });

  it('moves the same MRR in both modes, equal to the end MRR of the KPI report each month', async () => {
    const [kpis] = await portfolioKpis(handle.db, {
      portalId,
      timeZone: 'UTC',
      from: '2025-01',
      to: '2025-06',
      asOf: '2026-11-15',
      settings: { customers: 'group' },
    });
    const endMrr = new Map((kpis?.periods ?? []).map((period) => [period.period, period.endMrr]));
    for (const customers of ['each-company', 'group'] as const) {
      const cohorts = await triangle(customers);
      for (const month of months) {
        const total = cohorts
          .flatMap((cohort) => cohort.months.filter((cell) => cell.month === month))
          .reduce((sum, cell) => sum + cell.mrrMinor, 0);
        expect(total, `${customers}, ${month}`).toBe(endMrr.get(month));
      }
    }
  });
});
