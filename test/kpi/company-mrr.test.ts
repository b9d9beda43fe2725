import { setTimeout as sleep } from 'node:timers/promises';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database, DatabaseHandle } from '../../src/db/client';
import { rebuildCompanyMrr } from '../../src/db/repositories/company-mrr-repository';
import {
  listContracts,
  replaceContractsForDeals,
  type ContractRow,
  type StoredContract,
} from '../../src/db/repositories/contracts-repository';
import { archiveDeals } from '../../src/db/repositories/crm-record-changes-repository';
import { contractMonthsQuery } from '../../src/db/repositories/kpi-contract-months-query';
import { contractStepsQuery } from '../../src/db/repositories/kpi-contract-steps-query';
import { type KpiCutColumn, type KpiQuery } from '../../src/db/repositories/kpi-query-parts';
import { queryRows } from '../../src/db/repositories/query-rows';
import { companyMonthlyMrr, companyMrrSteps } from '../../src/db/schema';
import { addDays, firstDayOfMonth, lastDayOfMonth, monthOf } from '../../src/domain/time/calendar-date';
import { periodsBetween, periodStartDay, type PeriodKind } from '../../src/domain/time/periods';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';

const portalId = 5252;

const contract = (
  dealId: string,
  companyId: string,
  mrrMinor: number,
  startDate: string,
  endDate: string,
  kind = 'new',
  closeDate = startDate,
): ContractRow => ({
  portalId,
  dealId,
  companyId,
  kind,
  product: 'core',
  mrrMinor,
  startDate,
  endDate,
  closeDate,
  seats: 1,
});

/** A company's MRR on a day, summed from its contracts. */
const mrrOn = (contracts: readonly StoredContract[], companyId: string, day: string) =>
  contracts
    .filter((row) => row.companyId === companyId && row.startDate <= day && day < row.endDate)
    .reduce((sum, row) => sum + row.mrrMinor, 0);

/** The steps written out from the contracts: the days a company's MRR differs from the day before. */
function expectedSteps(contracts: readonly StoredContract[]) {
  const companies = [...new Set(contracts.map((row) => row.companyId))].sort();
  return companies.flatMap((companyId) => {
    const edges = contracts.filter((row) => row.companyId === companyId).flatMap((row) => [row.startDate, row.endDate]);
    const days = [...new Set(edges)]
      .sort()
      .filter((day) => mrrOn(contracts, companyId, day) !== mrrOn(contracts, companyId, addDays(day, -1)));
    return days.map((day, index) => ({
      companyId,
      day,
      mrrMinor: mrrOn(contracts, companyId, day),
      previousMrrMinor: mrrOn(contracts, companyId, addDays(day, -1)),
      previousDay: days[index - 1] ?? null,
      nextDay: days[index + 1] ?? null,
    }));
  });
}

/** The company months written out: months with a step or an upsell or cross-sell close, checked day by day. */
function expectedMonths(contracts: readonly StoredContract[]) {
  const steps = expectedSteps(contracts);
  const companies = [...new Set(contracts.map((row) => row.companyId))].sort();
  return companies.flatMap((companyId) => {
    const closes = contracts.filter(
      (row) =>
        row.companyId === companyId && (row.kind === 'upsell' || row.kind === 'cross_sell') && row.closeDate !== null,
    );
    const months = [
      ...new Set(
        [
          ...steps.filter((step) => step.companyId === companyId).map((step) => step.day),
          ...closes.map((row) => row.closeDate ?? ''),
        ].map(monthOf),
      ),
    ].sort();
    return months.map((month, index) => {
      const first = firstDayOfMonth(month);
      const last = lastDayOfMonth(month);
      const later: string[] = [];
      for (let day = addDays(first, 1); day <= last; day = addDays(day, 1)) later.push(day);
      const closing = (kind: string) =>
        closes.filter((row) => row.kind === kind && monthOf(row.closeDate ?? '') === month);
      return {
        companyId,
        month: first,
        previousMonth: index === 0 ? null : firstDayOfMonth(months[index - 1] ?? ''),
        mrrBefore: mrrOn(contracts, companyId, addDays(first, -1)),
        mrrFirstDay: mrrOn(contracts, companyId, first),
        mrrLastDay: mrrOn(contracts, companyId, last),
        positiveStepAfterFirstDay: later.some(
          (day) =>
            mrrOn(contracts, companyId, day) > 0 &&
            mrrOn(contracts, companyId, day) !== mrrOn(contracts, companyId, addDays(day, -1)),
        ),
        upsellContracts: closing('upsell').length,
        upsellMrrMinor: closing('upsell').reduce((sum, row) => sum + row.mrrMinor, 0),
        crossSellContracts: closing('cross_sell').length,
        crossSellMrrMinor: closing('cross_sell').reduce((sum, row) => sum + row.mrrMinor, 0),
      };
    });
  });
}

