import type { Client } from '@hubspot/api-client';
import type { Logger } from '../../config/logger';
import type { Database } from '../../db/client';
import { syncFeedbackSubmissions, type FeedbackSyncResult } from './feedback-sync';
import type { PortalDetails } from '../../db/repositories/portals-repository';
import { fetchPortalDetails } from '../../hubspot/portal-details';
import { runFullSync, type FullSyncResult, type SyncProgress } from './full-sync';
import { attachPendingEvents } from '../ingestion/pending-events';
import { scopeEffectInWords } from '../install/optional-scopes';

export interface PortalSyncResult extends FullSyncResult {
  readonly portal: PortalDetails;
  readonly feedback: FeedbackSyncResult;
}

/** A portal's full sync: its details, owners, pipelines, companies, deals, survey answers, then waiting usage. */
export async function syncPortal(options: {
  client: Client;
  db: Database;
  logger: Logger;
  onProgress?: (progress: SyncProgress) => void;
}): Promise<PortalSyncResult> {
  const { client, db, logger } = options;
  const portal = await fetchPortalDetails(client, { logger });
  const result = await runFullSync({
    client,
    db,
    portal,
    logger,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const feedback = await syncFeedbackSubmissions(client, db, portal.id, { retry: { logger } });
  if (feedback.status === 'not_available' && feedback.httpStatus === 403)
    logger.warn({ portalId: portal.id }, scopeEffectInWords('crm.objects.feedback_submissions.read'));
  // Usage that arrived before its company was synced can be attached now.
  await attachPendingEvents(db, portal.id);
  return { ...result, portal, feedback };
}
