import { describe, expect, it } from 'vitest';
import { renewalsNote } from '../../../src/domain/kpi/renewals-note';

const turnOn = 'To have them continue the terms they renew, turn on the KPI setting renewals.followOn, or set';
const start = 'cs_contract_start to the day the term ends on the deals in HubSpot';

// A portal whose deals give the note nothing to say.
const none = {
  existingBusiness: 0,
  withoutStart: 0,
  followOn: false,
  withinDays: 60,
  unknownDealTypes: [],
  unreadPipelines: [],
  addOnsOffTerm: 0,
  coTermAddOns: false,
};

describe('the KPI reports’ note on deals that look like renewals', () => {
  it('says nothing without a count or without such deals', () => {
    expect(renewalsNote(null)).toBeNull();
    expect(renewalsNote(none)).toBeNull();
  });

  it.each([
    [
      { existingBusiness: 1, withoutStart: 0 },
      `1 deal recorded as Existing business without cs_deal_kind starts within 45 days of the end of the company's contract for the same product, as renewals do, and counts as an upsell. ${turnOn} cs_deal_kind to renewal and ${start}.`,
    ],
    [
      { existingBusiness: 0, withoutStart: 2 },
      `2 renewals without cs_contract_start start on their close date, up to 45 days before or after the term renewed ends, so the customer's MRR counts both terms (or neither) in between. ${turnOn} ${start}.`,
    ],
  ])('says how domain §1.1 counts them, and the ways out: %o', (counts, note) => {
    expect(renewalsNote({ ...none, ...counts, withinDays: 45 })).toBe(note);
  });

  it('says that they follow on when the setting has them do so', () => {
    expect(renewalsNote({ ...none, existingBusiness: 3, withoutStart: 1, followOn: true })).toBe(
      '4 renewals (3 recorded as Existing business without cs_deal_kind, 1 without cs_contract_start) continue the terms they renew (KPI setting renewals.followOn).',
    );
    expect(renewalsNote({ ...none, withoutStart: 1, followOn: true })).toBe(
      '1 renewal (1 without cs_contract_start) continues the term it renews (KPI setting renewals.followOn).',
    );
  });

  it('names the add-ons that end on another day than the term they were bought into, and the setting that co-terms them', () => {
    expect(renewalsNote({ ...none, addOnsOffTerm: 3 })).toBe(
      "3 upsells and cross-sells bought during a running term state neither cs_contract_end nor cs_term_months, so each runs a term of its own from its start, ending on another day than the term it was bought into: its MRR counts beside that term's renewal, or stops before that term ends. To end them with the term they were bought into, turn on the KPI setting renewals.coTermAddOns, or set cs_contract_end on the deals in HubSpot.",
    );
    expect(renewalsNote({ ...none, addOnsOffTerm: 1 })).toMatch(
      /^1 upsell or cross-sell bought during a running term states neither cs_contract_end nor cs_term_months, so it runs /,
    );
    expect(renewalsNote({ ...none, addOnsOffTerm: 2, coTermAddOns: true })).toBe(
      '2 upsells and cross-sells end with the terms they were bought into (KPI setting renewals.coTermAddOns).',
    );
    expect(renewalsNote({ ...none, addOnsOffTerm: 1, coTermAddOns: true })).toBe(
      '1 upsell or cross-sell ends with the term it was bought into (KPI setting renewals.coTermAddOns).',
    );
  });

  it('names the deal types it does not read, how many deals each, and the setting that reads them', () => {
    const unknownDealTypes = [
      { dealType: 'Renewal', deals: 4 },
      { dealType: 'cross_sell_deal', deals: 1 },
    ];
    expect(renewalsNote({ ...none, unknownDealTypes })).toBe(
      '5 closed-won deals have a deal type other than New business and Existing business ("Renewal": 4, "cross_sell_deal": 1) and count as new business. Say what each type is with the KPI setting dealTypes, e.g. {"dealTypes":{"Renewal":"renewal"}}, or set cs_deal_kind on the deals in HubSpot.',
    );
    const one = [{ dealType: 'Expansion', deals: 1 }];
    const note = renewalsNote({ ...none, existingBusiness: 1, followOn: true, unknownDealTypes: one });
    expect(note).toBe(
      '1 renewal (1 recorded as Existing business without cs_deal_kind) continues the term it renews (KPI setting renewals.followOn). 1 closed-won deal has a deal type other than New business and Existing business ("Expansion": 1) and counts as new business. Say what each type is with the KPI setting dealTypes, e.g. {"dealTypes":{"Expansion":"upsell"}}, or set cs_deal_kind on the deals in HubSpot.',
    );
  });

  it('names the pipelines whose deals state no kind at all, and the setting that reads them', () => {
    const unreadPipelines = [{ pipeline: 'Renewals', deals: 2 }];
    expect(renewalsNote({ ...none, unreadPipelines })).toBe(
      '2 closed-won deals of pipelines other than the default ("Renewals": 2) state neither cs_deal_kind nor a deal type and count as new business. Say what a pipeline\'s deals are with the KPI setting dealPipelines, e.g. {"dealPipelines":{"Renewals":"renewal"}}.',
    );
  });
});
