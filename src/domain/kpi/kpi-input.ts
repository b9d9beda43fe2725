// Reference only: the product computes KPIs in SQL (src/services/kpi); this exists to check it (test/kpi/sql-matches-domain.test.ts).
import { z } from 'zod';
import { contractSchema } from '../contracts/contract-schema';
import { calendarDateSchema } from '../time/calendar-date';
import { instantSchema } from '../time/time-zone';

/** The company attributes KPIs are cut by (domain §3: owner, segment, lifecycle stage). */
export const kpiCompanySchema = z.object({
  id: z.string().min(1),
  ownerId: z.string().nullable().default(null),
  /** The CSM assigned at hand-off, when the company kept another owner; the owner cut groups by it first. */
  csmOwnerId: z.string().nullable().optional(),
  industry: z.string().nullable().default(null),
  tier: z.string().nullable().default(null),
  lifecycleStage: z.string().nullable().default(null),
});

export const usageEventSchema = z.object({
  companyId: z.string().min(1),
  userId: z.string().min(1),
  timestamp: instantSchema,
  sessionId: z.string().min(1).nullable().optional(),
  durationSeconds: z.number().nonnegative().nullable().optional(),
});

export const surveyResponseSchema = z
  .object({
    companyId: z.string().min(1),
    kind: z.enum(['nps', 'csat']),
    score: z.number().int(),
    submittedAt: instantSchema,
  })
  .refine(
    (response) =>
      response.kind === 'nps'
        ? response.score >= 0 && response.score <= 10
        : response.score >= 1 && response.score <= 5,
    {
      error: 'NPS scores are 0-10, CSAT scores 1-5',
      path: ['score'],
    },
  );

/** One onboarding per company: started at handoff, completed when it left the introduction stage. */
export const onboardingRecordSchema = z
  .object({
    companyId: z.string().min(1),
    startedOn: calendarDateSchema,
    completedOn: calendarDateSchema.nullable(),
    /**
     * False when the app opened it with milestones already due (an existing customer at install): its hand-off
     * month still makes its onboarding cohort for cuts, but its completion was not observed and is not counted.
     */
    trackedFromHandoff: z.boolean().default(true),
  })
  .refine((record) => record.completedOn === null || record.completedOn >= record.startedOn, {
    error: 'completedOn is before startedOn',
    path: ['completedOn'],
  });

export const kpiInputSchema = z.object({
  companies: z.array(kpiCompanySchema).default([]),
  contracts: z.array(contractSchema),
  usageEvents: z.array(usageEventSchema).default([]),
  surveyResponses: z.array(surveyResponseSchema).default([]),
  onboardings: z.array(onboardingRecordSchema).default([]),
  /** Today in the portal's time zone: a period running on it is measured on it; decides provisional cohorts. */
  asOfDate: calendarDateSchema,
  /** The catalog's core product (catalog setting `coreProductId`): seat utilization counts its seats. */
  coreProductId: z.string().min(1).default('core'),
});

export type KpiCompany = z.infer<typeof kpiCompanySchema>;
export type UsageEvent = z.infer<typeof usageEventSchema>;
export type SurveyResponse = z.infer<typeof surveyResponseSchema>;

/** As written by hand: `trackedFromHandoff` may be left out (true). */
export type OnboardingRecordInput = z.input<typeof onboardingRecordSchema>;
export type KpiInput = z.infer<typeof kpiInputSchema>;
