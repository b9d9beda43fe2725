import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/tasks';
import { PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from '@hubspot/api-client/lib/codegen/crm/properties';
import { describe, expect, it } from 'vitest';
import { companies, failure, fixture, startHarness } from './sandbox-harness';

describe('CRM objects v3 through the official client', () => {
  it('pages a list of more than 100 companies with after cursors and returns only the asked properties', async () => {
    const { client } = await startHarness({ fixture: fixture({ companies: companies(250) }) });
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await client.crm.companies.basicApi.getPage(100, after, ['name', 'industry']);
      pages += 1;
      seen.push(...page.results.map((company) => company.id));
      expect(page.results[0]?.properties).toEqual({
        name: expect.any(String),
        industry: expect.any(String),
        createdate: expect.any(String),
        hs_lastmodifieddate: expect.any(String),
        hs_object_id: page.results[0]?.id,
      });
      expect(page.results[0]?.createdAt).toBeInstanceOf(Date);
      after = page.paging?.next?.after;
      if (after) {
        const link = new URL(page.paging?.next?.link ?? '');
        expect(link.searchParams.get('after')).toBe(after);
        expect(link.searchParams.get('limit')).toBe('100');
      }
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 250 }, (_unused, index) => String(index + 1)));
  });

  it('refuses a list page over 100 records with a 400 naming the limit', async () => {
    const { client } = await startHarness({ fixture: fixture({ companies: companies(150) }) });
    const refused = await failure(client.crm.companies.basicApi.getPage(500));
    expect(refused.code).toBe(400);
    expect(refused.body).toMatchObject({
      category: 'VALIDATION_ERROR',
      message: expect.stringContaining('limit'),
      context: { limit: ['500'] },
    });
    await expect(client.crm.companies.basicApi.getPage(100)).resolves.toMatchObject({ results: expect.any(Array) });
  });

  it('returns deals with their companies inline, primary first, in HubSpot association type names', async () => {
    const { client } = await startHarness({
      fixture: fixture({
        companies: companies(2),
        deals: [
          {
            id: '900',
            properties: { dealname: 'Renewal', amount: '1200', dealstage: 'closedwon', pipeline: 'default' },
            companyIds: ['2', '1'],
          },
        ],
      }),
    });
    const deal = await client.crm.deals.basicApi.getById('900', ['dealname', 'amount'], undefined, ['companies']);
    expect(deal.properties).toMatchObject({ dealname: 'Renewal', amount: '1200', hs_object_id: '900' });
    expect(deal.associations?.companies?.results).toEqual([
      { id: '1', type: 'deal_to_company_unlabeled' },
      { id: '2', type: 'deal_to_company' },
      { id: '2', type: 'deal_to_company_unlabeled' },
    ]);
    const company = await client.crm.companies.basicApi.getById('2', undefined, undefined, ['deals']);
    expect(company.associations?.deals?.results).toEqual([
      { id: '900', type: 'company_to_deal' },
      { id: '900', type: 'company_to_deal_unlabeled' },
    ]);
    expect(company.properties).toHaveProperty('name', 'Company 2');
  });

  it('creates, updates and archives a company, bumping hs_lastmodifieddate on change', async () => {
    const { client } = await startHarness();
    const created = await client.crm.companies.basicApi.create({
      properties: { name: 'Acme', domain: 'acme.test' },
      associations: [],
    });
    expect(created.properties).toMatchObject({ name: 'Acme', domain: 'acme.test', hs_object_id: created.id });
    const updated = await client.crm.companies.basicApi.update(created.id, { properties: { industry: 'RETAIL' } });
    expect(updated.properties.industry).toBe('RETAIL');
    expect(updated.updatedAt.getTime()).toBeGreaterThan(created.updatedAt.getTime());
    expect(Date.parse(updated.properties.hs_lastmodifieddate ?? '')).toBe(updated.updatedAt.getTime());
    await client.crm.companies.basicApi.archive(created.id);
    const missing = await failure(client.crm.companies.basicApi.getById(created.id));
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      correlationId: expect.any(String),
    });
    const archived = await client.crm.companies.basicApi.getById(created.id, undefined, undefined, undefined, true);
    expect(archived.archived).toBe(true);
    expect(archived.archivedAt).toBeInstanceOf(Date);
  });

  it("refuses unknown properties with HubSpot's validation error", async () => {
    const { client } = await startHarness();
    const refused = await failure(
      client.crm.companies.basicApi.create({ properties: { name: 'X', nope: '1' }, associations: [] }),
    );
    expect(refused.code).toBe(400);
    expect(refused.body).toMatchObject({
      status: 'error',
      category: 'VALIDATION_ERROR',
      message: expect.stringContaining('PROPERTY_DOESNT_EXIST'),
    });
  });

  it('creates tasks and notes associated with a company through v3 association specs', async () => {
    const { client } = await startHarness({ fixture: fixture({ companies: companies(1) }) });
    const association = (typeId: number) => [
      {
        to: { id: '1' },
        types: [
          { associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: typeId },
        ],
      },
    ];
    const task = await client.crm.objects.tasks.basicApi.create({
      properties: {
        hs_task_subject: 'Kickoff call',
        hs_timestamp: '2024-03-01T10:00:00Z',
        hs_task_status: 'NOT_STARTED',
      },
      associations: association(192),
    });
    const note = await client.crm.objects.notes.basicApi.create({
      properties: { hs_note_body: 'Health dropped', hs_timestamp: '1709287200000' },
      associations: association(190),
    });
    expect(note.properties.hs_timestamp).toBe('2024-03-01T10:00:00.000Z');
    const company = await client.crm.companies.basicApi.getById('1', undefined, undefined, ['tasks', 'notes']);
    expect(company.associations?.tasks?.results).toEqual([{ id: task.id, type: 'company_to_task' }]);
    expect(company.associations?.notes?.results).toEqual([{ id: note.id, type: 'company_to_note' }]);
    const wrong = await failure(
      client.crm.objects.tasks.basicApi.create({
        properties: { hs_task_subject: 'x' },
        associations: association(190),
      }),
    );
    expect(wrong.code).toBe(400);
  });

  it('stamps hs_task_completion_date when a task becomes COMPLETED and clears it when reopened, as HubSpot does', async () => {
    const { client } = await startHarness();
    const completionOf = async (id: string) =>
      (await client.crm.objects.tasks.basicApi.getById(id, ['hs_task_completion_date'])).properties
        .hs_task_completion_date ?? null;
    const task = await client.crm.objects.tasks.basicApi.create({
      properties: { hs_task_subject: 'Call', hs_timestamp: '2024-03-01T10:00:00Z', hs_task_status: 'NOT_STARTED' },
      associations: [],
    });
    expect(await completionOf(task.id)).toBeNull();
    const completed = await client.crm.objects.tasks.basicApi.update(task.id, {
      properties: { hs_task_status: 'COMPLETED' },
    });
    const stamped = await completionOf(task.id);
    expect(stamped).toBe(completed.properties.hs_lastmodifieddate);
    // Another edit of a completed task keeps the first completion.
    await client.crm.objects.tasks.basicApi.update(task.id, { properties: { hs_task_subject: 'Call back' } });
    expect(await completionOf(task.id)).toBe(stamped);
    await client.crm.objects.tasks.basicApi.update(task.id, { properties: { hs_task_status: 'NOT_STARTED' } });
    expect(await completionOf(task.id)).toBeNull();
    const refused = await failure(
      client.crm.objects.tasks.basicApi.update(task.id, {
        properties: { hs_task_completion_date: '2024-03-02T10:00:00Z' },
      }),
    );
    expect(refused.code).toBe(400);
    const doneAtCreate = await client.crm.objects.tasks.basicApi.create({
      properties: { hs_task_subject: 'Done', hs_timestamp: '2024-03-01T10:00:00Z', hs_task_status: 'COMPLETED' },
      associations: [],
    });
    expect(await completionOf(doneAtCreate.id)).toBe(doneAtCreate.properties.hs_createdate);
  });
});

