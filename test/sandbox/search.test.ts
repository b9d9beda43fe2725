import { describe, expect, it } from 'vitest';
import {
  FilterOperatorEnum as Operator,
  type Filter,
  type PublicObjectSearchRequest,
} from '@hubspot/api-client/lib/codegen/crm/deals';
import type { FixtureInput } from '../../src/sandbox/fixture-schema';
import { failure, fixture, startHarness } from './sandbox-harness';

const deals: FixtureInput['deals'] = [
  {
    id: '1',
    properties: {
      dealname: 'Alpha renewal',
      amount: '1000',
      closedate: '2024-01-15T00:00:00Z',
      dealstage: 'closedwon',
      dealtype: 'existingbusiness',
    },
    companyIds: ['10'],
  },
  {
    id: '2',
    properties: {
      dealname: 'Beta new',
      amount: '2500',
      closedate: '2024-02-15T00:00:00Z',
      dealstage: 'closedwon',
      dealtype: 'newbusiness',
    },
    companyIds: ['11'],
  },
  {
    id: '3',
    properties: { dealname: 'Gamma upsell', amount: '400', closedate: '2024-03-15T00:00:00Z', dealstage: 'closedlost' },
    companyIds: ['10'],
  },
  {
    id: '4',
    properties: { dealname: 'Delta', amount: null, closedate: null, dealstage: 'appointmentscheduled' },
    companyIds: [],
  },
];
const seed = fixture({
  companies: [
    { id: '10', properties: { name: 'Acme' } },
    { id: '11', properties: { name: 'Globex' } },
  ],
  deals,
});

function request(filters: Filter[], extra: Partial<PublicObjectSearchRequest> = {}): PublicObjectSearchRequest {
  return { filterGroups: [{ filters }], sorts: [], properties: ['dealname'], limit: 100, after: '0', ...extra };
}

