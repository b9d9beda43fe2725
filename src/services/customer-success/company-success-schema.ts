import { z } from 'zod';
import { leftOutReasonSchema } from '../../domain/health/component-result';
import { healthBandSchema } from '../../domain/health/health-band';
import { scoredComponentSchema } from '../../domain/health/health-score';
import { healthDriverSchema } from '../../domain/health/health-change';
import { healthComponentSchema } from '../../domain/health/health-settings';
import { calendarDateSchema } from '../../domain/time/calendar-date';
import { milestoneKeySchema } from '../../domain/lifecycle/lifecycle-settings';
import { milestoneStateSchema } from '../../domain/lifecycle/onboarding';
import { lifecycleStageSchema } from '../../domain/lifecycle/stage';
import { touchModelSchema } from '../../domain/lifecycle/touch-model';
import { suppressionReasonSchema } from '../../domain/suggestions/suggest';
import { suggestionKindSchema } from '../../domain/suggestions/suggestion-inputs';

/** Who did something: a HubSpot user id or e-mail, as the card sends it. */

export const manualStageSchema = z.object({
  stage: lifecycleStageSchema,
  setBy: z.string(),
  setAt: z.iso.datetime({ offset: true }),
});

export const milestoneViewSchema = z.object({
  key: milestoneKeySchema,
  label: z.string(),
  required: z.boolean(),
  dueDate: calendarDateSchema,
  doneAt: z.iso.datetime({ offset: true }).nullable(),
  // `usage` when product usage completed the milestone (e.g. the first three users active).
  doneBy: z.string().nullable(),
  state: milestoneStateSchema,
});

export const onboardingViewSchema = z.object({
  stage: lifecycleStageSchema,
  stageSource: z.enum(['derived', 'manual']),
  manualOverride: manualStageSchema.optional(),
  // What the rules say; differs from `stage` only under a manual override.
  derivedStage: lifecycleStageSchema,
  touchModel: touchModelSchema,
  handoffDate: calendarDateSchema,
  daysSinceHandoff: z.number().int().nonnegative().nullable(),
  /** False when the app opened the onboarding after some milestones were due and recorded them as done then. */
  trackedFromHandoff: z.boolean(),
  timeToValueDays: z.number().int().nonnegative().nullable(),
  milestones: z.array(milestoneViewSchema),
});

// The measures behind each score, e.g. { seatUtilizationPercent: 82.5, activeUsers: 33, seats: 40 }, as the domain explains them.
export const healthComponentViewSchema = scoredComponentSchema;

export const leftOutViewSchema = z.object({
  component: healthComponentSchema,
  weight: z.number(),
  reason: leftOutReasonSchema,
  reasonText: z.string(),
});

export const healthViewSchema = z.object({
  asOf: calendarDateSchema,
  score: z.number().int().min(0).max(100),
  band: healthBandSchema,
  profile: z.string(),
  components: z.array(healthComponentViewSchema),
  leftOut: z.array(leftOutViewSchema),
  change30Days: z.number().int().nullable(),
  drivers: z.array(healthDriverSchema),
});

export const evidenceItemSchema = z.object({ label: z.string(), value: z.string() });

export const suggestionViewSchema = z.object({
  // Stable per company: `<kind>:<product>`, the handle for dismissing it.
  id: z.string(),
  kind: suggestionKindSchema,
  product: z.string(),
  title: z.string(),
  evidence: z.array(evidenceItemSchema),
  estimatedMrrMinor: z.number().int().nonnegative(),
});

export const companySuccessSchema = z.object({
  companyId: z.string(),
  asOf: calendarDateSchema,
  currency: z.string(),
  onboarding: onboardingViewSchema.nullable(),
  health: healthViewSchema.nullable(),
  suggestions: z.array(suggestionViewSchema),
  // Why there are no suggestions at all, when a rule holds them back.
  suggestionsSuppressed: suppressionReasonSchema.nullable(),
});

// Strict: who acted comes from the credential, so a body that names an `actor` is refused rather than ignored.
export const setManualStageBodySchema = z.object({ stage: z.union([lifecycleStageSchema, z.null()]) }).strict();
export const completeMilestoneBodySchema = z.object({}).strict();
export const dismissSuggestionBodySchema = z.object({ reason: z.string().trim().min(1).max(1000) }).strict();

export type ManualStage = z.infer<typeof manualStageSchema>;
export type MilestoneView = z.infer<typeof milestoneViewSchema>;
export type OnboardingView = z.infer<typeof onboardingViewSchema>;
export type HealthView = z.infer<typeof healthViewSchema>;
export type EvidenceItem = z.infer<typeof evidenceItemSchema>;
export type SuggestionView = z.infer<typeof suggestionViewSchema>;
export type CompanySuccess = z.infer<typeof companySuccessSchema>;