describe('CRM object batches v3', () => {
  it("reads, creates, updates and upserts in batches with HubSpot's envelope", async () => {
    const { client } = await startHarness({ fixture: fixture({ companies: companies(3) }) });
    const read = await client.crm.companies.batchApi.read({
      inputs: [{ id: '1' }, { id: '3' }],
      properties: ['name'],
      propertiesWithHistory: [],
    });
    expect(read.status).toBe('COMPLETE');
    expect(read.startedAt).toBeInstanceOf(Date);
    expect(read.completedAt).toBeInstanceOf(Date);
    expect(read.results.map((company) => company.properties.name)).toEqual(['Company 1', 'Company 3']);

    const created = await client.crm.companies.batchApi.create({
      inputs: [
        { properties: { name: 'New A' }, associations: [] },
        { properties: { name: 'New B' }, associations: [] },
      ],
    });
    expect(created.results.map((company) => company.properties.name).sort()).toEqual(['New A', 'New B']);

    const updated = await client.crm.companies.batchApi.update({
      inputs: [{ id: '1', properties: { industry: 'BANKING' } }],
    });
    expect(updated.results[0]?.properties.industry).toBe('BANKING');

    await client.crm.properties.coreApi.create('companies', {
      name: 'cs_external_id',
      label: 'External id',
      type: PropertyCreateTypeEnum.String,
      fieldType: PropertyCreateFieldTypeEnum.Text,
      groupName: 'companyinformation',
      hasUniqueValue: true,
    });
    const upserted = await client.crm.companies.batchApi.upsert({
      inputs: [{ id: 'ext-1', idProperty: 'cs_external_id', properties: { name: 'Upserted' } }],
    });
    expect(upserted.results[0]).toMatchObject({
      _new: true,
      properties: { name: 'Upserted', cs_external_id: 'ext-1' },
    });
    const again = await client.crm.companies.batchApi.upsert({
      inputs: [{ id: 'ext-1', idProperty: 'cs_external_id', properties: { name: 'Renamed' } }],
    });
    expect(again.results[0]).toMatchObject({
      _new: false,
      id: upserted.results[0]?.id,
      properties: { name: 'Renamed' },
    });
  });

  it('answers 207 with errors when some ids of a batch read do not exist', async () => {
    const { client } = await startHarness({ fixture: fixture({ companies: companies(1) }) });
    const read = await client.crm.companies.batchApi.read({
      inputs: [{ id: '1' }, { id: '404' }],
      properties: [],
      propertiesWithHistory: [],
    });
    expect(read.results).toHaveLength(1);
    expect('errors' in read ? read.errors : undefined).toEqual([
      expect.objectContaining({ status: 'error', category: 'OBJECT_NOT_FOUND', context: { ids: ['404'] } }),
    ]);
  });

  it.each(['read', 'create', 'update', 'archive'] as const)(
    'refuses a %s batch of more than 100 inputs with a 400',
    async (operation) => {
      const { client } = await startHarness();
      const ids = Array.from({ length: 101 }, (_unused, index) => ({ id: String(index + 1) }));
      const calls = {
        read: () => client.crm.companies.batchApi.read({ inputs: ids, properties: [], propertiesWithHistory: [] }),
        create: () =>
          client.crm.companies.batchApi.create({
            inputs: ids.map(() => ({ properties: { name: 'x' }, associations: [] })),
          }),
        update: () =>
          client.crm.companies.batchApi.update({ inputs: ids.map(({ id }) => ({ id, properties: { name: 'x' } })) }),
        archive: () => client.crm.companies.batchApi.archive({ inputs: ids }),
      };
      const refused = await failure(calls[operation]());
      expect(refused.code).toBe(400);
      expect(refused.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    },
  );
});