describe('CRM search through the official client', () => {
  const cases: { name: string; filters: Filter[]; ids: string[] }[] = [
    {
      name: 'EQ on an enumeration',
      filters: [{ propertyName: 'dealstage', operator: Operator.Eq, value: 'closedwon' }],
      ids: ['1', '2'],
    },
    {
      name: 'EQ ignores case on text',
      filters: [{ propertyName: 'dealname', operator: Operator.Eq, value: 'delta' }],
      ids: ['4'],
    },
    {
      name: 'NEQ keeps records without the value',
      filters: [{ propertyName: 'dealtype', operator: Operator.Neq, value: 'newbusiness' }],
      ids: ['1', '3', '4'],
    },
    {
      name: 'GT on a number',
      filters: [{ propertyName: 'amount', operator: Operator.Gt, value: '999' }],
      ids: ['1', '2'],
    },
    {
      name: 'LTE on a number',
      filters: [{ propertyName: 'amount', operator: Operator.Lte, value: '1000' }],
      ids: ['1', '3'],
    },
    {
      name: 'GTE on a datetime in epoch ms',
      filters: [
        { propertyName: 'closedate', operator: Operator.Gte, value: String(Date.parse('2024-02-15T00:00:00Z')) },
      ],
      ids: ['2', '3'],
    },
    {
      name: 'LT on a datetime in ISO',
      filters: [{ propertyName: 'closedate', operator: Operator.Lt, value: '2024-02-01' }],
      ids: ['1'],
    },
    {
      name: 'BETWEEN is inclusive',
      filters: [{ propertyName: 'amount', operator: Operator.Between, value: '400', highValue: '1000' }],
      ids: ['1', '3'],
    },
    {
      name: 'IN',
      filters: [{ propertyName: 'dealstage', operator: Operator.In, values: ['closedlost', 'appointmentscheduled'] }],
      ids: ['3', '4'],
    },
    {
      name: 'NOT_IN',
      filters: [{ propertyName: 'dealstage', operator: Operator.NotIn, values: ['closedwon'] }],
      ids: ['3', '4'],
    },
    {
      name: 'HAS_PROPERTY',
      filters: [{ propertyName: 'amount', operator: Operator.HasProperty }],
      ids: ['1', '2', '3'],
    },
    {
      name: 'NOT_HAS_PROPERTY',
      filters: [{ propertyName: 'closedate', operator: Operator.NotHasProperty }],
      ids: ['4'],
    },
    {
      name: 'CONTAINS_TOKEN with a word',
      filters: [{ propertyName: 'dealname', operator: Operator.ContainsToken, value: 'renewal' }],
      ids: ['1'],
    },
    {
      name: 'CONTAINS_TOKEN with a wildcard',
      filters: [{ propertyName: 'dealname', operator: Operator.ContainsToken, value: 'up*' }],
      ids: ['3'],
    },
    {
      name: 'filters in a group are ANDed',
      filters: [
        { propertyName: 'dealstage', operator: Operator.Eq, value: 'closedwon' },
        { propertyName: 'amount', operator: Operator.Gt, value: '2000' },
      ],
      ids: ['2'],
    },
    {
      name: 'associated company',
      filters: [{ propertyName: 'associations.company', operator: Operator.Eq, value: '10' }],
      ids: ['1', '3'],
    },
  ];

  it.each(cases)('$name', async ({ filters, ids }) => {
    const { client } = await startHarness({ fixture: seed });
    const page = await client.crm.deals.searchApi.doSearch(request(filters));
    expect(page.results.map((deal) => deal.id)).toEqual(ids);
    expect(page.total).toBe(ids.length);
  });

  it('ORs filter groups, sorts and returns the asked properties', async () => {
    const { client } = await startHarness({ fixture: seed });
    const page = await client.crm.deals.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'dealname', operator: Operator.Eq, value: 'Delta' }] },
        { filters: [{ propertyName: 'amount', operator: Operator.Gte, value: '1000' }] },
      ],
      sorts: [{ propertyName: 'amount', direction: 'DESCENDING' } as unknown as string],
      properties: ['amount'],
      limit: 10,
      after: '0',
    });
    expect(page.results.map((deal) => deal.id)).toEqual(['2', '1', '4']);
    expect(page.results[0]?.properties).toEqual({
      amount: '2500',
      createdate: expect.any(String),
      hs_lastmodifieddate: expect.any(String),
      hs_object_id: '2',
    });
  });

  it('pages with after and reports the total', async () => {
    const { client } = await startHarness({ fixture: seed });
    const first = await client.crm.deals.searchApi.doSearch(request([], { limit: 3 }));
    expect(first.total).toBe(4);
    expect(first.paging?.next?.after).toBe('3');
    const second = await client.crm.deals.searchApi.doSearch(
      request([], { limit: 3, after: first.paging?.next?.after ?? '' }),
    );
    expect(second.results.map((deal) => deal.id)).toEqual(['4']);
    expect(second.paging).toBeUndefined();
  });

  it('refuses to page past 10,000 results, as HubSpot does', async () => {
    const { client, sandbox } = await startHarness();
    for (let index = 0; index < 10_050; index += 1)
      sandbox.store.objects.create('companies', { name: `Company ${index}` });
    sandbox.store.objects.searchIndex.catchUp();
    const last = await client.crm.companies.searchApi.doSearch({
      filterGroups: [],
      sorts: [],
      properties: [],
      limit: 200,
      after: '9800',
    });
    expect(last.total).toBe(10_050);
    expect(last.paging?.next?.after).toBe('10000');
    const crossing = await client.crm.companies.searchApi.doSearch({
      filterGroups: [],
      sorts: [],
      properties: ['name'],
      limit: 200,
      after: '9900',
    });
    expect(crossing.results).toHaveLength(100);
    expect(crossing.results.at(-1)?.properties.name).toBe('Company 9999');
    const refused = await failure(
      client.crm.companies.searchApi.doSearch({
        filterGroups: [],
        sorts: [],
        properties: [],
        limit: 200,
        after: '10000',
      }),
    );
    expect(refused.code).toBe(400);
    expect(refused.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
  });

  it('refuses a limit above 200', async () => {
    const { client } = await startHarness({ fixture: seed });
    const refused = await failure(client.crm.deals.searchApi.doSearch(request([], { limit: 201 })));
    expect(refused.code).toBe(400);
  });

  it("trails writes as HubSpot's index does: a new record is found, and a change seen, only after the lag", async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    const { client, sandbox } = await startHarness({
      fixture: seed,
      now: () => now,
      searchIndexLagMilliseconds: 60_000,
    });
    const byName = (name: string) =>
      client.crm.deals.searchApi.doSearch(
        request([{ propertyName: 'dealname', operator: Operator.Eq, value: name }], { properties: ['amount'] }),
      );
    const created = await client.crm.deals.basicApi.create({ properties: { dealname: 'Epsilon', amount: '10' } });
    await client.crm.deals.basicApi.update(created.id, { properties: { amount: '20' } });
    await client.crm.deals.basicApi.update('1', { properties: { amount: '1500' } });

    expect((await byName('Epsilon')).total).toBe(0);
    expect((await byName('Alpha renewal')).results[0]?.properties.amount).toBe('1000');
    // Reads by id see every write at once.
    expect((await client.crm.deals.basicApi.getById(created.id, ['amount'])).properties.amount).toBe('20');

    now += 60_000;
    expect((await byName('Epsilon')).results[0]?.properties.amount).toBe('20');
    expect((await byName('Alpha renewal')).results[0]?.properties.amount).toBe('1500');
    expect(sandbox.store.objects.list('deals')).toHaveLength(5);
  });

  it('orders records a sort finds equal differently from one request to the next', async () => {
    const { client, sandbox } = await startHarness({ fixture: seed });
    for (let index = 0; index < 50; index += 1)
      sandbox.store.objects.create('deals', { dealname: `Tied ${index}`, amount: '5' });
    sandbox.store.objects.searchIndex.catchUp();
    const tiedOrder = async () =>
      (
        await client.crm.deals.searchApi.doSearch(
          request([{ propertyName: 'amount', operator: Operator.Eq, value: '5' }], { sorts: ['amount'] }),
        )
      ).results.map((record) => record.id);
    const first = await tiedOrder();
    const second = await tiedOrder();
    expect(first).toHaveLength(50);
    expect(new Set(second)).toEqual(new Set(first));
    expect(second).not.toEqual(first);
  });

  it('is case-sensitive on enumerations and takes IN values on text only in lower case, as HubSpot documents', async () => {
    const { client } = await startHarness({ fixture: seed });
    const ids = async (filter: Filter) =>
      (await client.crm.deals.searchApi.doSearch(request([filter]))).results.map((record) => record.id).sort();
    expect(await ids({ propertyName: 'dealstage', operator: Operator.Eq, value: 'closedwon' })).toEqual(['1', '2']);
    expect(await ids({ propertyName: 'dealstage', operator: Operator.Eq, value: 'ClosedWon' })).toEqual([]);
    expect(await ids({ propertyName: 'dealname', operator: Operator.Eq, value: 'alpha RENEWAL' })).toEqual(['1']);
    expect(await ids({ propertyName: 'dealname', operator: Operator.In, values: ['alpha renewal'] })).toEqual(['1']);
    expect(await ids({ propertyName: 'dealname', operator: Operator.In, values: ['Alpha renewal'] })).toEqual([]);
  });

  it('answers 400 to a second sort and to a body over 3,000 characters', async () => {
    const { client } = await startHarness({ fixture: seed });
    const twoSorts = await failure(client.crm.deals.searchApi.doSearch(request([], { sorts: ['amount', 'dealname'] })));
    expect(twoSorts.code).toBe(400);
    expect(JSON.stringify(twoSorts.body)).toMatch(/Only one sorting rule/);
    const values = Array.from({ length: 300 }, (_, index) => `deal name ${index}`);
    const long = await failure(
      client.crm.deals.searchApi.doSearch(request([{ propertyName: 'dealname', operator: Operator.In, values }])),
    );
    expect(long.code).toBe(400);
    expect(JSON.stringify(long.body)).toMatch(/at most 3000 characters/);
  });
});
