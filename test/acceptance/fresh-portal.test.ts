import { createServer } from 'node:http';
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardActionPaths, companyHealthCardPayloadSchema } from '../../extensions/app/cards/shared/card-payload';
import type { DatabaseHandle } from '../../src/db/client';
import { countWebhookEvents } from '../../src/db/repositories/webhook-events-repository';
import { createApp } from '../../src/http/app';
import { webhookModule, webhookPath } from '../../src/http/routes/webhook-routes';
import { previewApiPath, previewModule } from '../../src/http/routes/preview-routes';
import { createHubSpotClient, type HubSpotConnection } from '../../src/hubspot/client';
import { fetchPortalDetails } from '../../src/hubspot/portal-details';
import { runIncrementalSync } from '../../src/services/sync/incremental-sync';
import { startJobQueue, type RunningJobQueue } from '../../src/jobs/start-job-queue';
import { serviceJobHandlers } from '../../src/jobs/service-job-handlers';
import type { RecordedRequest } from '../../src/sandbox/call-counter';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../src/sandbox/server';
import type { WebhookDelivery } from '../../src/sandbox/webhook-delivery';
import { recomputeHealth } from '../../src/services/customer-success/recompute-health';
import { ingestUsage } from '../card/card-seed';
import { databaseTargets } from '../support/databases';
import { propertySnapshot, requestViolations } from '../support/hubspot-request-rules';
import { waitUntil } from '../support/wait-until';
import { daysAgo, freshCompanyId, freshDealId, freshPortal, freshPortalId } from './support/fresh-portal';
import { logger } from './support/in-process-service';
import { subscriptionsFromAppConfig } from '../../src/cli/webhook-subscriptions';
import { ifStarted } from '../support/if-started';

const clientSecret = 'fresh-portal-client-secret';

