import { describe, expect, it } from 'vitest';
import {
  companySuccessFromRows,
  type CompanySuccessRows,
} from '../../src/services/customer-success/company-success-view';
import { defaultCustomerSuccessSettings } from '../../src/services/customer-success/customer-success-settings';

// The explanation as recompute-health stores it: computeHealthScore's result plus its change.
const stored = {
  asOf: '2026-03-01',
  profile: 'default',
  score: 64,
  band: 'yellow',
  components: [
    {
      component: 'usage',
      raw: { activeUsers: 3, seats: 10 },
      score: 30,
      weight: 40,
      effectiveWeightPercent: 66.7,
      points: 20,
    },
    {
      component: 'engagement',
      raw: { meetings: null },
      score: 100,
      weight: 20,
      effectiveWeightPercent: 33.3,
      points: 33.3,
    },
  ],
  leftOut: [{ component: 'sentiment', weight: 10, reason: 'no_data' }],
  change: {
    scoreBefore: 70,
    scoreNow: 64,
    change: -6,
    drivers: [
      { component: 'usage', scoreBefore: 45, scoreNow: 30, pointsBefore: 30, pointsNow: 20, pointsChange: -10 },
    ],
  },
};

function healthOf(explanation: Record<string, unknown>) {
  const rows: CompanySuccessRows = {
    portal: { timeZone: 'UTC', currency: 'EUR' },
    score: { scoreDate: '2026-03-01', adoptionSince: null, explanation, suggestions: {} },
    onboarding: null,
    milestones: [],
    dismissals: [],
  };
  return companySuccessFromRows(rows, 'c-1', '2026-03-02', defaultCustomerSuccessSettings()).health;
}

describe('the card health view of a stored explanation', () => {
  it('shows what recompute-health stored', () => {
    expect(healthOf(stored)).toEqual({
      asOf: '2026-03-01',
      score: 64,
      band: 'yellow',
      profile: 'default',
      components: stored.components,
      leftOut: [{ component: 'sentiment', weight: 10, reason: 'no_data', reasonText: 'no data of this kind yet' }],
      change30Days: -6,
      drivers: stored.change.drivers,
    });
  });

  it('shows no change when none was stored, and no health when there was no score', () => {
    const { change: _change, ...withoutChange } = stored;
    expect(healthOf(withoutChange)).toMatchObject({ change30Days: null, drivers: [] });
    expect(healthOf({ ...stored, score: null, band: null, components: [] })).toBeNull();
  });

  it('still shows no health for a shape recompute-health never writes', () => {
    expect(healthOf({ ...stored, components: undefined })).toBeNull();
    expect(healthOf({ ...stored, band: 'purple' })).toBeNull();
    expect(healthOf({ ...stored, score: 101 })).toBeNull();
    // A malformed change is left out, as before.
    expect(healthOf({ ...stored, change: { change: 'x' } })).toMatchObject({
      score: 64,
      change30Days: null,
      drivers: [],
    });
  });
});
