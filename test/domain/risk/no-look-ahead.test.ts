import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Contract } from '../../../src/domain/contracts/contract-schema';
import { healthSettingsSchema } from '../../../src/domain/health/health-settings';
import type { CompanyHistory, Milestone } from '../../../src/domain/risk/company-history';
import { companySnapshot } from '../../../src/domain/risk/company-snapshot';
import { baselineHealthScore } from '../../../src/domain/risk/health-baseline';
import { riskFeatures } from '../../../src/domain/risk/risk-features';
import { addDays } from '../../../src/domain/time/calendar-date';

const origin = '2024-01-01';
const span = 900;
const asOfOffset = 500;
const asOf = addDays(origin, asOfOffset);
const settings = healthSettingsSchema.parse({});

// Offsets up to the as-of date (the past) or strictly after it (the future).
const past = fc.integer({ min: 0, max: asOfOffset }).map((offset) => addDays(origin, offset));
const future = fc.integer({ min: asOfOffset + 1, max: span }).map((offset) => addDays(origin, offset));
const anyDay = fc.integer({ min: 0, max: span }).map((offset) => addDays(origin, offset));

function contractDated(closeDate: fc.Arbitrary<string>): fc.Arbitrary<Contract> {
  return fc
    .record({
      dealId: fc.uuid(),
      kind: fc.constantFrom('new', 'renewal', 'upsell', 'cross_sell', 'downgrade'),
      product: fc.constantFrom('core', 'analytics'),
      mrrMinor: fc.integer({ min: 0, max: 50_000 }),
      startDate: anyDay,
      termDays: fc.integer({ min: 1, max: 400 }),
      seats: fc.option(fc.integer({ min: 0, max: 40 })),
      closeDate,
    })
    .map(({ termDays, ...contract }) => ({
      ...contract,
      companyId: 'c1',
      endDate: addDays(contract.startDate, termDays),
    }));
}

function datedItems(day: fc.Arbitrary<string>) {
  return {
    contracts: fc.array(contractDated(day), { maxLength: 4 }),
    usageDays: fc.array(
      fc.record({
        day,
        users: fc.array(fc.constantFrom('u1', 'u2', 'u3', 'u4', 'u5'), { maxLength: 5 }),
        features: fc.array(fc.constantFrom('reports', 'exports', 'alerts'), { maxLength: 3 }),
        sessionMinutes: fc.integer({ min: 0, max: 600 }),
      }),
      { maxLength: 40 },
    ),
    surveys: fc.array(
      fc.record({
        kind: fc.constantFrom<'nps' | 'csat'>('nps', 'csat'),
        score: fc.integer({ min: 0, max: 5 }),
        submittedOn: day,
      }),
      { maxLength: 6 },
    ),
    healthScores: fc.array(fc.record({ day, score: fc.integer({ min: 0, max: 100 }) }), { maxLength: 30 }),
  };
}

const milestonePlan = fc.array(
  fc.record({ dueDate: anyDay, required: fc.boolean(), doneInPast: fc.option(past), doneLater: fc.option(future) }),
  { maxLength: 5 },
);

function milestonesOf(
  plan: readonly { dueDate: string; required: boolean; doneInPast: string | null; doneLater: string | null }[],
  futureKnown: boolean,
): Milestone[] {
  // A milestone done by the as-of date is history; one not done yet may be done any time later, or never.
  return plan.map((item) => ({
    dueDate: item.dueDate,
    required: item.required,
    doneOn: item.doneInPast ?? (futureKnown ? item.doneLater : null),
  }));
}

describe('features as of a date (no look-ahead)', () => {
  it('changing, adding or removing anything dated after the as-of date changes no feature and not the baseline score', () => {
    fc.assert(
      fc.property(
        fc.record(datedItems(past)),
        fc.record(datedItems(future)),
        fc.record(datedItems(future)),
        fc.option(anyDay),
        milestonePlan,
        (shared, laterA, laterB, handoffDate, plan) => {
          const history = (later: typeof laterA, futureKnown: boolean): CompanyHistory => ({
            companyId: 'c1',
            contracts: [...shared.contracts, ...later.contracts],
            usageDays: [...later.usageDays.slice(0, 3), ...shared.usageDays, ...later.usageDays.slice(3)],
            surveys: [...shared.surveys, ...later.surveys],
            handoffDate,
            milestones: milestonesOf(plan, futureKnown),
            healthScores: [...later.healthScores, ...shared.healthScores],
          });
          const first = companySnapshot(history(laterA, true), asOf);
          const second = companySnapshot(history(laterB, false), asOf);
          expect(second).toEqual(first);
          expect(riskFeatures(second)).toEqual(riskFeatures(first));
          expect(baselineHealthScore(second, settings, 3)).toEqual(baselineHealthScore(first, settings, 3));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('data dated on the as-of date itself counts', () => {
    const base: CompanyHistory = {
      companyId: 'c1',
      contracts: [],
      usageDays: [],
      surveys: [],
      handoffDate: null,
      milestones: [],
      healthScores: [],
    };
    const withAnswer = { ...base, surveys: [{ kind: 'nps' as const, score: 3, submittedOn: asOf }] };
    expect(riskFeatures(companySnapshot(withAnswer, asOf)).npsScore).toBe(3);
    expect(riskFeatures(companySnapshot(withAnswer, addDays(asOf, -1))).npsScore).toBeNull();
  });
});
