import type { PlaybookEvaluationQueue, PortalPurgeQueue, WebhookProcessingQueue } from '../services/background-work';
import type { JobQueue } from './job-queue';

// An evaluation waits this long, so the batches of a burst (and a sync's follow-ups) share one: `playbooks.evaluate`
// is stately per portal, and while one waits a second send is dropped.
export const playbookEvaluationDelaySeconds = 30;

/** The services' background-work ports on the durable queue. */
export function jobBackedWork(
  jobs: JobQueue,
  evaluationDelaySeconds = playbookEvaluationDelaySeconds,
): WebhookProcessingQueue & PortalPurgeQueue & PlaybookEvaluationQueue {
  return {
    queuePlaybookEvaluation: (portalId) =>
      jobs.send('playbooks.evaluate', { portalId }, { startAfterSeconds: evaluationDelaySeconds }),
    queueWebhookProcessing: (portalId) => jobs.send('webhooks.process', { portalId }),
    queuePortalPurge: (portalId, startAfterSeconds) => jobs.send('portal.purge', { portalId }, { startAfterSeconds }),
  };
}
