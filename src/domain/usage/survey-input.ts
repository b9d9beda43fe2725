import { z } from 'zod';
import { instantSchema } from '../time/time-zone';

const identifier = z.string().trim().min(1).max(256);

/** One answer of `POST /api/v1/surveys`: NPS scores 0-10, CSAT scores 1-5 (domain §1, §3). */
export const surveyAnswerSchema = z
  .object({
    id: identifier,
    companyId: identifier.optional(),
    accountId: identifier.optional(),
    contactId: identifier.nullable().optional(),
    kind: z.enum(['nps', 'csat']),
    score: z.number().int(),
    submittedAt: instantSchema,
    comment: z.string().max(10_000).nullable().optional(),
  })
  .refine((answer) => answer.companyId !== undefined || answer.accountId !== undefined, { error: 'companyId or accountId is required', path: ['companyId'] })
  .refine((answer) => (answer.kind === 'nps' ? answer.score >= 0 && answer.score <= 10 : answer.score >= 1 && answer.score <= 5), {
    error: 'NPS scores are 0-10, CSAT scores 1-5',
    path: ['score'],
  });

export type SurveyAnswer = z.infer<typeof surveyAnswerSchema>;

export const surveyBatchSchema = z.object({ responses: z.array(z.unknown()).min(1).max(1_000) });
