import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { listContracts } from '../../src/db/repositories/contracts-repository';
import { findHandoff } from '../../src/db/repositories/handoff-repository';
import { customerSuccessGroup, writeBackPropertyNames } from '../../src/hubspot/writeback/property-definitions';
import { fixtureSchema } from '../../src/sandbox/fixture-schema';
import { hubspotSignatureV3 } from '../../src/sandbox/webhook-delivery';
import { databaseTargets } from '../support/databases';
import { waitUntil } from '../support/wait-until';
import { startInProcessService, type InProcessService } from './support/in-process-service';
import { countRows, selectRows } from './support/row-counts';
import { ifStarted } from '../support/if-started';

const fixture = fixtureSchema.parse(
  JSON.parse(readFileSync(new URL('../fixtures/small-portfolio.json', import.meta.url), 'utf8')),
);
const clientSecret = 'acceptance-client-secret';
// Fir Manufacturing UK Ltd, a prospect, and its open deal: contract sent, with MRR, seats and product filled in.
const companyId = '1007';
const dealId = '2012';
const openDeal = fixture.deals.find((deal) => deal.id === dealId);

interface CapturedRequest {
  readonly body: string;
  readonly headers: Record<string, string>;
}

function signedNow(url: string, body: string, { secret = clientSecret, timestamp = Date.now() } = {}): CapturedRequest {
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature-v3': hubspotSignatureV3(secret, 'POST', url, body, String(timestamp)),
      'x-hubspot-request-timestamp': String(timestamp),
    },
  };
}

