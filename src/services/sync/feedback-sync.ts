import type { Client } from '@hubspot/api-client';
import type { Executor } from '../../db/client';
import { insertSurveyResponses } from '../../db/repositories/usage-events-repository';
import {
  readFeedbackPage,
  type FeedbackNotAvailable,
  type FeedbackPageOptions,
} from '../../hubspot/feedback/feedback-pages';

export type FeedbackSyncResult =
  | {
      status: 'synced';
      /** Submissions read from HubSpot. */
      submissions: number;
      stored: number;
      duplicates: number;
      /** CES and custom surveys, and answers without a score in range. */
      notNpsOrCsat: number;
      /** NPS or CSAT answers associated with no company. */
      withoutCompany: number;
    }
  | FeedbackNotAvailable;

/**
 * Reads the portal's HubSpot survey responses page by page and stores the NPS and CSAT ones as survey
 * responses, once per submission id, so it can run as often as wanted.
 */
export async function syncFeedbackSubmissions(
  client: Client,
  db: Executor,
  portalId: number,
  options: FeedbackPageOptions = {},
): Promise<FeedbackSyncResult> {
  const result = {
    status: 'synced' as const,
    submissions: 0,
    stored: 0,
    duplicates: 0,
    notNpsOrCsat: 0,
    withoutCompany: 0,
  };
  let after: string | undefined;
  do {
    const page = await readFeedbackPage(client, portalId, after, options);
    if (page.status === 'not_available') return page;
    const stored = await insertSurveyResponses(db, page.rows);
    result.submissions += page.submissions;
    result.stored += stored;
    result.duplicates += page.rows.length - stored;
    result.notNpsOrCsat += page.notNpsOrCsat;
    result.withoutCompany += page.withoutCompany;
    after = page.nextCursor;
  } while (after !== undefined);
  return result;
}
