import type { AddressInfo } from 'node:net';
import { parseEnv } from '../config/env';
import { createLogger } from '../config/logger';
import { createApp } from '../http/app';
import { featureModules } from '../http/feature-modules';
import { loadAppConfig } from '../hubspot/project/app-config';
import { startHealthSchedule } from '../jobs/health-schedule';
import { loadSandboxActivity } from './demo-activity';
import { runCli } from './run-cli';
import { openConfiguredDatabase, portalTarget, startSandboxTarget, syncTarget, type HubSpotTarget } from './runtime';

runCli(async () => {
  const env = parseEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const appConfig = await loadAppConfig(undefined, env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {});
  const startedAt = Date.now();
  const database = await openConfiguredDatabase(env);
  process.stderr.write(`Database: ${database.kind} (${database.location})\n`);

  const target: HubSpotTarget = env.HUBSPOT_ACCESS_TOKEN
    ? portalTarget(env, env.HUBSPOT_ACCESS_TOKEN)
    : await startSandboxTarget(env.SANDBOX_FIXTURE ? { kind: 'fixture', path: env.SANDBOX_FIXTURE } : { kind: 'demo' }, env.SANDBOX_PORT, env.HUBSPOT_RATE_LIMIT_PER_10S);
  process.stderr.write(`HubSpot: ${target.description}\n`);

  const sync = await syncTarget(database, target, logger);
  process.stderr.write(`Synced portal ${sync.portalId}: ${sync.counts.companies} companies, ${sync.counts.deals} deals, ${sync.counts.owners} owners\n`);

  const preview = env.PREVIEW === undefined ? target.fixture !== undefined : env.PREVIEW === 'true';
  const modules = featureModules({
    hubspotConnection: target.connection,
    clientSecret: env.HUBSPOT_CLIENT_SECRET,
    publicUrl: appConfig.service.publicUrl,
    preview,
  });
  const app = createApp({ db: database.db, logger, portalId: sync.portalId, modules });
  const server = app.listen(env.PORT, env.HOST);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  process.stdout.write(`API ready in ${seconds}s: http://localhost:${port}\n`);
  process.stdout.write(`  companies: http://localhost:${port}/api/v1/companies\n`);
  process.stdout.write(`  KPIs:      http://localhost:${port}/api/v1/kpis?from=2025-12&to=2026-11&period=month\n`);
  if (preview) process.stdout.write(`  preview:   http://localhost:${port}/ (the card of every company, no HubSpot account needed)\n`);
  if (!env.HUBSPOT_CLIENT_SECRET) process.stderr.write('HUBSPOT_CLIENT_SECRET is not set: the HubSpot card endpoint is off (the preview works without it)\n');

  let schedule: { stop(): Promise<void> } | undefined;
  // Sandbox usage loads after the API is up (companies and KPIs are there already); a stop waits for it.
  const background = loadSandboxActivity(database.db, target, logger).then(() => {
    schedule = startHealthSchedule({ db: database.db, logger });
  });
  background.catch((error: unknown) => logger.error({ err: error }, 'loading the sandbox activity failed'));

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: shutting down\n`);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await background.catch(() => undefined);
    await schedule?.stop();
    await target.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
});