async function expectKeptWithContracts(db: Database) {
  const contracts = await listContracts(db, portalId);
  const steps = await db
    .select()
    .from(companyMrrSteps)
    .where(eq(companyMrrSteps.portalId, portalId))
    .orderBy(asc(companyMrrSteps.companyId), asc(companyMrrSteps.day));
  expect(steps.map(({ portalId: _portal, ...step }) => step)).toEqual(expectedSteps(contracts));
  const months = await db
    .select()
    .from(companyMonthlyMrr)
    .where(eq(companyMonthlyMrr.portalId, portalId))
    .orderBy(asc(companyMonthlyMrr.companyId), asc(companyMonthlyMrr.month));
  expect(months.map(({ portalId: _portal, ...month }) => month)).toEqual(expectedMonths(contracts));
  return steps;
}

function kpiQuery(kind: PeriodKind, boundary: 'first-day' | 'previous-day', cut: KpiCutColumn | null): KpiQuery {
  const periods = periodsBetween(kind, '2024-12', '2027-02').map((period) => ({
    label: period.label,
    startDay: periodStartDay(period, boundary),
    firstDay: period.firstDay,
    lastDay: period.lastDay,
    mauFirstDay: period.firstDay,
  }));
  return { portalId, timeZone: 'UTC', periods, cut };
}

