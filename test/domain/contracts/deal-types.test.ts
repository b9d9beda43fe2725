import { describe, expect, it } from 'vitest';
import { dealToContract } from '../../../src/domain/contracts/deal-to-contract';
import {
  dealTypeKindsSchema,
  dealTypesReadAs,
  dealTypesReadDifferently,
  kindOfDealType,
} from '../../../src/domain/contracts/deal-types';

const options = { timeZone: 'UTC', closedWonStageIds: ['closedwon'] };

function kindOf(dealtype: string, dealTypes: Record<string, string>, extra: Record<string, string> = {}) {
  const result = dealToContract(
    {
      id: 'd1',
      companyIds: ['c1'],
      properties: { dealstage: 'closedwon', closedate: '2026-01-15T10:00:00.000Z', cs_mrr: '100', dealtype, ...extra },
    },
    { ...options, dealTypes: dealTypeKindsSchema.parse(dealTypes) },
  );
  return result.isContract ? result.contract.kind : result.reason;
}

describe('KPI setting dealTypes: what the portal’s own deal types are', () => {
  it('reads a type of the portal by its internal value, whatever its case', () => {
    expect(kindOf('Renewal', { renewal: 'renewal' })).toBe('renewal');
    expect(kindOf('renewal', { Renewal: 'renewal' })).toBe('renewal');
    expect(kindOf(' Cross Sell ', { 'cross sell': 'cross_sell' })).toBe('cross_sell');
  });

  it('keeps domain §1.1’s two types unless the portal says otherwise, and counts a type nobody reads as new', () => {
    expect(kindOf('existingbusiness', { renewal: 'renewal' })).toBe('upsell');
    expect(kindOf('newbusiness', { renewal: 'renewal' })).toBe('new');
    expect(kindOf('existingbusiness', { existingbusiness: 'renewal' })).toBe('renewal');
    expect(kindOf('Renewal', {})).toBe('new');
    // Names of an object's own members are deal types like any other.
    expect(kindOf('constructor', {})).toBe('new');
    expect(kindOf('toString', { toString: 'upsell' })).toBe('upsell');
  });

  it('never overrides cs_deal_kind', () => {
    expect(kindOf('Renewal', { renewal: 'renewal' }, { cs_deal_kind: 'upsell' })).toBe('upsell');
  });

  it('refuses a kind it does not know, an empty type, and one type named twice in different case', () => {
    const problems = (value: unknown) =>
      dealTypeKindsSchema.safeParse(value).error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(problems({ renewal: 'expansion' })?.[0]?.[0]).toBe('renewal');
    expect(problems({ ' ': 'renewal' })).toHaveLength(1);
    expect(problems({ Renewal: 'renewal', renewal: 'upsell' })).toEqual([
      ['renewal', "names the same deal type as 'Renewal' (internal values are compared without case)"],
    ]);
  });

  it('lists the types read as a kind and those two readings differ on', () => {
    const portal = dealTypeKindsSchema.parse({ Renewal: 'renewal', expansion: 'upsell' });
    expect(kindOfDealType('RENEWAL', portal)).toBe('renewal');
    expect(dealTypesReadAs('upsell', portal).sort()).toEqual(['existingbusiness', 'expansion']);
    expect(dealTypesReadDifferently({}, portal)).toEqual(['expansion', 'renewal']);
    expect(dealTypesReadDifferently(portal, { ...portal, existingbusiness: 'upsell' })).toEqual([]);
    expect(dealTypesReadDifferently(portal, { renewal: 'renewal', existingbusiness: 'renewal' })).toEqual([
      'existingbusiness',
      'expansion',
    ]);
  });
});
