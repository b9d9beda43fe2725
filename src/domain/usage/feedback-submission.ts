import { parseInstant } from '../time/time-zone';

/** The feedback_submissions properties the sync asks HubSpot for. */
export const feedbackSubmissionProperties = [
  'hs_survey_type',
  'hs_response_value',
  'hs_value',
  'hs_submission_timestamp',
  'hs_createdate',
  'hs_content',
  'hs_contact_id',
] as const;

export type FeedbackSubmission = {
  id: string;
  properties: Record<string, string | null | undefined>;
  companyIds: string[];
  contactIds: string[];
};

export type SurveyResponseFromHubSpot = {
  id: string;
  companyId: string | null;
  contactId: string | null;
  kind: 'nps' | 'csat';
  score: number;
  submittedAt: number;
  comment: string | null;
};

/**
 * A HubSpot survey submission as an NPS or CSAT answer; other survey types (CES, custom) and answers
 * without a score in range are left out. Its company is a direct association, else resolved later from its contact.
 */
export function feedbackToSurveyResponse(submission: FeedbackSubmission): SurveyResponseFromHubSpot | null {
  const { properties } = submission;
  const type = properties.hs_survey_type?.toLowerCase();
  const kind = type === 'nps' ? 'nps' : type === 'csat' ? 'csat' : null;
  if (kind === null) return null;
  const raw = properties.hs_response_value ?? properties.hs_value;
  const score = raw === null || raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
  const inRange = kind === 'nps' ? score >= 0 && score <= 10 : score >= 1 && score <= 5;
  if (!Number.isInteger(score) || !inRange) return null;
  const timestamp = properties.hs_submission_timestamp ?? properties.hs_createdate;
  const submittedAt = timestamp ? (parseInstant(timestamp) ?? Date.parse(timestamp)) : Number.NaN;
  if (!Number.isFinite(submittedAt)) return null;
  return {
    id: `hubspot:${submission.id}`,
    companyId: submission.companyIds[0] ?? null,
    contactId: submission.contactIds[0] ?? properties.hs_contact_id ?? null,
    kind,
    score,
    submittedAt,
    comment: properties.hs_content ?? null,
  };
}
