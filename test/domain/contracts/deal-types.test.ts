import { describe, expect, it } from 'vitest';
import { dealToContract } from '../../../src/domain/contracts/deal-to-contract';
import {
  dealTypeKindsSchema,
  dealTypesReadAs,
  dealTypesReadDifferently,
  kindOfDealType,
  pipelineKindsById,
} from '../../../src/domain/contracts/deal-types';
import { parseDealKind } from '../../../src/domain/contracts/deal-properties';

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

describe('KPI setting dealPipelines: the kind of every deal of a pipeline', () => {
  const pipelines = [
    { id: 'default', label: 'Sales Pipeline' },
    { id: '7001', label: 'Renewals' },
    { id: '7002', label: '7001' },
  ];

  it('names a pipeline by its id before its label, either without case, and drops names of no pipeline', () => {
    expect(pipelineKindsById({ renewals: 'renewal', 'Sales pipeline': 'new', Gone: 'upsell' }, pipelines)).toEqual({
      '7001': 'renewal',
      default: 'new',
    });
    expect(pipelineKindsById({ '7001': 'upsell' }, pipelines)).toEqual({ '7001': 'upsell' });
  });

  it('comes after cs_deal_kind and before the deal type', () => {
    const kind = (properties: Record<string, string>) => {
      const parsed = parseDealKind(properties, { renewal: 'renewal' }, { '7001': 'renewal' });
      return parsed.ok ? parsed.value : parsed.reason;
    };
    expect(kind({ pipeline: '7001' })).toBe('renewal');
    expect(kind({ pipeline: '7001', dealtype: 'existingbusiness' })).toBe('renewal');
    expect(kind({ pipeline: '7001', cs_deal_kind: 'upsell' })).toBe('upsell');
    expect(kind({ pipeline: 'default', dealtype: 'existingbusiness' })).toBe('upsell');
    expect(kind({ pipeline: 'default' })).toBe('new');
  });
});
