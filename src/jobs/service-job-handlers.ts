import type { Client } from '@hubspot/api-client';
import type { Logger } from '../config/logger';
import type { Database } from '../db/client';
import { fetchPortalDetails } from '../hubspot/portal-details';
import { ensureCustomerSuccessProperties } from '../hubspot/properties/ensure-properties';
import type { ClosedWonListener } from '../services/sync/closed-won-notifications';
import { runIncrementalSync } from '../services/sync/incremental-sync';
import { recountRenewalsWhenStale } from '../services/sync/renewal-rule';
import type { HandoffSettingsInput } from '../domain/handoff/handoff-settings';
import { handOffDeal } from '../services/handoff/handoff-service';
import { purgeUninstalledPortal } from '../services/install/app-uninstalled';
import { pollJournalUninstalls } from '../services/install/journal-uninstalls';
import type { WebhooksJournalApi } from '../hubspot/webhooks-journal/journal-api';
import { jobBackedWork } from './background-work';
import { processPendingWebhookEvents } from '../services/webhooks/process-pending';
import { syncPortal } from '../services/sync/portal-sync';
import { refreshPortalRiskToday } from '../services/risk/risk-model-store';
import { createDueRenewalDealsToday } from '../services/risk/renewal-deals';
import { evaluatePlaybooks } from '../services/playbooks/evaluate-playbooks';
import { sendDueDigests } from '../services/digests/deliver-digests';
import type { DigestMailer } from '../services/digests/smtp-mailer';
import { pushCompanyWriteBack } from '../services/writeback/company-writeback';
import { listUninstalledPortalIds } from '../db/repositories/installations-repository';
import { findPortal } from '../db/repositories/portals-repository';
import { instantToLocalDate } from '../domain/time/time-zone';
import { keepManagerViewKpis } from '../services/manager/keep-view-kpis';
import { healthRecomputeHandler, queueWorkAfterHealthRecompute } from './health-schedule';
import type { JobHandlers } from './job-definitions';
import type { JobQueue } from './job-queue';

// 2,000 events with the default chunk size: seconds of work, far inside any expiry.
const webhookChunksPerJob = 4;

export interface ServiceJobDependencies {
  readonly db: Database;
  readonly logger: Logger;
  readonly jobs: JobQueue;
  /** The client that acts for a portal in HubSpot. */
  readonly hubspotClient: (portalId: number) => Promise<Client>;
  /** CSM list, required deal fields and the rest (`handoffSettingsFromEnv`); defaults when absent. */
  readonly handoffSettings?: HandoffSettingsInput;
  /** With OAuth: HubSpot's webhooks journal, read for uninstalls, and how long an uninstalled portal's data is kept. */
  readonly journalUninstalls?: {
    readonly journal: WebhooksJournalApi;
    readonly retentionDays: number;
    readonly forgetTokens?: (portalId: number) => void;
  };
  /** Signs the playbooks' outbound webhooks (PLAYBOOK_WEBHOOK_SECRET). */
  readonly playbookWebhookSecret?: string;
  /** Signs the digests' webhook (DIGEST_WEBHOOK_SECRET, else PLAYBOOK_WEBHOOK_SECRET). */
  readonly digestWebhookSecret?: string;
  /** Sends the digests by email (SMTP_URL); absent: digests go by webhook only. */
  readonly digestMailer?: DigestMailer;
  /** How long a playbook evaluation gathers a burst; 30 s unless a test waiting for the queue to settle shortens it. */
  readonly playbookEvaluationDelaySeconds?: number;
}

/**
 * The service's handler for every kind of job, and how they chain: a webhook batch that closes a deal hands it
 * off, a hand-off and a health recompute push the changed cs_* values to HubSpot. Every step is idempotent,
 * so a retried or repeated job changes nothing more.
 */
