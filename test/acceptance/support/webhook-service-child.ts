// The service for the kill test, started as start.ts starts it (full sync, properties ensured, the job queue with the
// service's handlers). With --receive it takes the signed webhooks until --events are stored and only then works them;
// without, it is the restart and works whatever is left. Prints its progress.
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { openConfiguredDatabase } from '../../../src/cli/runtime';
import { parseEnv } from '../../../src/config/env';
import { createLogger } from '../../../src/config/logger';
import { listUnnotifiedClosedWonDeals } from '../../../src/db/repositories/closed-won-transitions-repository';
import { countWebhookEvents } from '../../../src/db/repositories/webhook-events-repository';
import { createApp } from '../../../src/http/app';
import { featureModules } from '../../../src/http/feature-modules';
import { webhookPath } from '../../../src/http/routes/webhook-routes';
import { createHubSpotClient, type HubSpotConnection } from '../../../src/hubspot/client';
import { fetchPortalDetails } from '../../../src/hubspot/portal-details';
import { runFullSync } from '../../../src/services/sync/full-sync';
import { ensureCustomerSuccessProperties } from '../../../src/hubspot/properties/ensure-properties';
import { serviceJobHandlers } from '../../../src/jobs/service-job-handlers';
import { startJobQueue, type QueueTuning } from '../../../src/jobs/start-job-queue';

const { values } = parseArgs({ options: { events: { type: 'string' }, receive: { type: 'boolean', default: false } } });
const expected = Number(values.events);
const env = parseEnv();
const logger = createLogger(env.LOG_LEVEL);
const startedAt = Date.now();
const say = (line: string) => process.stdout.write(`${line} (${Date.now() - startedAt} ms)\n`);
if (!env.HUBSPOT_BASE_URL || !env.HUBSPOT_CLIENT_SECRET)
  throw new Error('HUBSPOT_BASE_URL and HUBSPOT_CLIENT_SECRET are required');

const database = await openConfiguredDatabase(env);
const { db } = database;
const connection: HubSpotConnection = {
  accessToken: 'sandbox-token',
  baseUrl: env.HUBSPOT_BASE_URL,
  requestsPer10Seconds: env.HUBSPOT_RATE_LIMIT_PER_10S ?? 190,
};
const client = createHubSpotClient(connection);
const portal = await fetchPortalDetails(client, { logger });
// As start.ts tunes the queue from JOBS_EXPIRE_IN_SECONDS; a shorter poll only makes the test quicker.
const expireInSeconds = env.JOBS_EXPIRE_IN_SECONDS ?? 60;
const tuning: QueueTuning = {
  pollingIntervalSeconds: 0.5,
  expireInSeconds,
  maintenanceIntervalSeconds: Math.max(1, Math.floor(expireInSeconds / 2)),
};
const processed = async () => {
  const counts = await countWebhookEvents(db, portal.id);
  return { ...counts, processed: counts.total - counts.pending };
};

await runFullSync({ client, db, portal, logger });
await ensureCustomerSuccessProperties(client, logger);
if (values.receive) {
  // Taking webhooks needs the queue only to send: nothing is worked until every event is stored.
  const sender = await startJobQueue({ database, logger, tuning });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const modules = featureModules({
    hubspotConnection: connection,
    clientSecret: env.HUBSPOT_CLIENT_SECRET,
    publicUrl: url,
    preview: false,
    jobs: sender,
  });
  server.on('request', createApp({ apiAuth: 'open', db, logger, portalId: portal.id, modules }));
  say(`listening ${url}${webhookPath}`);
  while ((await processed()).total < expected) await sleep(100);
  say(`stored ${(await processed()).total}`);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await sender.stop();
}

say(`processed before ${(await processed()).processed}`);
const jobs = await startJobQueue({
  database,
  logger,
  handlers: (queue) =>
    serviceJobHandlers({
      db,
      logger,
      jobs: queue,
      hubspotClient: () => Promise.resolve(client),
      playbookEvaluationDelaySeconds: 1,
    }),
  tuning,
});
// What start.ts does at every start: events stored before a stop may have no job yet.
await jobs.send('webhooks.process', { portalId: portal.id });

let reported = -1;
let quietChecks = 0;
while (quietChecks < 2) {
  const counts = await processed();
  if (counts.processed !== reported) say(`progress ${counts.processed}/${counts.total}`);
  reported = counts.processed;
  const busy = (await jobs.status()).some((kind) => kind.waiting + kind.retrying + kind.active > 0);
  const unnotified = await listUnnotifiedClosedWonDeals(db, portal.id);
  quietChecks = counts.pending === 0 && !busy && unnotified.length === 0 ? quietChecks + 1 : 0;
  await sleep(50);
}
say(`finished with ${reported} processed`);
await jobs.stop();
await database.close();
