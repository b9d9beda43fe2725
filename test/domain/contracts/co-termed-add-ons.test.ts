import { describe, expect, it } from 'vitest';
import type { DealInput } from '../../../src/domain/contracts/contract-schema';
import { renewalRuleSchema } from '../../../src/domain/contracts/renewal-recognition';
import { contractsShown, plainDeal } from '../../support/plain-deals';

const asPage = renewalRuleSchema.parse({});
const coTerm = renewalRuleSchema.parse({ coTermAddOns: true });
const deal = plainDeal;

function terms(deals: readonly DealInput[], rule = coTerm) {
  return contractsShown(
    deals,
    rule,
    ({ contract }) =>
      `${contract.dealId} ${contract.kind} ${contract.product} ${contract.startDate}..${contract.endDate} ${contract.mrrMinor}`,
  );
}

const main = deal('d1', '2024-01-01', { dealtype: 'newbusiness', amount: '24000' });
const seats = deal('d2', '2024-07-01', { amount: '6000' });

describe('add-ons bought during a running term (KPI setting renewals.coTermAddOns)', () => {
  it('run a term of their own by the page (domain §1.1), past the term they were bought into', () => {
    expect(terms([main, seats], asPage)).toEqual([
      'd1 new core 2024-01-01..2025-01-01 200000',
      'd2 upsell core 2024-07-01..2025-07-01 50000',
    ]);
  });

  it('end with that term when the setting says so, their MRR unchanged', () => {
    expect(terms([main, seats])).toEqual([
      'd1 new core 2024-01-01..2025-01-01 200000',
      'd2 upsell core 2024-07-01..2025-01-01 50000',
    ]);
  });

  it('end with the term as its renewal followed on, and with a longer term too', () => {
    const threeYears = deal('d1', '2024-01-01', { dealtype: 'newbusiness', cs_term_months: '36' });
    expect(terms([threeYears, seats])).toEqual([
      'd1 new core 2024-01-01..2027-01-01 33333',
      'd2 upsell core 2024-07-01..2027-01-01 50000',
    ]);
    // Closed in December, the "Existing business" deal renews the term (followOn); the one in July is an add-on.
    const renewal = deal('d3', '2024-12-10', { amount: '30000' });
    const both = renewalRuleSchema.parse({ followOn: true, coTermAddOns: true });
    expect(terms([main, seats, renewal], both)).toEqual([
      'd1 new core 2024-01-01..2025-01-01 200000',
      'd2 upsell core 2024-07-01..2025-01-01 50000',
      'd3 renewal core 2025-01-01..2026-01-01 250000',
    ]);
  });

  it('go with the term of their own product, else the largest running one, and only a running one', () => {
    const other = deal('d4', '2024-03-01', { dealtype: 'newbusiness', cs_product: 'analytics', amount: '1200' });
    const crossSell = deal('d5', '2024-08-01', { cs_deal_kind: 'cross_sell', cs_product: 'reports' });
    const analyticsSeats = deal('d6', '2024-09-01', { cs_product: 'analytics' });
    const late = deal('d7', '2025-06-01');
    expect(terms([main, other, crossSell, analyticsSeats, late])).toEqual([
      'd1 new core 2024-01-01..2025-01-01 200000',
      'd4 new analytics 2024-03-01..2025-03-01 10000',
      'd5 cross_sell reports 2024-08-01..2025-01-01 100000',
      'd6 upsell analytics 2024-09-01..2025-03-01 100000',
      // Nothing runs on its start: a term of its own.
      'd7 upsell core 2025-06-01..2026-06-01 100000',
    ]);
  });

  it('leave a deal that looks like a renewal (an upsell by its deal type alone, near the end) to the renewal rule', () => {
    const lookAlike = deal('d2', '2024-12-10');
    const statedUpsell = deal('d3', '2024-12-10', { cs_deal_kind: 'upsell' });
    expect(terms([main, lookAlike, statedUpsell])).toEqual([
      'd1 new core 2024-01-01..2025-01-01 200000',
      'd2 upsell core 2024-12-10..2025-12-10 100000',
      'd3 upsell core 2024-12-10..2025-01-01 100000',
    ]);
  });

  it('with the renewals followed on, are every deal the rule did not read as a renewal, however near the end', () => {
    const both = renewalRuleSchema.parse({ followOn: true, coTermAddOns: true });
    const lateSeats = deal('d2', '2024-12-01', { amount: '6000' });
    const renewal = deal('d3', '2024-12-20', { amount: '30000' });
    expect(terms([main, lateSeats, renewal], both)).toEqual([
      'd1 new core 2024-01-01..2025-01-01 200000',
      'd2 upsell core 2024-12-01..2025-01-01 50000',
      'd3 renewal core 2025-01-01..2026-01-01 250000',
    ]);
  });

  it('keep an end or a term their deal states, and other companies’ terms stay apart', () => {
    const stated = deal('d2', '2024-07-01', { cs_contract_end: '2025-03-01' });
    const term = deal('d3', '2024-07-01', { cs_term_months: '24' });
    const elsewhere = deal('d4', '2024-07-01', {}, 'c2');
    expect(terms([main, stated, term, elsewhere])).toEqual([
      'd1 new core 2024-01-01..2025-01-01 200000',
      'd2 upsell core 2024-07-01..2025-03-01 100000',
      'd3 upsell core 2024-07-01..2026-07-01 50000',
      'd4 upsell core 2024-07-01..2025-07-01 100000',
    ]);
  });
});