export function serviceJobHandlers(deps: ServiceJobDependencies): JobHandlers {
  const { db, logger, jobs } = deps;
  const settings = deps.handoffSettings ?? {};
  const work = jobBackedWork(jobs, deps.playbookEvaluationDelaySeconds);
  const handOff: ClosedWonListener = async (portalId, dealIds) => {
    for (const dealId of dealIds) await jobs.send('handoff.deal', { portalId, dealId });
  };
  return {
    'webhooks.process': async ({ portalId }) => {
      const result = await processPendingWebhookEvents(
        {
          db,
          client: await deps.hubspotClient(portalId),
          logger,
          onDealsClosedWon: handOff,
          maxChunks: webhookChunksPerJob,
        },
        portalId,
      );
      // Most events change nothing here: each task or note a CSM or a playbook links to a company is a company
      // association event. Those must not flood the log, nor start a playbook evaluation.
      const summary = { portalId, processed: result.processed, outcomes: result.outcomes };
      if (result.outcomes.applied > 0) {
        logger.info(summary, 'webhook events processed');
        await work.queuePlaybookEvaluation(portalId);
      } else logger.debug(summary, 'webhook events processed');
      // A backlog is worked by a chain of short jobs: one that outlived its expiry would count as lost and be run twice.
      if (result.more) await jobs.send('webhooks.process', { portalId });
    },
    // A newly installed portal: its properties, then everything, then its first health scores (and their write-back).
    'sync.full': async ({ portalId }) => {
      const client = await deps.hubspotClient(portalId);
      await ensureCustomerSuccessProperties(client, logger);
      const result = await syncPortal({ client, db, logger });
      if (result.portal.id !== portalId)
        throw new Error(`the HubSpot client for portal ${portalId} acts for portal ${result.portal.id}`);
      logger.info({ portalId, counts: result.counts }, 'full sync done');
      await jobs.send('health.recompute', { portalId });
      // The recompute skips a portal already scored today: the synced records (tasks, owners) are evaluated anyway.
      await work.queuePlaybookEvaluation(portalId);
    },
    'sync.incremental': async ({ portalId }) => {
      const client = await deps.hubspotClient(portalId);
      const portal = await fetchPortalDetails(client, { logger });
      // Never write one portal's records under another's id.
      if (portal.id !== portalId)
        throw new Error(`the HubSpot client for portal ${portalId} acts for portal ${portal.id}`);
      const result = await runIncrementalSync({ client, db, portal, logger, onDealsClosedWon: handOff });
      logger.info({ portalId, counts: result.counts, windows: result.windows }, 'incremental sync done');
      // The KPI reports' note on renewals and deal types follows the deals the team fixes in HubSpot.
      if (result.counts.deals > 0) await recountRenewalsWhenStale(db, portalId, new Date(), logger);
      // Reads the playbook tasks' states back, so a task completed in HubSpot closes its run.
      await work.queuePlaybookEvaluation(portalId);
      // A changed contract or company drops the kept periods it reaches: keep them again before a manager looks.
      await jobs.send('kpis.keep', { portalId });
    },
    'handoff.deal': async ({ portalId, dealId }) => {
      const result = await handOffDeal(
        { db, client: await deps.hubspotClient(portalId), logger, settings },
        portalId,
        dealId,
      );
      if (result.status === 'handed_off')
        await jobs.send('writeback.companies', { portalId, companyIds: [result.companyId] });
      else logger.info({ portalId, dealId, reason: result.reason }, 'deal not handed off');
    },
    // The push logs what it wrote (companies, changed, pushed, batches, not updated).
    'writeback.companies': async ({ portalId, companyIds }) => {
      await pushCompanyWriteBack(
        { db, client: await deps.hubspotClient(portalId), logger, settings },
        portalId,
        companyIds,
      );
    },
    'portal.purge': async ({ portalId }) => {
      const outcome = await purgeUninstalledPortal({ db, work, logger }, portalId);
      if (outcome.kind === 'kept') logger.info({ portalId, reason: outcome.reason }, 'portal data kept');
    },
    'health.recompute': healthRecomputeHandler({
      db,
      logger,
      afterRecompute: (portalId) => queueWorkAfterHealthRecompute(jobs, portalId),
    }),
    // Retrains the churn-risk model when due and scores every company, then writes cs_renewal_risk back.
    'risk.refresh': async ({ portalId }) => {
      const result = await refreshPortalRiskToday(db, portalId);
      logger.info({ portalId, ...result }, result.retrained ? 'churn-risk model retrained' : 'churn risk scored');
      await jobs.send('writeback.companies', { portalId });
      await jobs.send('renewals.deals', { portalId });
    },
    'renewals.deals': async ({ portalId }) => {
      const run = await createDueRenewalDealsToday({ db, client: await deps.hubspotClient(portalId) }, portalId);
      if (run.enabled)
        logger.info(
          {
            portalId,
            due: run.due,
            created: run.created.length,
            recovered: run.recovered.length,
            refused: run.refused,
          },
          'renewal deals created',
        );
    },
    'playbooks.evaluate': async ({ portalId }) => {
      const result = await evaluatePlaybooks(
        {
          db,
          logger,
          client: await deps.hubspotClient(portalId),
          ...(deps.playbookWebhookSecret === undefined ? {} : { webhookSecret: deps.playbookWebhookSecret }),
        },
        portalId,
      );
      logger.info({ portalId, ...result }, 'playbooks evaluated');
    },
    'digests.send': async ({ portalId }) => {
      const result = await sendDueDigests(
        {
          db,
          logger,
          ...(deps.digestMailer === undefined ? {} : { mailer: deps.digestMailer }),
          ...(deps.digestWebhookSecret === undefined ? {} : { webhookSecret: deps.digestWebhookSecret }),
        },
        portalId,
      );
      if (result.due > 0) logger.info({ portalId, ...result }, 'digests sent');
    },
    'kpis.keep': async ({ portalId }) => {
      const portal = await findPortal(db, portalId);
      // An uninstalled portal's data waits for its purge: nothing is kept for it any more.
      if (portal === undefined || (await listUninstalledPortalIds(db)).has(portalId)) return;
      const result = await keepManagerViewKpis(db, portal, instantToLocalDate(Date.now(), portal.timeZone));
      logger.info({ portalId, ...result }, 'manager view KPIs kept');
    },
    ...(deps.journalUninstalls ? { 'journal.poll': journalPollHandler(deps, deps.journalUninstalls) } : {}),
  };
}

function journalPollHandler(
  deps: ServiceJobDependencies,
  options: NonNullable<ServiceJobDependencies['journalUninstalls']>,
): JobHandlers['journal.poll'] {
  let subscribed: Promise<unknown> | undefined;
  return async () => {
    // Once per process: HubSpot writes uninstalls to the journal only for an app subscribed to them.
    subscribed ??= options.journal.ensureUninstallSubscription().then(
      (outcome) => {
        deps.logger.info({ outcome }, 'webhooks journal: subscribed to app uninstalls');
      },
      (error: unknown) => {
        subscribed = undefined;
        throw error;
      },
    );
    await subscribed;
    const result = await pollJournalUninstalls({
      db: deps.db,
      work: jobBackedWork(deps.jobs),
      logger: deps.logger,
      ...options,
    });
    if (result.entries > 0)
      deps.logger.info({ entries: result.entries, uninstalls: result.uninstalls }, 'webhooks journal read');
    if (result.more) await deps.jobs.send('journal.poll', {});
  };
}
