import {
  PropertyCreateFieldTypeEnum as FieldType,
  PropertyCreateTypeEnum as Type,
} from '@hubspot/api-client/lib/codegen/crm/properties';
import { describe, expect, it } from 'vitest';
import { failure, fixture, startHarness } from './sandbox-harness';

const custom = {
  name: 'cs_health_score',
  label: 'Health score',
  type: Type.Number,
  fieldType: FieldType.Number,
  groupName: 'cs_lifecycle',
};

describe('properties v3 through the official client', () => {
  it("lists HubSpot's default company and deal properties", async () => {
    const { client } = await startHarness();
    const companyNames = (await client.crm.properties.coreApi.getAll('companies')).results.map(
      (property) => property.name,
    );
    expect(companyNames).toEqual(
      expect.arrayContaining([
        'name',
        'domain',
        'industry',
        'hubspot_owner_id',
        'lifecyclestage',
        'createdate',
        'hs_lastmodifieddate',
        'hs_object_id',
      ]),
    );
    const dealNames = (await client.crm.properties.coreApi.getAll('deals')).results.map((property) => property.name);
    expect(dealNames).toEqual(
      expect.arrayContaining([
        'dealname',
        'amount',
        'closedate',
        'dealstage',
        'pipeline',
        'dealtype',
        'hs_mrr',
        'hubspot_owner_id',
      ]),
    );
    const amount = await client.crm.properties.coreApi.getByName('deals', 'amount');
    expect(amount).toMatchObject({
      name: 'amount',
      type: 'number',
      fieldType: 'number',
      hubspotDefined: true,
      groupName: 'dealinformation',
    });
    expect(amount.createdAt).toBeInstanceOf(Date);
  });

  it('creates a group and a property, answers 409 on a second create, and updates it', async () => {
    const { client } = await startHarness();
    const group = await client.crm.properties.groupsApi.create('companies', {
      name: 'cs_lifecycle',
      label: 'Customer Success',
      displayOrder: 1,
    });
    expect(group).toMatchObject({ name: 'cs_lifecycle', label: 'Customer Success', archived: false });
    expect((await client.crm.properties.groupsApi.getAll('companies')).results.map((each) => each.name)).toContain(
      'cs_lifecycle',
    );

    const created = await client.crm.properties.coreApi.create('companies', custom);
    expect(created).toMatchObject({
      ...custom,
      hubspotDefined: false,
      archived: false,
      modificationMetadata: { archivable: true, readOnlyValue: false },
    });

    const conflict = await failure(client.crm.properties.coreApi.create('companies', custom));
    expect(conflict.code).toBe(409);
    expect(conflict.body).toMatchObject({
      status: 'error',
      category: 'OBJECT_ALREADY_EXISTS',
      correlationId: expect.any(String),
    });

    const updated = await client.crm.properties.coreApi.update('companies', 'cs_health_score', { label: 'Health' });
    expect(updated.label).toBe('Health');
    const missingGroup = await failure(
      client.crm.properties.coreApi.create('companies', { ...custom, name: 'cs_other', groupName: 'nope' }),
    );
    expect(missingGroup.code).toBe(404);
  });

  it('creates and reads properties in batches, reporting the ones that failed', async () => {
    const { client } = await startHarness();
    const created = await client.crm.properties.batchApi.create('deals', {
      inputs: [
        { name: 'cs_mrr', label: 'MRR', type: Type.Number, fieldType: FieldType.Number, groupName: 'dealinformation' },
        {
          name: 'amount',
          label: 'Amount',
          type: Type.Number,
          fieldType: FieldType.Number,
          groupName: 'dealinformation',
        },
      ],
    });
    expect(created.results.map((property) => property.name)).toEqual(['cs_mrr']);
    expect('errors' in created ? created.errors : []).toEqual([
      expect.objectContaining({ category: 'OBJECT_ALREADY_EXISTS' }),
    ]);
    const read = await client.crm.properties.batchApi.read('deals', {
      archived: false,
      inputs: [{ name: 'cs_mrr' }, { name: 'dealstage' }],
    });
    expect(read.results.map((property) => property.name)).toEqual(['cs_mrr', 'dealstage']);
  });
});

describe('owners, pipelines and account details', () => {
  const owners = Array.from({ length: 3 }, (_unused, index) => ({
    id: String(100 + index),
    email: `csm${index}@example.com`,
    firstName: `CSM ${index}`,
    lastName: 'Smith',
    userId: 900 + index,
  }));

  it('pages owners and filters them by email', async () => {
    const { client } = await startHarness({ fixture: fixture({ owners }) });
    const first = await client.crm.owners.ownersApi.getPage(undefined, undefined, 2);
    expect(first.results.map((owner) => owner.id)).toEqual(['100', '101']);
    expect(first.results[0]).toMatchObject({
      email: 'csm0@example.com',
      firstName: 'CSM 0',
      lastName: 'Smith',
      userId: 900,
      type: 'PERSON',
      archived: false,
    });
    const second = await client.crm.owners.ownersApi.getPage(undefined, first.paging?.next?.after, 2);
    expect(second.results.map((owner) => owner.id)).toEqual(['102']);
    const byEmail = await client.crm.owners.ownersApi.getPage('CSM1@example.com');
    expect(byEmail.results.map((owner) => owner.id)).toEqual(['101']);
    const byId = await client.crm.owners.ownersApi.getById(102);
    expect(byId.email).toBe('csm2@example.com');
  });

  it("always has HubSpot's default sales pipeline next to the fixture's", async () => {
    const { client } = await startHarness({
      fixture: fixture({
        pipelines: [
          {
            id: 'renewals',
            label: 'Renewals',
            stages: [{ id: 'won', label: 'Won', metadata: { isClosed: 'true', probability: '1.0' } }],
          },
        ],
      }),
    });
    const pipelines = await client.crm.pipelines.pipelinesApi.getAll('deals');
    expect(pipelines.results.map((pipeline) => pipeline.id)).toEqual(['default', 'renewals']);
    const closedWon = pipelines.results[0]?.stages.find((stage) => stage.id === 'closedwon');
    expect(closedWon).toMatchObject({
      label: 'Closed Won',
      metadata: { isClosed: 'true', probability: '1.0' },
      archived: false,
    });
    const stages = await client.crm.pipelines.pipelineStagesApi.getAll('deals', 'renewals');
    expect(stages.results.map((stage) => stage.id)).toEqual(['won']);
  });

  it("answers account-info details with the fixture's portal", async () => {
    const { client } = await startHarness({
      fixture: fixture({ portal: { id: 777, timeZone: 'Asia/Tokyo', currency: 'JPY' } }),
    });
    const response = await client.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
    expect(await response.json()).toMatchObject({
      portalId: 777,
      timeZone: 'Asia/Tokyo',
      companyCurrency: 'JPY',
      utcOffset: '+09:00',
      utcOffsetMilliseconds: 32_400_000,
    });
  });
});
