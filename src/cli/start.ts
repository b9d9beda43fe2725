import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { limitSettingsFromEnv } from '../hubspot/limits/limit-settings';
import type { AddressInfo } from 'node:net';
import { ConfigError, digestWebhookSecret, parseEnv, type Env } from '../config/env';
import { createLogger } from '../config/logger';
import type { Database } from '../db/client';
import { findPortal } from '../db/repositories/portals-repository';
import { addCalendarMonths, monthOf } from '../domain/time/calendar-date';
import { instantToLocalDate } from '../domain/time/time-zone';
import { createApp } from '../http/app';
import { featureModules } from '../http/feature-modules';
import { adminModule } from '../http/routes/admin-routes';
import { createHubSpotClient } from '../hubspot/client';
import { loadAppConfig } from '../hubspot/project/app-config';
import { hubSpotFailureInWords, isHubSpotOutOfReach } from '../hubspot/failure-words';
import { ensureCustomerSuccessProperties } from '../hubspot/properties/ensure-properties';
import { queueWorkAfterHealthRecompute } from '../jobs/health-schedule';
import { jobSchedules } from '../jobs/job-schedules';
import { smtpMailer } from '../services/digests/smtp-mailer';
import { serviceJobHandlers } from '../jobs/service-job-handlers';
import { startJobQueue } from '../jobs/start-job-queue';
import { suggestedDealPlacement, suggestedDealSettingsFromEnv } from '../services/card/suggested-deal-placement';
import { handoffSettingsFromEnv } from '../services/handoff/handoff-env-settings';
import { createPortalAccess } from '../services/install/portal-access';
import { loadSandboxActivity } from './demo-activity';
import { runCli } from './run-cli';
import { openConfiguredDatabase, portalTarget, startSandboxTarget, syncTarget, type HubSpotTarget } from './runtime';
import { renewalsNoteOf } from '../services/kpi/renewals-note-service';

/** How a process on this machine reaches the API; undefined when it listens on another interface only. */
function loopbackUrl(host: string, port: number): string | undefined {
  if (['0.0.0.0', '::', '127.0.0.1', 'localhost'].includes(host)) return `http://127.0.0.1:${port}`;
  return host === '::1' ? `http://[::1]:${port}` : undefined;
}

/** The sandbox unless a private-app token is given; none when portals arrive only through OAuth installs. */
async function startTarget(env: Env): Promise<HubSpotTarget | undefined> {
  if (env.HUBSPOT_ACCESS_TOKEN) return portalTarget(env, env.HUBSPOT_ACCESS_TOKEN);
  if (env.HUBSPOT_CLIENT_ID) return undefined;
  const source = env.SANDBOX_FIXTURE
    ? { kind: 'fixture' as const, path: env.SANDBOX_FIXTURE }
    : { kind: 'demo' as const };
  return startSandboxTarget(
    source,
    env.SANDBOX_PORT,
    limitSettingsFromEnv(env),
    path.join(env.DATA_DIR, 'sandbox-state.json'),
  );
}

/** The twelve months before the portal's current one (UTC's without a portal): the KPI link's range. */
async function lastTwelveClosedMonths(db: Database, portalId: number | undefined) {
  const portal = portalId === undefined ? undefined : await findPortal(db, portalId);
  const running = monthOf(instantToLocalDate(Date.now(), portal?.timeZone ?? 'UTC'));
  return { from: addCalendarMonths(running, -12), to: addCalendarMonths(running, -1) };
}

