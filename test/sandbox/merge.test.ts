import { AssociationSpecAssociationCategoryEnum as Category } from '@hubspot/api-client/lib/codegen/crm/associations/v4';
import { describe, expect, it } from 'vitest';
import { webhookEventsFor } from '../../src/sandbox/webhook-events';
import { subscriptionsFromAppConfig } from '../../src/cli/webhook-subscriptions';
import type { StoreChange } from '../../src/sandbox/store-events';
import { failure, fixture, startHarness } from './sandbox-harness';

const seed = fixture({
  companies: [
    { id: '1', properties: { name: 'Acme', domain: 'acme.example' } },
    { id: '2', properties: { name: 'Acme Inc', industry: 'COMPUTER_SOFTWARE', city: 'Osaka' } },
  ],
  deals: [
    { id: '10', properties: { dealname: 'Acme licence', dealstage: 'closedwon' }, companyIds: ['1'] },
    { id: '11', properties: { dealname: 'Acme Inc licence', dealstage: 'closedwon' }, companyIds: ['2'] },
  ],
});

describe('merging records as HubSpot does', () => {
  it('makes a new record holding both, the primary’s values first, and both old ids read as it', async () => {
    const { client, sandbox } = await startHarness({ fixture: seed });
    const changes: StoreChange[] = [];
    sandbox.store.events.onChange((change) => changes.push(change));
    const merged = await client.crm.companies.basicApi.merge({ primaryObjectId: '1', objectIdToMerge: '2' });
    expect(merged.id).not.toMatch(/^[12]$/);
    const read = await client.crm.companies.basicApi.getById(merged.id, [
      'name',
      'domain',
      'city',
      'industry',
      'hs_merged_object_ids',
    ]);
    expect(read.properties).toMatchObject({
      name: 'Acme',
      domain: 'acme.example',
      city: 'Osaka',
      industry: 'COMPUTER_SOFTWARE',
      hs_merged_object_ids: '1;2',
    });
    // "both of the previous IDs will point to the resulting merged record"
    expect((await client.crm.companies.basicApi.getById('2')).id).toBe(merged.id);
    const batch = await client.crm.companies.batchApi.read({
      inputs: [{ id: '1' }, { id: '2' }],
      properties: ['name'],
      propertiesWithHistory: [],
    });
    // One result per id asked for, each the merged record: a client must not assume the ids come back distinct.
    expect(batch.results.map((company) => company.id)).toEqual([merged.id, merged.id]);
    expect((await client.crm.companies.basicApi.getPage(10)).results.map((company) => company.id)).toEqual([merged.id]);
    const deals = await client.crm.associations.v4.basicApi.getPage('companies', merged.id, 'deals');
    expect(deals.results.map((deal) => Number(deal.toObjectId)).sort()).toEqual([10, 11]);
    const primaryOf11 = await client.crm.associations.v4.basicApi.getPage('deals', '11', 'companies');
    expect(primaryOf11.results).toEqual([
      expect.objectContaining({
        toObjectId: Number(merged.id),
        associationTypes: expect.arrayContaining([
          expect.objectContaining({ category: Category.HubspotDefined, typeId: 5 }),
        ]),
      }),
    ]);

    const events = changes.flatMap((change) =>
      webhookEventsFor(change, subscriptionsFromAppConfig(), { portalId: 4242, appId: 1, nextEventId: () => 1 }),
    );
    expect(events.filter((event) => event.subscriptionType === 'object.merge')).toEqual([
      expect.objectContaining({
        objectTypeId: '0-2',
        primaryObjectId: 1,
        mergedObjectIds: [2],
        newObjectId: Number(merged.id),
      }),
    ]);
    expect(
      events.filter((event) => ['object.creation', 'object.deletion'].includes(String(event.subscriptionType))),
    ).toEqual([]);
  });

  it('refuses to merge a record with itself or with one that does not exist', async () => {
    const { client } = await startHarness({ fixture: seed });
    expect(
      (await failure(client.crm.companies.basicApi.merge({ primaryObjectId: '1', objectIdToMerge: '1' }))).code,
    ).toBe(400);
    expect(
      (await failure(client.crm.companies.basicApi.merge({ primaryObjectId: '1', objectIdToMerge: '99' }))).code,
    ).toBe(400);
  });
});
