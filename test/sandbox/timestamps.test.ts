import { describe, expect, it } from 'vitest';
import { fixture, startHarness } from './sandbox-harness';

const isoWithMilliseconds = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const seed = fixture({
  companies: [
    {
      id: '1',
      properties: { name: 'Seeded' },
      createdAt: '2024-03-01T09:30:00Z',
      updatedAt: '2024-06-01T10:00:00+02:00',
    },
    { id: '2', properties: { name: 'Seeded without instants' } },
  ],
  deals: [{ id: '50', properties: { dealname: 'Deal', createdate: '2023-11-20T08:00:00Z' }, companyIds: ['1'] }],
});

describe('sandbox timestamps', () => {
  it("writes seeded, created and updated records' instants as ISO with milliseconds, createdAt matching createdate", async () => {
    const { client } = await startHarness({ fixture: seed });
    const seeded = await client.apiRequest({
      method: 'GET',
      path: '/crm/v3/objects/companies/1',
      qs: { properties: 'createdate,hs_lastmodifieddate' },
    });
    const body = await seeded.json();
    expect(body).toMatchObject({
      createdAt: '2024-03-01T09:30:00.000Z',
      updatedAt: '2024-06-01T08:00:00.000Z',
      properties: { createdate: '2024-03-01T09:30:00.000Z', hs_lastmodifieddate: '2024-06-01T08:00:00.000Z' },
    });
    const deal = await (
      await client.apiRequest({ method: 'GET', path: '/crm/v3/objects/deals/50', qs: { properties: 'createdate' } })
    ).json();
    expect(deal).toMatchObject({
      createdAt: '2023-11-20T08:00:00.000Z',
      properties: { createdate: '2023-11-20T08:00:00.000Z' },
    });

    const created = await (
      await client.apiRequest({
        method: 'POST',
        path: '/crm/v3/objects/companies',
        body: { properties: { name: 'New' } },
      })
    ).json();
    const updated = await (
      await client.apiRequest({
        method: 'PATCH',
        path: '/crm/v3/objects/companies/2',
        body: { properties: { name: 'Renamed' } },
      })
    ).json();
    const unseeded = await (
      await client.apiRequest({
        method: 'GET',
        path: '/crm/v3/objects/companies/2',
        qs: { properties: 'createdate,hs_lastmodifieddate' },
      })
    ).json();
    for (const record of [body, deal, created, updated, unseeded]) {
      expect(record.createdAt).toMatch(isoWithMilliseconds);
      expect(record.updatedAt).toMatch(isoWithMilliseconds);
    }
    expect(unseeded.properties.createdate).toMatch(isoWithMilliseconds);
    expect(unseeded.properties.hs_lastmodifieddate).toMatch(isoWithMilliseconds);
  });

  it("dates pipelines and stages at the portal's start, before its oldest record, not in 1970", async () => {
    const { client } = await startHarness({ fixture: seed });
    const pipelines = await client.crm.pipelines.pipelinesApi.getAll('deals');
    const stages = pipelines.results.flatMap((pipeline) => [pipeline, ...pipeline.stages]);
    expect(stages.length).toBeGreaterThan(1);
    for (const dated of stages) {
      expect(dated.createdAt.toISOString()).toBe('2023-11-19T08:00:00.000Z');
      expect(dated.updatedAt.toISOString()).toBe('2023-11-19T08:00:00.000Z');
    }
    const stage = await client.crm.pipelines.pipelineStagesApi.getById('deals', 'default', 'closedwon');
    expect(stage.createdAt.toISOString()).toBe('2023-11-19T08:00:00.000Z');

    const empty = await startHarness({ fixture: fixture() });
    const [first] = (await empty.client.crm.pipelines.pipelinesApi.getAll('deals')).results;
    expect(Math.abs((first?.createdAt.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });
});
