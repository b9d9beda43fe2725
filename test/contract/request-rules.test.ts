import { PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from '@hubspot/api-client/lib/codegen/crm/properties';
import { describe, expect, it } from 'vitest';
import { propertySnapshot, requestViolations } from '../support/hubspot-request-rules';
import { failure, fixture, startHarness } from '../sandbox/sandbox-harness';

describe('the request-rule check of the contract tests', () => {
  it('passes requests HubSpot takes, and a property once the same run created it', async () => {
    const { sandbox, client } = await startHarness({
      recordRequests: true,
      fixture: fixture({ owners: [{ id: '7', email: 'o@example.test' }] }),
    });
    const initial = propertySnapshot(sandbox.store);
    await client.crm.properties.coreApi.create('deals', {
      name: 'cs_seats',
      label: 'Seats',
      type: PropertyCreateTypeEnum.Number,
      fieldType: PropertyCreateFieldTypeEnum.Number,
      groupName: 'dealinformation',
    });
    await client.crm.deals.basicApi.create({
      properties: { dealname: 'A', dealstage: 'closedwon', cs_seats: '3', hubspot_owner_id: '7' },
      associations: [],
    });
    await client.crm.deals.basicApi.getPage(100, undefined, ['dealname', 'cs_seats']);
    expect(requestViolations(sandbox.requests(), sandbox.store, initial)).toEqual([]);
  });

  it('names every broken rule: unknown properties, bad enumerations and owners, batch sizes, search bodies', async () => {
    const { sandbox, client } = await startHarness({
      recordRequests: true,
      fixture: fixture({ companies: [{ id: '1', properties: { name: 'A' } }] }),
    });
    const initial = propertySnapshot(sandbox.store);
    await client.crm.companies.basicApi.getPage(10, undefined, ['name', 'cs_tier']);
    await failure(
      client.crm.deals.basicApi.create({
        properties: { dealname: 'A', pipeline: 'default', dealstage: 'renewed', hubspot_owner_id: '404' },
        associations: [],
      }),
    );
    await failure(
      client.crm.companies.batchApi.update({
        inputs: Array.from({ length: 101 }, () => ({ id: '1', properties: { industry: 'SOFTWARE' } })),
      }),
    );
    await client.crm.companies.searchApi.doSearch({
      filterGroups: [],
      sorts: [],
      properties: ['name'],
      limit: 10,
      after: '10',
    });
    const violations = requestViolations(sandbox.requests(), sandbox.store, initial);
    expect(violations).toEqual([
      '#0 GET /crm/v3/objects/companies: names companies properties that do not exist (yet): cs_tier',
      expect.stringMatching(/^#1 POST \/crm\/v3\/objects\/deals: hubspot_owner_id: INVALID_OWNER_ID/),
      expect.stringMatching(
        /^#1 POST \/crm\/v3\/objects\/deals: dealstage: INVALID_OPTION \(renewed was not one of the allowed options/,
      ),
      '#2 POST /crm/v3/objects/companies/batch/update: 101 batch inputs, over 100',
      ...Array.from({ length: 101 }, () => expect.stringMatching(/^#2 .*industry: INVALID_OPTION/)),
      '#3 POST /crm/v3/objects/companies/search: pages with after but names no sort',
    ]);
  });
});
