import {
  PropertyCreateFieldTypeEnum as FieldType,
  PropertyCreateTypeEnum as Type,
} from '@hubspot/api-client/lib/codegen/crm/properties';
import { describe, expect, it } from 'vitest';
import { failure, fixture, startHarness } from './sandbox-harness';

const customProperties: [string, Type, FieldType][] = [
  ['kickoff_day', Type.Date, FieldType.Date],
  ['kickoff_at', Type.Datetime, FieldType.Date],
  ['seats_bought', Type.Number, FieldType.Number],
  ['is_strategic', Type.Bool, FieldType.Booleancheckbox],
  ['success_plan', Type.Enumeration, FieldType.Select],
  ['modules_live', Type.Enumeration, FieldType.Checkbox],
];

async function portal() {
  const harness = await startHarness({ fixture: fixture({ companies: [{ id: '1', properties: { name: 'Acme' } }] }) });
  for (const [name, type, fieldType] of customProperties) {
    const options =
      type === Type.Bool
        ? [
            { label: 'Yes', value: 'true', displayOrder: 0, hidden: false },
            { label: 'No', value: 'false', displayOrder: 1, hidden: false },
          ]
        : type === Type.Enumeration
          ? ['basic', 'premium', 'crm', 'billing'].map((value, index) => ({
              label: value,
              value,
              displayOrder: index,
              hidden: false,
            }))
          : [];
    await harness.client.crm.properties.coreApi.create('companies', {
      name,
      label: name,
      type,
      fieldType,
      groupName: 'companyinformation',
      options,
    });
  }
  return harness;
}

async function rejection(client: Awaited<ReturnType<typeof portal>>['client'], name: string, value: string) {
  const { code, body } = await failure(client.crm.companies.basicApi.update('1', { properties: { [name]: value } }));
  const { errors } = body as { errors: { code: string; message: string }[] };
  return { code, error: errors[0]?.code, message: errors[0]?.message };
}

describe('property values, checked as strictly as HubSpot checks them', () => {
  it('takes a date property only at midnight UTC, as HubSpot documents, and a datetime only as epoch ms or ISO-8601', async () => {
    const { client } = await portal();
    await client.crm.companies.basicApi.update('1', {
      properties: { kickoff_day: '2026-03-02', kickoff_at: '2026-03-02T14:30:00.000Z' },
    });
    await client.crm.companies.basicApi.update('1', { properties: { kickoff_day: String(Date.UTC(2026, 2, 3)) } });
    const read = await client.crm.companies.basicApi.getById('1', ['kickoff_day', 'kickoff_at']);
    expect(read.properties).toMatchObject({ kickoff_day: '2026-03-03', kickoff_at: '2026-03-02T14:30:00.000Z' });

    expect(await rejection(client, 'kickoff_day', String(Date.UTC(2026, 2, 3, 14, 40)))).toEqual({
      code: 400,
      error: 'INVALID_DATE',
      message: `${Date.UTC(2026, 2, 3, 14, 40)} is at 14:40:0.0 UTC, not midnight!`,
    });
    expect((await rejection(client, 'kickoff_day', '2026-03-03T09:00:00Z')).error).toBe('INVALID_DATE');
    for (const loose of ['March 3, 2026', '3/3/2026', '2026-03-03 09:00']) {
      expect((await rejection(client, 'kickoff_at', loose)).error).toBe('INVALID_DATE');
    }
  });

  it('takes a plain decimal for a number, without spaces, separators, hex or infinity', async () => {
    const { client } = await portal();
    for (const good of ['12', '-3.5', '0.25', '1e3']) {
      await client.crm.companies.basicApi.update('1', { properties: { seats_bought: good } });
    }
    for (const bad of [' 12', '1,000', '0x10', 'Infinity', '12 seats']) {
      expect((await rejection(client, 'seats_bought', bad)).error).toBe('INVALID_DOUBLE');
    }
  });

  it('takes only true or false for a boolean, rather than reading any other text as false', async () => {
    const { client } = await portal();
    await client.crm.companies.basicApi.update('1', { properties: { is_strategic: 'true' } });
    for (const bad of ['yes', 'TRUE', '1']) {
      expect((await rejection(client, 'is_strategic', bad)).error).toBe('INVALID_OPTION');
    }
    const read = await client.crm.companies.basicApi.getById('1', ['is_strategic']);
    expect(read.properties.is_strategic).toBe('true');
  });

  it('splits values at semicolons only for a checkbox property: a single select takes one option', async () => {
    const { client } = await portal();
    await client.crm.companies.basicApi.update('1', {
      properties: { modules_live: 'crm;billing', success_plan: 'premium' },
    });
    expect(await rejection(client, 'success_plan', 'basic;premium')).toMatchObject({
      error: 'INVALID_OPTION',
      message: expect.stringMatching(/^basic;premium was not one of the allowed options/),
    });
    expect((await rejection(client, 'modules_live', 'crm;payroll')).error).toBe('INVALID_OPTION');
  });
});