describe.each(databaseTargets)('company MRR kept with the contracts on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => ifStarted(handle)?.close());

  it('follows every change of the contracts: derive, re-derive, move, drop and archive', async () => {
    const db = handle.db;
    await replaceContractsForDeals(
      db,
      portalId,
      ['d1', 'd2', 'd3', 'd4', 'd5'],
      [
        contract('d1', 'a', 1000, '2025-01-01', '2026-01-01'),
        // A renewal at the same MRR on the day the first contract ends: no step there.
        contract('d2', 'a', 1000, '2026-01-01', '2027-01-01'),
        contract('d3', 'b', 500, '2025-03-15', '2025-09-15'),
        contract('d4', 'a', 300, '2025-07-01', '2026-01-01', 'upsell', '2025-06-20'),
        contract('d5', 'b', 200, '2025-10-01', '2025-10-20', 'cross_sell', '2025-09-03'),
      ],
    );
    expect(
      (await expectKeptWithContracts(db)).filter((step) => step.companyId === 'a').map((step) => step.day),
    ).toEqual(['2025-01-01', '2025-07-01', '2026-01-01', '2027-01-01']);

    // The renewal grows and moves to company b; a's steps lose it, b's gain it.
    await replaceContractsForDeals(db, portalId, ['d2'], [contract('d2', 'b', 1500, '2026-01-01', '2027-01-01')]);
    await expectKeptWithContracts(db);
    // A deal that no longer qualifies loses its contract, and its company its steps.
    await replaceContractsForDeals(db, portalId, ['d3'], []);
    await expectKeptWithContracts(db);
    await archiveDeals(db, portalId, ['d1']);
    await expectKeptWithContracts(db);
    await rebuildCompanyMrr(db, portalId);
    await expectKeptWithContracts(db);
  });

  it('includes both of two transactions that change one company at once', async () => {
    const db = handle.db;
    let second: Promise<void> | undefined;
    await db.transaction(async (transaction) => {
      await replaceContractsForDeals(
        transaction,
        portalId,
        ['e1'],
        [contract('e1', 'c', 700, '2025-02-01', '2025-08-01')],
      );
      second = db.transaction((other) =>
        replaceContractsForDeals(other, portalId, ['e2'], [contract('e2', 'c', 300, '2025-05-01', '2025-11-01')]),
      );
      // The second one's refresh waits on this one's lock on company c, then reads its committed contract.
      await sleep(200);
    });
    await second;
    const steps = (await expectKeptWithContracts(db)).filter((step) => step.companyId === 'c');
    expect(steps.map((step) => step.mrrMinor)).toEqual([700, 1000, 300, 0]);
  });

  it('leaves deferred writes to a rebuild, which neither loses nor collides with a company refreshed meanwhile', async () => {
    const db = handle.db;
    const before = await expectKeptWithContracts(db);
    await replaceContractsForDeals(db, portalId, ['g1'], [contract('g1', 'e', 800, '2025-01-01', '2025-07-01')], {
      deferCompanyMrr: true,
    });
    expect(
      await db
        .select()
        .from(companyMrrSteps)
        .where(eq(companyMrrSteps.portalId, portalId))
        .orderBy(asc(companyMrrSteps.companyId), asc(companyMrrSteps.day)),
    ).toEqual(before);
    // A refresh under way: the rebuild waits for it, then reads its committed contract.
    let rebuild: Promise<void> | undefined;
    await db.transaction(async (transaction) => {
      await replaceContractsForDeals(
        transaction,
        portalId,
        ['g2'],
        [contract('g2', 'e', 200, '2025-03-01', '2025-09-01')],
      );
      rebuild = rebuildCompanyMrr(db, portalId);
      await sleep(200);
    });
    await rebuild;
    await expectKeptWithContracts(db);
    // A rebuild under way: a refresh of one of its companies waits for it, then rewrites that company's rows.
    let refresh: Promise<void> | undefined;
    await db.transaction(async (transaction) => {
      await rebuildCompanyMrr(transaction, portalId);
      refresh = db.transaction((other) =>
        replaceContractsForDeals(other, portalId, ['g3'], [contract('g3', 'e', 100, '2025-05-01', '2025-06-01')]),
      );
      await sleep(200);
    });
    await refresh;
    expect(
      (await expectKeptWithContracts(db)).filter((step) => step.companyId === 'e').map((step) => step.mrrMinor),
    ).toEqual([800, 1000, 1100, 1000, 200, 0]);
  });

  it('answers month periods from the company months as the steps do, and other periods from the steps', async () => {
    const db = handle.db;
    await replaceContractsForDeals(
      db,
      portalId,
      ['f1', 'f2', 'f3'],
      [
        contract('f1', 'd', 900, '2025-03-01', '2025-03-20'),
        contract('f2', 'd', 400, '2025-06-10', '2026-06-01', 'upsell', '2025-05-30'),
        contract('f3', 'c', 250, '2025-04-01', '2025-10-01', 'cross_sell', '2025-04-01'),
      ],
    );
    // Counts and sums as numbers, an empty sum (null) as 0, the way the repository reads them.
    const rowSchema = z
      .record(z.string(), z.unknown())
      .transform((row) =>
        JSON.stringify(
          Object.entries(row).map(([key, value]) => [
            key,
            key === 'label' || key === 'group_key' ? value : Number(value ?? 0),
          ]),
        ),
      );
    const rows = async (statement: Parameters<typeof queryRows>[1]) =>
      (await queryRows(db, statement, rowSchema)).sort();
    for (const boundary of ['first-day', 'previous-day'] as const) {
      for (const cut of [null, 'onboarding_cohort'] as const) {
        const query = kpiQuery('month', boundary, cut);
        const fromMonths = contractMonthsQuery(query);
        expect(fromMonths).not.toBeNull();
        expect(await rows(fromMonths ?? contractStepsQuery(query)), `${boundary} by ${String(cut)}`).toEqual(
          await rows(contractStepsQuery(query)),
        );
      }
    }
    for (const kind of ['quarter', 'year', 'trailing-twelve-months'] as const)
      expect(contractMonthsQuery(kpiQuery(kind, 'first-day', null))).toBeNull();
  });
});
