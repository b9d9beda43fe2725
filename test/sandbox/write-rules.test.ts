import {
  PropertyCreateFieldTypeEnum as FieldType,
  PropertyCreateTypeEnum as Type,
} from '@hubspot/api-client/lib/codegen/crm/properties';
import { describe, expect, it } from 'vitest';
import { failure, fixture, startHarness } from './sandbox-harness';

const seed = fixture({
  companies: [
    { id: '1', properties: { name: 'Acme' } },
    { id: '2', properties: { name: 'Globex' } },
  ],
});

describe('write rules the sandbox keeps as HubSpot does', () => {
  it('refuses a batch that names one id twice, changing nothing', async () => {
    const { client, sandbox } = await startHarness({ fixture: seed });
    const refused = await failure(
      client.crm.companies.batchApi.update({
        inputs: [
          { id: '1', properties: { city: 'Osaka' } },
          { id: '2', properties: { city: 'Kyoto' } },
          { id: '1', properties: { city: 'Nara' } },
        ],
      }),
    );
    expect(refused.code).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/Duplicate IDs found in batch input: \[1\]/);
    expect(sandbox.store.objects.get('companies', '2')?.properties.city ?? null).toBeNull();
  });

  it('refuses a task or note without hs_timestamp, also within a batch, creating none', async () => {
    const { client, sandbox } = await startHarness({ fixture: seed });
    const single = await failure(
      client.crm.objects.tasks.basicApi.create({ properties: { hs_task_subject: 'Call' }, associations: [] }),
    );
    expect(single.code).toBe(400);
    const batch = await failure(
      client.crm.objects.notes.batchApi.create({
        inputs: [
          { properties: { hs_note_body: 'a', hs_timestamp: '2026-03-01T00:00:00Z' }, associations: [] },
          { properties: { hs_note_body: 'b' }, associations: [] },
        ],
      }),
    );
    expect(batch.code).toBe(400);
    expect(JSON.stringify(batch.body)).toMatch(/hs_timestamp/);
    expect(sandbox.store.objects.list('notes')).toEqual([]);
    expect(sandbox.store.objects.list('tasks')).toEqual([]);
  });

  it("refuses a property whose field type does not fit its type, as HubSpot's table of them says", async () => {
    const { client } = await startHarness({ fixture: seed });
    const refused = await failure(
      client.crm.properties.coreApi.create('companies', {
        name: 'seats_band',
        label: 'Seats band',
        type: Type.Number,
        fieldType: FieldType.Select,
        groupName: 'companyinformation',
      }),
    );
    expect(refused.code).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/Invalid fieldType select for a property of type number/);
  });
});
