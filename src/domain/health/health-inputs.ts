import { z } from 'zod';
import { calendarDateSchema } from '../time/calendar-date';

const count = z.number().int().nonnegative();

/** Distinct active users in the last 30 days and the 30 days before, against seats bought. */
export const usageInputSchema = z.object({
  activeUsers: count,
  previousActiveUsers: count,
  seats: z.number().int().positive().nullable(),
});

/** Session minutes per active user: last 30 days, and over the company's 90-day baseline before it. */
export const engagementInputSchema = z.object({
  minutesPerActiveUser: z.number().nonnegative().nullable(),
  baselineMinutesPerActiveUser: z.number().nonnegative().nullable(),
});

/** Core features used in the last 30 days, out of the core features the company's plan includes. */
export const breadthInputSchema = z.object({
  coreFeaturesUsed: count,
  coreFeaturesAvailable: count,
});

/** Required milestones by state (see lifecycle `summarizeMilestones`). */
export const onboardingInputSchema = z.object({
  done: count,
  onTrack: count,
  behind: count,
});

const surveyAnswerSchema = (minimum: number, maximum: number) =>
  z.object({ score: z.number().int().min(minimum).max(maximum), submittedOn: calendarDateSchema });

export const sentimentInputSchema = z.object({
  latestNps: surveyAnswerSchema(0, 10).nullable(),
  latestCsat: surveyAnswerSchema(1, 5).nullable(),
});

/** Contraction is MRR lost to downgrades in the last 90 days against the MRR 90 days ago. */
export const commercialInputSchema = z.object({
  daysToRenewal: z.number().int().nullable(),
  mrrCents90DaysAgo: count,
  contractionCentsLast90Days: count,
});

/** Null for a component means the product has no data of that kind for the company. */
export const healthInputSchema = z.object({
  asOf: calendarDateSchema,
  usage: usageInputSchema.nullable(),
  engagement: engagementInputSchema.nullable(),
  breadth: breadthInputSchema.nullable(),
  onboarding: onboardingInputSchema.nullable(),
  sentiment: sentimentInputSchema.nullable(),
  commercial: commercialInputSchema.nullable(),
});

export type UsageInput = z.infer<typeof usageInputSchema>;
export type EngagementInput = z.infer<typeof engagementInputSchema>;
export type BreadthInput = z.infer<typeof breadthInputSchema>;
export type OnboardingInput = z.infer<typeof onboardingInputSchema>;
export type SentimentInput = z.infer<typeof sentimentInputSchema>;
export type CommercialInput = z.infer<typeof commercialInputSchema>;
export type HealthInput = z.infer<typeof healthInputSchema>;
