import { z } from 'zod';
import { contractSchema } from '../contracts/contract-schema';
import { calendarDateSchema } from '../time/calendar-date';

/** One company's activity on one day, as ingestion keeps it (usage_daily_active_users, _features, sessions). */
export const usageDaySchema = z.object({
  day: calendarDateSchema,
  users: z.array(z.string()),
  features: z.array(z.string()),
  sessionMinutes: z.number().nonnegative(),
});

export const surveyAnswerSchema = z.object({
  kind: z.enum(['nps', 'csat']),
  score: z.number().int().min(0).max(10),
  submittedOn: calendarDateSchema,
});

export const milestoneSchema = z.object({
  dueDate: calendarDateSchema,
  doneOn: calendarDateSchema.nullable(),
  required: z.boolean(),
});

export const healthHistoryDaySchema = z.object({ day: calendarDateSchema, score: z.number().int().min(0).max(100) });

/**
 * Everything the product stores about one company, each item dated: the features of a date read only
 * the items dated on or before it (a contract is dated by its close date, milestones by the hand-off).
 */
export const companyHistorySchema = z.object({
  companyId: z.string().min(1),
  contracts: z.array(contractSchema),
  usageDays: z.array(usageDaySchema),
  surveys: z.array(surveyAnswerSchema),
  handoffDate: calendarDateSchema.nullable(),
  milestones: z.array(milestoneSchema),
  healthScores: z.array(healthHistoryDaySchema),
});

export type UsageDay = z.infer<typeof usageDaySchema>;
export type SurveyAnswer = z.infer<typeof surveyAnswerSchema>;
export type Milestone = z.infer<typeof milestoneSchema>;
export type CompanyHistory = z.infer<typeof companyHistorySchema>;
