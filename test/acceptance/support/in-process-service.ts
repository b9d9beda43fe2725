import { createServer, type Server } from 'node:http';
import { Client } from '@hubspot/api-client';
import { createLogger } from '../../../src/config/logger';
import type { DatabaseHandle } from '../../../src/db/client';
import { countWebhookEvents } from '../../../src/db/repositories/webhook-events-repository';
import { createApp } from '../../../src/http/app';
import { featureModules } from '../../../src/http/feature-modules';
import { webhookPath } from '../../../src/http/routes/webhook-routes';
import { createHubSpotClient, type HubSpotConnection } from '../../../src/hubspot/client';
import { fetchPortalDetails } from '../../../src/hubspot/portal-details';
import { runFullSync } from '../../../src/services/sync/full-sync';
import { ensureCustomerSuccessProperties } from '../../../src/hubspot/properties/ensure-properties';
import { serviceJobHandlers } from '../../../src/jobs/service-job-handlers';
import { startJobQueue, type RunningJobQueue } from '../../../src/jobs/start-job-queue';
import type { Fixture } from '../../../src/sandbox/fixture-schema';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../../src/sandbox/server';
import type { WebhookDelivery } from '../../../src/sandbox/webhook-delivery';
import { subscriptionsFromAppConfig } from '../../../src/cli/webhook-subscriptions';

export const logger = createLogger('silent');

export interface InProcessService {
  readonly portalId: number;
  readonly sandbox: Sandbox;
  readonly delivery: WebhookDelivery;
  /** A HubSpot user's view of the sandbox: the official client, unpaced. */
  readonly hubspot: Client;
  readonly webhookUrl: string;
  readonly jobs: RunningJobQueue;
  /** True once no webhook is on its way, no job waits or runs and every stored event is processed. */
  quiet(): Promise<boolean>;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/**
 * The service as `npm start` wires it, in this process: full sync, the Customer Success properties ensured,
 * the durable queue with the service's job handlers, the HTTP app with its feature modules, and the sandbox
 * posting signed webhooks for its changes to the service's URL.
 */
export async function startInProcessService(
  handle: DatabaseHandle,
  fixture: Fixture,
  clientSecret: string,
): Promise<InProcessService> {
  const sandbox = createSandbox({ fixture, rateLimit: false });
  const sandboxServer: RunningSandbox = await sandbox.start(0);
  const connection: HubSpotConnection = {
    accessToken: 'sandbox-token',
    baseUrl: sandboxServer.url,
    requestsPer10Seconds: 10_000,
  };
  const serviceClient = createHubSpotClient(connection);
  const portal = await fetchPortalDetails(serviceClient);
  await runFullSync({ client: serviceClient, db: handle.db, portal });
  await ensureCustomerSuccessProperties(serviceClient, logger);
  const jobs = await startJobQueue({
    database: handle,
    logger,
    handlers: (queue) =>
      serviceJobHandlers({
        db: handle.db,
        logger,
        jobs: queue,
        hubspotClient: () => Promise.resolve(serviceClient),
        playbookEvaluationDelaySeconds: 1,
      }),
    tuning: { pollingIntervalSeconds: 0.5, stopTimeoutMilliseconds: 10_000 },
  });
  // HubSpot signs the URL it posts to, so the service must know its own address before it answers.
  const server = createServer();
  const serviceUrl = await listen(server);
  const modules = featureModules({
    hubspotConnection: connection,
    clientSecret,
    publicUrl: serviceUrl,
    preview: false,
    jobs,
  });
  server.on('request', createApp({ apiAuth: 'open', db: handle.db, logger, portalId: portal.id, modules }));
  const webhookUrl = `${serviceUrl}${webhookPath}`;
  const delivery = sandbox.deliverWebhooks({
    targetUrl: webhookUrl,
    clientSecret,
    subscriptions: subscriptionsFromAppConfig(),
    timeScale: 1e-3,
  });
  return {
    portalId: portal.id,
    sandbox,
    delivery,
    hubspot: new Client({ accessToken: 'user-token', basePath: sandboxServer.url }),
    webhookUrl,
    jobs,
    async quiet() {
      await delivery.idle();
      const busy = (await jobs.status()).some((kind) => kind.waiting + kind.retrying + kind.active > 0);
      return !busy && (await countWebhookEvents(handle.db, portal.id)).pending === 0;
    },
    async close() {
      await jobs.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sandboxServer.close();
    },
  };
}
