import type { PortalPurgeQueue, WebhookProcessingQueue } from '../services/background-work';
import type { JobQueue } from './job-queue';

/** The services' background-work ports on the durable queue. */
export function jobBackedWork(jobs: JobQueue): WebhookProcessingQueue & PortalPurgeQueue {
  return {
    queueWebhookProcessing: (portalId) => jobs.send('webhooks.process', { portalId }),
    queuePortalPurge: (portalId, startAfterSeconds) => jobs.send('portal.purge', { portalId }, { startAfterSeconds }),
  };
}
