import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import type { Executor } from '../../db/client';
import { insertSurveyResponses, type SurveyResponseRow } from '../../db/repositories/usage-events-repository';
import {
  feedbackSubmissionProperties,
  feedbackToSurveyResponse,
  type FeedbackSubmission,
} from '../../domain/usage/feedback-submission';
import { statusOf, withRetry, type RetryOptions } from '../client';

const objectType = 'feedback_submissions';

const associatedIds = z.object({ results: z.array(z.object({ id: z.string() })) }).optional();

// Only what the mapping reads; HubSpot's other fields pass through unchecked.
const submissionSchema = z.object({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable().optional()),
  associations: z.object({ companies: associatedIds, contacts: associatedIds }).partial().nullable().optional(),
});

const pageSchema = z.object({
  results: z.array(submissionSchema),
  paging: z
    .object({ next: z.object({ after: z.string() }).nullable().optional() })
    .nullable()
    .optional(),
});

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
  /** The portal has no surveys feature, or the app lacks the `crm.objects.feedback_submissions.read` scope. */
  | { status: 'not_available'; httpStatus: number };

export type FeedbackSyncOptions = { readonly pageSize?: number; readonly retry?: RetryOptions };

function toSubmission(record: z.infer<typeof submissionSchema>): FeedbackSubmission {
  return {
    id: record.id,
    properties: record.properties,
    companyIds: record.associations?.companies?.results.map((result) => result.id) ?? [],
    contactIds: record.associations?.contacts?.results.map((result) => result.id) ?? [],
  };
}

/**
 * Reads the portal's HubSpot survey responses page by page and stores the NPS and CSAT ones as survey
 * responses, once per submission id, so it can run as often as wanted. A 403 or 404 means the portal
 * cannot give them: reported as a status, since a portal without surveys is not an error.
 */
export async function syncFeedbackSubmissions(
  client: Client,
  db: Executor,
  portalId: number,
  options: FeedbackSyncOptions = {},
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
    const cursor = after;
    let response: unknown;
    try {
      response = await withRetry(
        `list ${objectType}`,
        () =>
          client.crm.objects.basicApi.getPage(
            objectType,
            options.pageSize ?? 100,
            cursor,
            [...feedbackSubmissionProperties],
            undefined,
            ['companies', 'contacts'],
          ),
        options.retry,
      );
    } catch (error) {
      const status = statusOf(error);
      if (status === 403 || status === 404) return { status: 'not_available', httpStatus: status };
      throw error;
    }
    const page = pageSchema.parse(response);
    const rows: SurveyResponseRow[] = [];
    for (const record of page.results) {
      const answer = feedbackToSurveyResponse(toSubmission(record));
      if (answer === null) result.notNpsOrCsat += 1;
      else if (answer.companyId === null) result.withoutCompany += 1;
      else {
        rows.push({
          portalId,
          id: answer.id,
          companyId: answer.companyId,
          contactId: answer.contactId,
          kind: answer.kind,
          score: answer.score,
          submittedAt: new Date(answer.submittedAt),
          source: 'hubspot',
          comment: answer.comment,
          fromHubSpot: true,
        });
      }
    }
    const stored = await insertSurveyResponses(db, rows);
    result.submissions += page.results.length;
    result.stored += stored;
    result.duplicates += rows.length - stored;
    after = page.paging?.next?.after ?? undefined;
  } while (after !== undefined);
  return result;
}
