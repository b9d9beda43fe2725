import { z } from 'zod';
import { lifecycleStageSchema } from '../lifecycle/stage';
import { healthBandSchema, type HealthBand } from './health-band';
import { healthCurvesSchema } from './health-curves';

export const healthComponentSchema = z.enum([
  'usage',
  'engagement',
  'breadth',
  'onboarding',
  'sentiment',
  'commercial',
]);

export type HealthComponent = z.infer<typeof healthComponentSchema>;

export const healthComponents = healthComponentSchema.options;

export const healthWeightsSchema = z
  .object({
    usage: z.number().nonnegative(),
    engagement: z.number().nonnegative(),
    breadth: z.number().nonnegative(),
    onboarding: z.number().nonnegative(),
    sentiment: z.number().nonnegative(),
    commercial: z.number().nonnegative(),
  })
  .refine((weights) => Object.values(weights).some((weight) => weight > 0), {
    error: 'at least one weight must be positive',
  });

export type HealthWeights = z.infer<typeof healthWeightsSchema>;

export const defaultHealthWeights: HealthWeights = {
  usage: 30,
  engagement: 15,
  breadth: 15,
  onboarding: 15,
  sentiment: 15,
  commercial: 10,
};

// How the measures inside one component are combined (weighted mean of the measures present).
const measureWeightsSchema = z.object({
  usage: z
    .object({
      seatUtilization: z.number().nonnegative().default(2),
      activeUserTrend: z.number().nonnegative().default(1),
    })
    .prefault({}),
  sentiment: z
    .object({ nps: z.number().nonnegative().default(1), csat: z.number().nonnegative().default(1) })
    .prefault({}),
  commercial: z
    .object({ daysToRenewal: z.number().nonnegative().default(1), contraction: z.number().nonnegative().default(1) })
    .prefault({}),
});

const bandsSchema = z
  .object({
    yellowFrom: z.number().int().min(1).max(100).default(40),
    greenFrom: z.number().int().min(1).max(100).default(70),
  })
  .refine((bands) => bands.yellowFrom < bands.greenFrom, { error: 'yellowFrom must be below greenFrom' });

const profileRuleSchema = z.object({
  profile: z.string().min(1),
  segment: z.string().min(1).optional(),
  stage: lifecycleStageSchema.optional(),
});

const alertSettingsSchema = z.object({
  dropPoints: z.number().positive().default(15),
  dropWindowDays: z.number().int().positive().default(30),
  // A comparison score may be this many days older than the window when a day is missing.
  historyToleranceDays: z.number().int().nonnegative().default(7),
  renewalWindowDays: z.number().int().positive().default(90),
  renewalBands: z.array(healthBandSchema).default((): HealthBand[] => ['red', 'yellow']),
  // Below the adoption stage's utilization (domain §4) once onboarding should be over. At 75 % the demo alerted on
  // 88 of its 124 customers, most of them healthy: a list a manager stops reading.
  lowSeatUtilizationPercent: z.number().nonnegative().default(50),
  lowSeatUtilizationAfterDays: z.number().int().nonnegative().default(90),
});

export const healthSettingsSchema = z
  .object({
    profiles: z
      .record(z.string().min(1), healthWeightsSchema)
      .default(() => ({ default: { ...defaultHealthWeights } }))
      .refine((profiles) => 'default' in profiles, { error: 'a "default" profile is required' }),
    // First matching rule picks the profile; no match uses "default".
    profileRules: z.array(profileRuleSchema).default(() => []),
    curves: healthCurvesSchema.prefault({}),
    measureWeights: measureWeightsSchema.prefault({}),
    bands: bandsSchema.prefault({}),
    sentimentMaxAgeDays: z.number().int().positive().default(180),
    changeWindowDays: z.number().int().positive().default(30),
    alerts: alertSettingsSchema.prefault({}),
  })
  .refine((settings) => settings.profileRules.every((rule) => rule.profile in settings.profiles), {
    error: 'every profile rule must name a configured profile',
    path: ['profileRules'],
  });

export type HealthSettings = z.infer<typeof healthSettingsSchema>;