runCli(async () => {
  const env = parseEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const appConfig = loadAppConfig(undefined, env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {});
  const startedAt = Date.now();
  const database = await openConfiguredDatabase(env, logger);
  process.stderr.write(`Database: ${database.kind} (${database.location})\n`);

  const target = await startTarget(env);
  process.stderr.write(`HubSpot: ${target?.description ?? 'portals installed through OAuth (/oauth/install)'}\n`);
  if (target) {
    // Every property the app reads or writes (company write-back, deal contract fields), before the sync reads them; drift is logged and printed.
    const ensured = await ensureCustomerSuccessProperties(createHubSpotClient(target.connection), logger).catch(
      (error: unknown) => {
        // Unreachable, or the token refused: the sync would fail the same way after its own retries.
        if (isHubSpotOutOfReach(error)) throw error;
        logger.warn(
          { err: error },
          `could not create the Customer Success properties (${hubSpotFailureInWords(error) ?? 'scopes crm.schemas.companies.write, crm.schemas.deals.write?'}); write-back and suggested deals will fail until they exist`,
        );
        return undefined;
      },
    );
    for (const drift of ensured?.drift ?? []) process.stderr.write(`Property drift: ${drift.message}\n`);
  }
  const sync = target ? await syncTarget(database, target, logger) : undefined;
  if (sync) {
    process.stderr.write(
      `Synced portal ${sync.portalId}: ${sync.counts.companies} companies, ${sync.counts.deals} deals, ${sync.counts.owners} owners\n`,
    );
    const note = await renewalsNoteOf(database.db, sync.portalId);
    if (note !== null) process.stderr.write(`${note}\n`);
  }

  const suggestedDeal = suggestedDealSettingsFromEnv(env);
  // A suggested-deal pipeline or stage the synced portal lacks stops the start, naming it.
  if (sync)
    await suggestedDealPlacement(database.db, sync.portalId, suggestedDeal).catch((error: unknown) => {
      throw new ConfigError([error instanceof Error ? error.message : String(error)]);
    });
  let sendJob: (portalId: number) => Promise<void> = () => Promise.resolve();
  const portalAccess = createPortalAccess({
    env,
    appConfig,
    db: database.db,
    logger,
    ...(target && sync ? { fallback: { portalId: sync.portalId, connection: target.connection } } : {}),
    onInstalled: (portalId) => sendJob(portalId),
  });
  const hubspotClientFor = (portalId: number) => portalAccess.clients.hubspotClientFor(portalId);
  const { oauth } = portalAccess;
  const jobs = await startJobQueue({
    database,
    logger,
    handlers: (queue) =>
      serviceJobHandlers({
        db: database.db,
        logger,
        jobs: queue,
        hubspotClient: hubspotClientFor,
        handoffSettings: handoffSettingsFromEnv(env),
        ...(env.PLAYBOOK_WEBHOOK_SECRET ? { playbookWebhookSecret: env.PLAYBOOK_WEBHOOK_SECRET } : {}),
        digestWebhookSecret: digestWebhookSecret(env),
        ...(env.SMTP_URL ? { digestMailer: smtpMailer(env.SMTP_URL) } : {}),
        ...(oauth
          ? {
              journalUninstalls: {
                journal: oauth.journal,
                retentionDays: env.UNINSTALLED_DATA_RETENTION_DAYS,
                forgetTokens: (portalId) => {
                  oauth.tokens.forget(portalId);
                },
              },
            }
          : {}),
      }),
    schedules: jobSchedules(env),
    tuning: env.JOBS_EXPIRE_IN_SECONDS
      ? {
          expireInSeconds: env.JOBS_EXPIRE_IN_SECONDS,
          maintenanceIntervalSeconds: Math.min(30, Math.max(1, Math.floor(env.JOBS_EXPIRE_IN_SECONDS / 2))),
        }
      : {},
  });
  sendJob = (portalId) => jobs.send('sync.full', { portalId });
  // Webhook events stored just before a stop may have no job yet; a waiting job per portal makes them count.
  if (sync) await jobs.send('webhooks.process', { portalId: sync.portalId });

  const sandbox = target?.deliverWebhooks !== undefined;
  const preview = env.PREVIEW === undefined ? target?.fixture !== undefined : env.PREVIEW === 'true';
  // The sandbox plays the HubSpot app too: it signs its webhooks with this secret and posts them to this service's own URL.
  const clientSecret = env.HUBSPOT_CLIENT_SECRET ?? (sandbox ? randomBytes(24).toString('base64url') : undefined);
  const apiAuth = env.API_AUTH ?? (env.HUBSPOT_ACCESS_TOKEN || env.HUBSPOT_CLIENT_ID ? 'keys' : 'open');
  // `npm run keys` reaches this process through it while it holds the embedded database (the token is in DATA_DIR's lock file).
  const adminToken = database.lock && loopbackUrl(env.HOST, 0) ? randomBytes(32).toString('base64url') : undefined;
  const modules = featureModules({
    ...(target ? { hubspotConnection: target.connection } : {}),
    hubspotClientFor,
    clientSecret,
    publicUrl: sandbox ? env.PUBLIC_URL : appConfig.service.publicUrl,
    preview,
    jobs,
    ingestion: {
      synchronousCommit: env.INGEST_SYNCHRONOUS_COMMIT === 'on',
      matchCompanyId: env.INGEST_MATCH_COMPANY_ID === 'on',
    },
    suggestedDeal,
    ...(portalAccess.oauth
      ? {
          oauth: {
            install: portalAccess.oauth.install,
            secureCookies: appConfig.service.publicUrl.startsWith('https://'),
          },
        }
      : {}),
  });
  // Loaded before the API listens, so "ready" (and /readyz) means the usage and the health scores are there.
  if (target) await loadSandboxActivity(database.db, target, logger);
  // The demo's scores were computed above, outside the queue: what follows a recompute (write-back, churn risk, its
  // default playbooks, the manager view's KPIs) runs on them now, not at the next scheduled recompute.
  if (target?.source?.kind === 'demo' && sync) await queueWorkAfterHealthRecompute(jobs, sync.portalId);
  const allowedHosts = [
    ...(env.ALLOWED_HOSTS ?? []),
    new URL(appConfig.service.publicUrl).hostname,
    ...(env.HOST === '0.0.0.0' || env.HOST === '::' ? [] : [env.HOST]),
  ];
  const app = createApp({
    db: database.db,
    logger,
    portalId: sync?.portalId ?? env.HUBSPOT_PORTAL_ID,
    modules: adminToken ? [adminModule(adminToken), ...modules] : modules,
    apiAuth,
    allowedHosts,
    rateLimitStore: database.kind === 'postgres' ? 'database' : 'memory',
  });
  const server = app.listen(env.PORT, env.HOST);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const adminUrl = loopbackUrl(env.HOST, port);
  if (database.lock && adminToken && adminUrl) await database.lock.advertise({ url: adminUrl, adminToken });
  if (clientSecret && target?.deliverWebhooks)
    target.deliverWebhooks(`http://127.0.0.1:${port}/hubspot/webhooks`, clientSecret);
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  process.stdout.write(`API ready in ${seconds}s: http://localhost:${port}\n`);
  process.stdout.write(`  companies: http://localhost:${port}/api/v1/companies\n`);
  const closedMonths = await lastTwelveClosedMonths(database.db, sync?.portalId ?? env.HUBSPOT_PORTAL_ID);
  process.stdout.write(
    `  KPIs:      http://localhost:${port}/api/v1/kpis?from=${closedMonths.from}&to=${closedMonths.to}&period=month\n`,
  );
  if (preview)
    process.stdout.write(
      `  preview:   http://localhost:${port}/ (the card of every company, no HubSpot account needed)\n`,
    );
  if (preview)
    process.stdout.write(`  manager:   http://localhost:${port}/manager (portfolio KPIs, alerts, maturity)\n`);
  if (portalAccess.oauth)
    process.stdout.write(
      `  install:   ${appConfig.service.publicUrl}/oauth/install (a portal admin installs the app here)\n`,
    );
  if (apiAuth === 'keys')
    process.stderr.write(
      `The /api/v1 endpoints need an API key: npm run keys -- create --portal <id> --scope api, then Authorization: Bearer <key>\n`,
    );
  if (preview && apiAuth === 'keys')
    process.stderr.write('PREVIEW is on while the API needs keys: the preview pages answer 401\n');
  if (sandbox)
    process.stderr.write(
      '  webhooks:  the sandbox posts signed webhooks for its changes to /hubspot/webhooks (move a deal to closed won to see a hand-off)\n',
    );
  else if (!clientSecret)
    process.stderr.write('HUBSPOT_CLIENT_SECRET is not set: the HubSpot card and webhook endpoints are off\n');

  // Scores any portal still without scores for its today, and writes health back to HubSpot (the schedule repeats it hourly).
  if (target) await jobs.send('health.recompute', {});

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: shutting down\n`);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // Running jobs finish (or, past the timeout, go back to the queue for a retry) before the database closes.
    await jobs.stop();
    await target?.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
});
