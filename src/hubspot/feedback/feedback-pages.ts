import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import type { SurveyResponseRow } from '../../db/repositories/usage-events-repository';
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

/** The portal has no surveys feature, or the app lacks the `crm.objects.feedback_submissions.read` scope. */
export interface FeedbackNotAvailable {
  readonly status: 'not_available';
  readonly httpStatus: number;
}

export interface FeedbackPage {
  readonly status: 'page';
  /** Submissions read from HubSpot. */
  readonly submissions: number;
  /** The NPS and CSAT answers associated with a company. */
  readonly rows: SurveyResponseRow[];
  /** CES and custom surveys, and answers without a score in range. */
  readonly notNpsOrCsat: number;
  /** NPS or CSAT answers associated with no company. */
  readonly withoutCompany: number;
  readonly nextCursor: string | undefined;
}

export type FeedbackPageOptions = { readonly pageSize?: number; readonly retry?: RetryOptions };

function toSubmission(record: z.infer<typeof submissionSchema>): FeedbackSubmission {
  return {
    id: record.id,
    properties: record.properties,
    companyIds: record.associations?.companies?.results.map((result) => result.id) ?? [],
    contactIds: record.associations?.contacts?.results.map((result) => result.id) ?? [],
  };
}

/**
 * One page of the portal's HubSpot survey responses, the NPS and CSAT ones mapped to survey responses. A 403 or 404
 * means the portal cannot give them: reported as a status, since a portal without surveys is not an error.
 */
export async function readFeedbackPage(
  client: Client,
  portalId: number,
  cursor: string | undefined,
  options: FeedbackPageOptions = {},
): Promise<FeedbackPage | FeedbackNotAvailable> {
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
  let notNpsOrCsat = 0;
  let withoutCompany = 0;
  for (const record of page.results) {
    const answer = feedbackToSurveyResponse(toSubmission(record));
    if (answer === null) notNpsOrCsat += 1;
    else if (answer.companyId === null) withoutCompany += 1;
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
  return {
    status: 'page',
    submissions: page.results.length,
    rows,
    notNpsOrCsat,
    withoutCompany,
    nextCursor: page.paging?.next?.after ?? undefined,
  };
}