describe.each(databaseTargets)(
  'hand-off end to end, the sandbox posting signed webhooks to the service, on $name',
  (target) => {
    let handle: DatabaseHandle;
    let service: InProcessService;
    let fetchSpy: MockInstance<typeof fetch>;

    beforeAll(async () => {
      handle = await target.open();
      service = await startInProcessService(handle, fixture, clientSecret);
      // Watches (and passes on) what the sandbox posts, so the exact signed delivery can be sent again.
      fetchSpy = vi.spyOn(globalThis, 'fetch');
    }, 120_000);
    afterAll(async () => {
      ifStarted(fetchSpy)?.mockRestore();
      await ifStarted(service)?.close();
      await ifStarted(handle)?.close();
    });

    const post = async (request: CapturedRequest) => {
      const response = await fetch(service.webhookUrl, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      });
      return { status: response.status, body: (await response.json()) as unknown };
    };
    const settled = (what: string) =>
      waitUntil(async () => (await service.quiet()) && (await service.quiet()), what, 90_000);
    const jobCounts = async () => Object.fromEntries((await service.jobs.status()).map((kind) => [kind.name, kind]));
    const associated = async (toType: 'tasks' | 'notes') =>
      (await service.hubspot.crm.associations.v4.basicApi.getPage('companies', companyId, toType)).results.map(
        (result) => result.toObjectId,
      );
    const csValues = async () =>
      (await service.hubspot.crm.companies.basicApi.getById(companyId, [...writeBackPropertyNames])).properties;
    const handoffRows = () =>
      selectRows<Record<string, unknown>>(
        handle.db,
        sql`
    select h.*, e.kind, e.hubspot_id, e.content_hash, e.updated_at as engagement_updated_at
    from handoffs h join handoff_engagements e on e.portal_id = h.portal_id and e.deal_id = h.deal_id
    where h.portal_id = ${service.portalId} order by e.kind`,
      );

    it('moving a deal to closed won gives one onboarding record, one task, one note and the cs_* values; the same batch three times more changes nothing', async () => {
      expect(openDeal?.properties.dealstage).toBe('contractsent');
      expect(await associated('tasks')).toEqual([]);
      expect(await associated('notes')).toEqual([]);
      const today = new Date().toISOString().slice(0, 10);

      // The sales rep closes the deal in HubSpot, filling in the contract start as they do.
      await service.hubspot.crm.deals.basicApi.update(dealId, {
        properties: { dealstage: 'closedwon', cs_contract_start: today },
      });
      await waitUntil(
        async () => ((await jobCounts())['writeback.companies']?.completed ?? 0) > 0,
        'the hand-off wrote back',
        90_000,
      );
      await settled('the webhook, hand-off and write-back chain has finished');

      const [onboarding] = await selectRows<{ count: number }>(
        handle.db,
        sql`
      select count(*)::int as count from onboarding_records where portal_id = ${service.portalId} and company_id = ${companyId}`,
      );
      expect(onboarding?.count).toBe(1);
      const handoff = await findHandoff(handle.db, service.portalId, dealId);
      expect(handoff).toMatchObject({ companyId, incomplete: false });
      const csmOwnerId = handoff?.csmOwnerId;
      expect(fixture.owners.map((owner) => owner.id)).toContain(csmOwnerId);

      const tasks = await associated('tasks');
      const notes = await associated('notes');
      expect(tasks).toHaveLength(1);
      expect(notes).toHaveLength(1);
      const task = await service.hubspot.crm.objects.tasks.basicApi.getById(
        tasks[0] ?? '',
        ['hubspot_owner_id', 'hs_task_subject'],
        undefined,
        ['deals'],
      );
      expect(task.properties.hubspot_owner_id).toBe(csmOwnerId);
      expect(task.associations?.deals?.results.map((result) => result.id)).toEqual([dealId]);
      const note = await service.hubspot.crm.objects.notes.basicApi.getById(notes[0] ?? '', ['hs_note_body']);
      expect(note.properties.hs_note_body).toContain(openDeal?.properties.dealname);

      for (const name of writeBackPropertyNames) {
        expect((await service.hubspot.crm.properties.coreApi.getByName('companies', name)).groupName).toBe(
          customerSuccessGroup.name,
        );
      }
      const contract = (await listContracts(handle.db, service.portalId, companyId)).find(
        (row) => row.dealId === dealId,
      );
      expect(contract?.startDate).toBe(today);
      const values = await csValues();
      expect(values.cs_onboarding_stage).toBe('introduction');
      expect(Number(values.cs_mrr)).toBe(Number(openDeal?.properties.cs_mrr));
      expect(values.cs_csm).toBe(csmOwnerId);
      expect(values.cs_renewal_date).toBe(contract?.endDate);
      expect(Date.parse(values.cs_last_computed_at ?? '')).not.toBeNaN();

      // The batch that carried the stage change, exactly as the sandbox signed and sent it.
      const deliveries = fetchSpy.mock.calls
        .filter(([url]) => (url instanceof Request ? url.url : url.toString()) === service.webhookUrl)
        .map(([, init]) => ({
          body: typeof init?.body === 'string' ? init.body : '',
          headers: Object.fromEntries(new Headers(init?.headers).entries()),
        }));
      const stageBatch = deliveries.find((request) =>
        (JSON.parse(request.body) as Array<Record<string, unknown>>).some(
          (event) => event.propertyName === 'dealstage' && String(event.objectId) === dealId,
        ),
      );
      if (!stageBatch) throw new Error('the sandbox sent no batch with the stage change');

      const rowsBefore = await countRows(handle.db, service.portalId);
      const handoffBefore = await handoffRows();
      const jobsBefore = await jobCounts();
      service.sandbox.resetCalls();
      // HubSpot's retries carry the same events with the next attempt number, signed again with a fresh timestamp.
      const retried = (attempt: number) =>
        signedNow(
          service.webhookUrl,
          JSON.stringify(
            (JSON.parse(stageBatch.body) as Array<Record<string, unknown>>).map((event) => ({
              ...event,
              attemptNumber: attempt,
            })),
          ),
        );
      for (const request of [stageBatch, retried(1), retried(2)]) {
        expect(await post(request)).toMatchObject({ status: 200, body: { stored: 0 } });
      }
      await settled('the redeliveries were worked');

      // Processing the redeliveries found nothing to do: no HubSpot call at all, no hand-off or write-back job.
      expect(service.sandbox.calls().total).toBe(0);
      const { jobs: _jobsBefore, ...tablesBefore } = rowsBefore;
      const { jobs: _jobsAfter, ...tablesAfter } = await countRows(handle.db, service.portalId);
      expect(tablesAfter).toEqual(tablesBefore);
      const jobsAfter = await jobCounts();
      for (const kind of ['handoff.deal', 'writeback.companies'] as const)
        expect(jobsAfter[kind]).toEqual(jobsBefore[kind]);
      expect(await handoffRows()).toEqual(handoffBefore);
      expect(await associated('tasks')).toEqual(tasks);
      expect(await associated('notes')).toEqual(notes);
      expect(await csValues()).toEqual(values);
    }, 180_000);

    it('answers a bad signature and a stale timestamp with 401 and a malformed body with 400, writing nothing', async () => {
      const body = JSON.stringify([
        {
          eventId: 990_001,
          subscriptionId: 1,
          portalId: service.portalId,
          appId: 1,
          occurredAt: Date.now(),
          attemptNumber: 0,
          subscriptionType: 'object.propertyChange',
          objectTypeId: '0-3',
          objectId: 2013,
          propertyName: 'dealstage',
          propertyValue: 'closedwon',
        },
      ]);
      const before = await countRows(handle.db, service.portalId);

      const wrongSecret = await post(signedNow(service.webhookUrl, body, { secret: 'not-the-client-secret' }));
      expect(wrongSecret).toMatchObject({
        status: 401,
        body: { error: { code: 'unauthorized', message: 'Invalid HubSpot signature' } },
      });
      const sixMinutesOld = await post(signedNow(service.webhookUrl, body, { timestamp: Date.now() - 6 * 60_000 }));
      expect(sixMinutesOld).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
      expect(JSON.stringify(sixMinutesOld.body)).toMatch(/timestamp/i);
      const malformed = await post(signedNow(service.webhookUrl, body.slice(0, -5)));
      expect(malformed).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } });

      await settled('nothing was started');
      expect(await countRows(handle.db, service.portalId)).toEqual(before);
    }, 60_000);
  },
);
