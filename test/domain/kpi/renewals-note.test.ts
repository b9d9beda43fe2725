import { describe, expect, it } from 'vitest';
import { renewalsNote } from '../../../src/domain/kpi/renewals-note';

const tail =
  'To have them continue the terms they renew, turn on the KPI setting renewals.followOn, or set cs_deal_kind to renewal and cs_contract_start to the day the term ends on the deals in HubSpot.';

describe('the KPI reports’ note on deals that look like renewals', () => {
  it('says nothing without a count or without such deals', () => {
    expect(renewalsNote(null)).toBeNull();
    expect(renewalsNote({ existingBusiness: 0, withoutStart: 0, followOn: false, withinDays: 60 })).toBeNull();
  });

  it.each([
    [
      { existingBusiness: 1, withoutStart: 0 },
      `1 deal recorded as Existing business without cs_deal_kind starts within 45 days of the end of the company's contract for the same product, as renewals do, and counts as an upsell. ${tail}`,
    ],
    [
      { existingBusiness: 0, withoutStart: 2 },
      `2 renewals without cs_contract_start start on their close date, up to 45 days before or after the term renewed ends, so the customer's MRR counts both terms (or neither) in between. ${tail}`,
    ],
  ])('says how domain §1.1 counts them, and the ways out: %o', (counts, note) => {
    expect(renewalsNote({ ...counts, followOn: false, withinDays: 45 })).toBe(note);
  });

  it('says that they follow on when the setting has them do so', () => {
    expect(renewalsNote({ existingBusiness: 3, withoutStart: 1, followOn: true, withinDays: 60 })).toBe(
      '4 renewals (3 recorded as Existing business without cs_deal_kind, 1 without cs_contract_start) continue the terms they renew (KPI setting renewals.followOn).',
    );
    expect(renewalsNote({ existingBusiness: 0, withoutStart: 1, followOn: true, withinDays: 60 })).toBe(
      '1 renewal (1 without cs_contract_start) continues the term it renews (KPI setting renewals.followOn).',
    );
  });
});
