import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { upsertCompanies } from '../../src/db/repositories/companies-repository';
import { replaceContractsForDeals } from '../../src/db/repositories/contracts-repository';
import type { Contract } from '../../src/domain/contracts/contract-schema';
import { computeCohortRetention } from '../../src/domain/kpi/cohort-retention';
import type { CohortCut } from '../../src/domain/kpi/cohort-triangle';
import type { KpiCompany } from '../../src/domain/kpi/kpi-input';
import { addCalendarMonths, addDays, lastDayOfMonth } from '../../src/domain/time/calendar-date';
import { cohortRetention } from '../../src/services/kpi/cohort-retention-service';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';

const companyIds = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

// Days near month ends on purpose: a step on a month's last day is where "in force on the measured day" is decided.
const dayArbitrary = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 800 }).map((offset) => addDays('2025-01-01', offset)), weight: 1 },
  {
    arbitrary: fc
      .integer({ min: 0, max: 26 })
      .chain((month) =>
        fc.constantFrom(-1, 0, 1).map((shift) => addDays(lastDayOfMonth(addCalendarMonths('2025-01', month)), shift)),
      ),
    weight: 2,
  },
);

const contractArbitrary: fc.Arbitrary<Contract> = fc
  .record({
    company: fc.constantFrom(...companyIds),
    startDate: dayArbitrary,
    end: fc.oneof(
      fc.integer({ min: 1, max: 400 }).map((days) => ({ days })),
      dayArbitrary.map((day) => ({ day })),
    ),
    mrrMinor: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000_000 })),
    id: fc.nat(),
  })
  .map(({ company, startDate, end, mrrMinor, id }) => {
    const endDate = 'day' in end && end.day > startDate ? end.day : addDays(startDate, 'days' in end ? end.days : 30);
    return {
      dealId: `${company}-${id}`,
      companyId: company,
      kind: 'new',
      product: 'core',
      mrrMinor,
      startDate,
      endDate,
      seats: null,
      closeDate: startDate,
    };
  });

const attribute = (values: string[]) => fc.option(fc.constantFrom(...values), { nil: null });
const companiesArbitrary: fc.Arbitrary<KpiCompany[]> = fc
  .tuple(
    ...companyIds.map((id) =>
      fc.record({
        id: fc.constant(id),
        ownerId: attribute(['o1', 'o2']),
        tier: attribute(['gold', 'silver']),
        industry: attribute(['retail', 'saas']),
        lifecycleStage: fc.constant(null),
      }),
    ),
  )
  .map((companies) => companies.slice(0, 5));

const scenario = fc.record({
  companies: companiesArbitrary,
  contracts: fc.uniqueArray(contractArbitrary, { maxLength: 18, selector: (contract) => contract.dealId }),
  fromOffset: fc.integer({ min: 0, max: 24 }),
  months: fc.integer({ min: 1, max: 36 }),
  asOfDate: fc.oneof(
    fc.integer({ min: 0, max: 900 }).map((offset) => addDays('2024-12-15', offset)),
    dayArbitrary,
  ),
  cut: fc.constantFrom<CohortCut | null>(null, 'owner', 'tier', 'industry'),
});

let nextPortalId = 81_000;

describe.each(databaseTargets)('cohort retention SQL on $name agrees with the domain reference', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => ifStarted(handle)?.close());

  it('on generated contracts, companies, ranges, as-of days and cuts', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ companies, contracts, fromOffset, months, asOfDate, cut }) => {
        const portalId = nextPortalId++;
        const from = addCalendarMonths('2024-12', fromOffset);
        const to = addCalendarMonths(from, months - 1);
        await upsertCompanies(
          handle.db,
          companies.map((company) => ({
            portalId,
            id: company.id,
            ownerId: company.ownerId,
            tier: company.tier,
            industry: company.industry,
          })),
        );
        await replaceContractsForDeals(
          handle.db,
          portalId,
          contracts.map((contract) => contract.dealId),
          contracts.map((contract) => ({ ...contract, portalId })),
        );
        const expected = computeCohortRetention({ companies, contracts }, { from, to, asOfDate, cut });
        const actual = await cohortRetention(handle.db, { portalId, timeZone: 'UTC', from, to, asOfDate, cut });
        expect(actual).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });
});