describe.each(databaseTargets)("a fresh portal with only HubSpot's own properties, end to end, on $name", (target) => {
  let handle: DatabaseHandle;
  let sandbox: Sandbox;
  let sandboxServer: RunningSandbox;
  let jobs: RunningJobQueue;
  let serviceUrl: string;
  let closeService: () => Promise<void>;
  let initialProperties: ReturnType<typeof propertySnapshot>;
  let requests: RecordedRequest[] = [];
  let createdDealId = '';

  let delivery: WebhookDelivery;
  const quiet = async () => {
    await delivery.idle();
    const idle = (await jobs.status()).every((kind) => kind.waiting + kind.retrying + kind.active === 0);
    return idle && (await countWebhookEvents(handle.db, freshPortalId)).pending === 0;
  };
  const settled = (what: string) => waitUntil(async () => (await quiet()) && (await quiet()), what, 90_000);

  beforeAll(async () => {
    handle = await target.open();
    sandbox = createSandbox({ fixture: freshPortal(), rateLimit: false, recordRequests: true });
    initialProperties = propertySnapshot(sandbox.store);
    sandboxServer = await sandbox.start(0);
    const connection: HubSpotConnection = {
      accessToken: 'sandbox-token',
      baseUrl: sandboxServer.url,
      requestsPer10Seconds: 10_000,
    };
    const client = createHubSpotClient(connection);
    jobs = await startJobQueue({
      database: handle,
      logger,
      handlers: (queue) =>
        serviceJobHandlers({
          db: handle.db,
          logger,
          jobs: queue,
          hubspotClient: () => Promise.resolve(client),
          playbookEvaluationDelaySeconds: 1,
        }),
      tuning: { pollingIntervalSeconds: 0.5, stopTimeoutMilliseconds: 10_000 },
    });
    // HubSpot signs the URL it posts webhooks to, so the service must know its own address before it answers.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    serviceUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const modules = [
      webhookModule({ clientSecret, publicUrl: serviceUrl, jobs }),
      previewModule({ enabled: true, warmUp: false, hubspotConnection: connection }),
    ];
    server.on('request', createApp({ apiAuth: 'open', db: handle.db, logger, portalId: freshPortalId, modules }));
    delivery = sandbox.deliverWebhooks({
      targetUrl: `${serviceUrl}${webhookPath}`,
      clientSecret,
      subscriptions: subscriptionsFromAppConfig(),
      timeScale: 1e-3,
    });
    closeService = async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    };
    const rep = new Client({ accessToken: 'rep-token', basePath: sandboxServer.url });

    // Install: the properties, the full sync (with feedback), the first scores and their write-back.
    await jobs.send('sync.full', { portalId: freshPortalId });
    await settled('the install sync');
    // The rep closes the deal, filling in the contract fields the app created; the customer's users are busy.
    await rep.crm.deals.basicApi.update(freshDealId, {
      properties: {
        dealstage: 'closedwon',
        cs_contract_start: daysAgo(40),
        cs_seats: '2',
        cs_product: 'core',
        cs_term_months: '12',
        cs_mrr: '200',
        cs_deal_kind: 'new',
      },
    });
    await ingestUsage(
      handle.db,
      freshPortalId,
      'UTC',
      Array.from({ length: 20 }, (_, day) =>
        ['u1', 'u2', 'u3'].map((userId) => ({
          messageId: `${day}-${userId}`,
          companyId: freshCompanyId,
          userId,
          event: 'report_viewed',
          occurredAt: Date.parse(`${daysAgo(day)}T08:00:00Z`),
          sessionId: `${day}-${userId}`,
          durationSeconds: 60,
          properties: {},
        })),
      ).flat(),
    );
    // The webhook of the change hands the deal off; the incremental sync, the safety net, runs as scheduled.
    await settled('the hand-off');
    // The incremental sync, the webhooks' safety net; without its usual lag, so it sees the changes just made.
    const incrementalSync = async () =>
      runIncrementalSync({
        client,
        db: handle.db,
        portal: await fetchPortalDetails(client),
        logger,
        lagMilliseconds: 0,
        onDealsClosedWon: async (portalId, dealIds) => {
          for (const dealId of dealIds) await jobs.send('handoff.deal', { portalId, dealId });
        },
      });
    await incrementalSync();
    await settled('the incremental sync');
    await recomputeHealth(handle.db, freshPortalId, daysAgo(0));
    await jobs.send('writeback.companies', { portalId: freshPortalId });
    await settled('the write-back of the scores');

    const card = async (path = '', body?: unknown) => {
      const response = await fetch(
        `${serviceUrl}${previewApiPath}${path}${body ? '' : `?companyId=${freshCompanyId}`}`,
        body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {},
      );
      expect(response.status, await response.clone().text()).toBe(200);
      return companyHealthCardPayloadSchema.parse(await response.json());
    };
    // Suggestions wait for onboarding: the CSM ticks the milestones off on the card, then the daily scores run.
    for (const milestone of (await card()).onboarding?.milestones ?? []) {
      await card(cardActionPaths.completeMilestone, { companyId: freshCompanyId, milestoneKey: milestone.key });
    }
    await recomputeHealth(handle.db, freshPortalId, daysAgo(0));
    const suggestion = (await card()).suggestions.items[0];
    if (!suggestion)
      throw new Error(`the busy customer got no suggestion to create a deal from: ${JSON.stringify(await card())}`);
    const after = await card(cardActionPaths.createSuggestedDeal, {
      companyId: freshCompanyId,
      suggestionId: suggestion.id,
    });
    createdDealId = after.suggestions.items.find((item) => item.id === suggestion.id)?.createdDealId ?? '';
    await incrementalSync();
    await settled('the incremental sync after the card action');
    requests = sandbox.requests();
  }, 240_000);

  afterAll(async () => {
    ifStarted(delivery)?.stop();
    await ifStarted(jobs)?.stop();
    await ifStarted(closeService)?.();
    await ifStarted(sandboxServer)?.close();
    await ifStarted(handle)?.close();
  });

  it('syncs, hands off, writes back and creates the suggested deal with no 4xx: the app created every property it needed', () => {
    const failed = requests
      .filter((request) => request.status >= 400)
      .map((request) => `${request.key} -> ${request.status}`);
    expect(failed).toEqual([]);
    const created = requests.filter((request) =>
      /^POST \/crm\/v3\/properties\/(companies|deals)$/.test(request.key),
    ).length;
    expect(created).toBeGreaterThanOrEqual(9);
    const company = sandbox.store.objects.get('companies', freshCompanyId)?.properties;
    expect(company).toMatchObject({ cs_onboarding_stage: 'introduction', cs_mrr: '200.00' });
    expect(createdDealId).not.toBe('');
    expect(sandbox.store.objects.get('deals', createdDealId)?.properties).toMatchObject({
      pipeline: 'default',
      dealstage: 'appointmentscheduled',
      cs_deal_kind: 'upsell',
      cs_product: 'core',
    });
  });

  it('sends only requests HubSpot takes: existing properties, valid enumerations, batch and page sizes, search bodies', () => {
    const kinds = new Set(requests.map((request) => request.key));
    for (const call of [
      'POST /crm/v3/objects/companies/search',
      'POST /crm/v3/objects/deals/batch/read',
      'POST /crm/v3/objects/companies/batch/update',
      'POST /crm/v3/objects/deals',
      'POST /crm/v3/objects/tasks',
      'GET /crm/v3/objects/feedback_submissions',
    ])
      expect(kinds).toContain(call);
    expect(requestViolations(requests, sandbox.store, initialProperties)).toEqual([]);
  });
});
