import { describe, expect, it } from 'vitest';
import {
  renewalDealName,
  renewalDealSettingsSchema,
  renewalDealsDue,
} from '../../../src/domain/renewals/renewal-deals';
import type { RenewalRecord } from '../../../src/domain/renewals/renewal-records';

function record(companyId: string, renewalDate: string, outcome: RenewalRecord['outcome'] = 'pending'): RenewalRecord {
  return {
    companyId,
    renewalDate,
    dealIds: [`deal-${companyId}`],
    amountMinor: 100_00,
    successorDealIds: [],
    renewedAmountMinor: 0,
    outcome,
    decidedOn: null,
  };
}

describe('renewal deals due', () => {
  it('is off by default, 90 days ahead', () => {
    expect(renewalDealSettingsSchema.parse({})).toEqual({ enabled: false, leadDays: 90 });
  });

  it.each([
    { name: 'due within the lead days', records: [record('a', '2026-03-01')], due: ['a'] },
    { name: 'due on the last lead day', records: [record('a', '2026-03-31')], due: ['a'] },
    { name: 'due today', records: [record('a', '2026-01-30')], due: ['a'] },
    { name: 'beyond the lead days', records: [record('a', '2026-04-01')], due: [] },
    { name: 'already past', records: [record('a', '2026-01-29')], due: [] },
    { name: 'outcome already known', records: [record('a', '2026-03-01', 'renewed')], due: [] },
    { name: 'the company has an open renewal deal', records: [record('open', '2026-03-01')], due: [] },
  ])('$name', ({ records, due }) => {
    expect(renewalDealsDue(records, new Set(['open']), '2026-01-30', 60).map((each) => each.companyId)).toEqual(due);
  });

  it('names the deal after the company and the renewal date', () => {
    expect(renewalDealName('Acme', record('a', '2026-03-01'))).toBe('Acme: renewal Mar 1, 2026');
    expect(renewalDealName(null, record('7', '2026-03-01'))).toBe('Company 7: renewal Mar 1, 2026');
  });
});
