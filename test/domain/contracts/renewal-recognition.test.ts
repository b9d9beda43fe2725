import { describe, expect, it } from 'vitest';
import type { DealInput } from '../../../src/domain/contracts/contract-schema';
import {
  upsellWithoutStatedKind,
  renewalRuleSchema,
  renewalWithoutStart,
} from '../../../src/domain/contracts/renewal-recognition';
import { contractsShown, plainDeal } from '../../support/plain-deals';

const followOn = renewalRuleSchema.parse({ followOn: true });
const asPage = renewalRuleSchema.parse({});
const deal = plainDeal;

function terms(deals: readonly DealInput[], rule = followOn) {
  return contractsShown(
    deals,
    rule,
    ({ contract }) => `${contract.dealId} ${contract.kind} ${contract.startDate}..${contract.endDate}`,
  );
}

describe('renewals recorded as "Existing business"', () => {
  const first = deal('d1', '2024-03-01', { dealtype: 'newbusiness' });

  it('are upsells by the page (domain §1.1) unless the setting recognizes them', () => {
    expect(asPage).toEqual({ followOn: false, withinDays: 60, coTermAddOns: false });
    expect(terms([first, deal('d2', '2025-02-10')], asPage)).toEqual([
      'd1 new 2024-03-01..2025-03-01',
      'd2 upsell 2025-02-10..2026-02-10',
    ]);
  });

  it('renew the contract they follow, their term starting as it ends, a chain of them year after year', () => {
    expect(terms([deal('d3', '2026-01-20'), first, deal('d2', '2025-02-10')])).toEqual([
      'd3 renewal 2026-03-01..2027-03-01',
      'd1 new 2024-03-01..2025-03-01',
      'd2 renewal 2025-03-01..2026-03-01',
    ]);
  });

  it('renew a contract signed late too, up to the window after its end, with no gap', () => {
    expect(terms([first, deal('d2', '2025-04-20')])).toEqual([
      'd1 new 2024-03-01..2025-03-01',
      'd2 renewal 2025-03-01..2026-03-01',
    ]);
    expect(terms([first, deal('d2', '2025-05-01')])).toEqual([
      'd1 new 2024-03-01..2025-03-01',
      'd2 upsell 2025-05-01..2026-05-01',
    ]);
  });

  it('stay upsells mid-term, and leave the renewal to the deal nearer the end', () => {
    const addOn = deal('d2', '2025-01-10', { amount: '1200' });
    const renewal = deal('d3', '2025-02-25');
    expect(terms([first, deal('d2', '2024-09-01')])).toEqual([
      'd1 new 2024-03-01..2025-03-01',
      'd2 upsell 2024-09-01..2025-09-01',
    ]);
    expect(terms([first, addOn, renewal])).toEqual([
      'd1 new 2024-03-01..2025-03-01',
      'd2 upsell 2025-01-10..2026-01-10',
      'd3 renewal 2025-03-01..2026-03-01',
    ]);
  });

  it('keep a start the deal sets, and follow only the same company and product', () => {
    expect(terms([first, deal('d2', '2025-02-10', { cs_contract_start: '2025-02-15' })])[1]).toBe(
      'd2 renewal 2025-02-15..2026-02-15',
    );
    expect(terms([first, deal('d2', '2025-02-10', {}, 'c2')])[1]).toBe('d2 upsell 2025-02-10..2026-02-10');
    expect(terms([first, deal('d2', '2025-02-10', { cs_product: 'analytics' })])[1]).toBe(
      'd2 upsell 2025-02-10..2026-02-10',
    );
  });

  it('never override a kind the deal states', () => {
    const stated = deal('d2', '2025-02-10', { cs_deal_kind: 'upsell' });
    expect(upsellWithoutStatedKind(stated)).toBe(false);
    expect(upsellWithoutStatedKind(deal('d3', '2025-02-10', { dealtype: 'ExistingBusiness' }))).toBe(true);
    expect(terms([first, stated])[1]).toBe('d2 upsell 2025-02-10..2026-02-10');
    expect(terms([first, deal('d2', '2025-02-10', { dealtype: 'newbusiness' })])[1]).toBe(
      'd2 new 2025-02-10..2026-02-10',
    );
  });

  it('renew each contract once: a second deal at the same end stays an upsell', () => {
    expect(terms([first, deal('d2', '2025-02-20'), deal('d3', '2025-02-20', { amount: '2400' })])).toEqual([
      'd1 new 2024-03-01..2025-03-01',
      'd2 renewal 2025-03-01..2026-03-01',
      'd3 upsell 2025-02-20..2026-02-20',
    ]);
  });

  it('leave deals that are no contracts as they are', () => {
    expect(terms([first, deal('d2', '2025-02-10', { dealstage: 'closedlost' })])[1]).toBe('d2 no contract');
  });
});

describe('renewals stated with cs_deal_kind but no cs_contract_start', () => {
  const first = deal('d1', '2024-03-01', { dealtype: 'newbusiness' });
  const stated = (id: string, closedOn: string, extra: Record<string, string> = {}) =>
    deal(id, closedOn, { cs_deal_kind: 'renewal', ...extra });

  it('start on their close date beside the term they renew by the page, and follow on with the setting', () => {
    expect(renewalWithoutStart(stated('d2', '2025-02-10'))).toBe(true);
    expect(terms([first, stated('d2', '2025-02-10')], asPage)[1]).toBe('d2 renewal 2025-02-10..2026-02-10');
    expect(terms([first, stated('d2', '2025-02-10')])[1]).toBe('d2 renewal 2025-03-01..2026-03-01');
  });

  it('keep a start they set, and stay as they are with no term ending near them', () => {
    const withStart = stated('d2', '2025-02-10', { cs_contract_start: '2025-02-20' });
    expect(renewalWithoutStart(withStart)).toBe(false);
    expect(terms([first, withStart])[1]).toBe('d2 renewal 2025-02-20..2026-02-20');
    expect(terms([first, stated('d2', '2025-09-01')])[1]).toBe('d2 renewal 2025-09-01..2026-09-01');
  });
});

describe('renewals recorded with a deal type of the portal (KPI setting dealTypes)', () => {
  const first = deal('d1', '2024-03-01', { dealtype: 'newbusiness' });
  const renewal = deal('d2', '2025-02-10', { dealtype: 'Renewal' });
  const typed = (rule = followOn, dealTypes: Record<string, 'renewal' | 'upsell'> = { renewal: 'renewal' }) =>
    contractsShown([first, renewal], rule, ({ contract }) => `${contract.kind} ${contract.startDate}`, { dealTypes });

  it('are new business while the portal does not read the type, with the rule on or off', () => {
    expect(typed(followOn, {})[1]).toBe('new 2025-02-10');
    expect(renewalWithoutStart(renewal)).toBe(false);
  });

  it('are renewals once it does: beside the term by the page, following on with the rule', () => {
    expect(renewalWithoutStart(renewal, { dealTypes: { renewal: 'renewal' } })).toBe(true);
    expect(typed(asPage)[1]).toBe('renewal 2025-02-10');
    expect(typed(followOn)[1]).toBe('renewal 2025-03-01');
  });

  it('follow on as "Existing business" does when the portal reads its type as an upsell', () => {
    expect(upsellWithoutStatedKind(renewal, { dealTypes: { renewal: 'upsell' } })).toBe(true);
    expect(typed(followOn, { renewal: 'upsell' })[1]).toBe('renewal 2025-03-01');
    expect(typed(asPage, { renewal: 'upsell' })[1]).toBe('upsell 2025-02-10');
  });
});
