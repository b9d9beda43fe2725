import { z } from 'zod';
import { boundedIdentifier as identifier, boundedInstant, storableText } from './input-limits';

/** One answer of `POST /api/v1/surveys`: NPS scores 0-10, CSAT scores 1-5 (domain §1, §3). */
export const surveyAnswerSchema = z
  .object({
    /** The sender's id; stored as `api:<id>`, apart from HubSpot's own answers (`hubspot:<id>`). */
    id: identifier,
    companyId: identifier.optional(),
    accountId: identifier.optional(),
    contactId: identifier.nullable().optional(),
    kind: z.enum(['nps', 'csat']),
    score: z.number().int().min(0).max(10),
    submittedAt: boundedInstant,
    comment: storableText(10_000).nullable().optional(),
  })
  .refine((answer) => answer.companyId !== undefined || answer.accountId !== undefined, {
    error: 'companyId or accountId is required',
    path: ['companyId'],
  })
  .refine(
    (answer) =>
      answer.kind === 'nps' ? answer.score >= 0 && answer.score <= 10 : answer.score >= 1 && answer.score <= 5,
    {
      error: 'NPS scores are 0-10, CSAT scores 1-5',
      path: ['score'],
    },
  );

export type SurveyAnswer = z.infer<typeof surveyAnswerSchema>;

export const surveyBatchLimit = 1_000;
export const surveyBatchSchema = z.object({ responses: z.array(z.unknown()).min(1).max(surveyBatchLimit) });

/** API answers live in their own id namespace: a sender can never take the id of one of HubSpot's answers. */
export function apiSurveyId(id: string): string {
  return `api:${id}`;
}
