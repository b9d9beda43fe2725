import { z } from 'zod';

// Shared by the service (which builds the payload) and the card (which parses it), so it imports
// nothing but zod: the card bundle must build from this folder alone.

const calendarDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' that exists on the calendar. */
export const payloadCalendarDateSchema = z
  .string()
  .regex(calendarDatePattern, 'expected YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'not a real calendar date');

const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code');

/** Exact money: integer minor units (cents) of an ISO 4217 currency. */
export const payloadMoneySchema = z
  .object({
    amountMinor: z.number().int().nonnegative(),
    currency: currencySchema,
  })
  .strict();

export const healthBandSchema = z.enum(['red', 'yellow', 'green']);
export const lifecycleStageSchema = z.enum(['introduction', 'operation', 'adoption', 'established']);
export const lifecycleStages = lifecycleStageSchema.options;
export const touchModelSchema = z.enum(['high_touch', 'low_touch', 'tech_touch']);
export const milestoneStateSchema = z.enum(['on_track', 'behind', 'done']);
export const customerStatusSchema = z.enum(['customer', 'upcoming', 'former_customer', 'prospect']);
export const suggestionKindSchema = z.enum(['seat_expansion', 'plan_upgrade', 'cross_sell']);
/** How the card writes a measured value: '82.5%', '+12%', '120 days', '9 / 10'. */
export const measureUnitSchema = z.enum([
  'percent',
  'percent_change',
  'days',
  'minutes',
  'users',
  'seats',
  'features',
  'milestones',
  'score_of_10',
  'score_of_5',
  'number',
]);

/** A measure over the last 30 days and the 30 before; null with a reason when there is no value. */
export const trendMetricSchema = z
  .object({
    current: z.number().nullable(),
    previous: z.number().nullable(),
    missingReason: z.string().nullable(),
  })
  .strict();

export const milestonePayloadSchema = z
  .object({
    key: z.string().min(1),
    label: z.string(),
    required: z.boolean(),
    dueDate: payloadCalendarDateSchema,
    doneDate: payloadCalendarDateSchema.nullable(),
    /** Who marked it done, in words ('Product usage' when usage completed it). */
    doneBy: z.string().nullable(),
    state: milestoneStateSchema,
  })
  .strict();

export const onboardingPayloadSchema = z
  .object({
    stage: lifecycleStageSchema,
    stageSource: z.enum(['derived', 'manual']),
    derivedStage: lifecycleStageSchema,
    /** Who set the stage by hand and when, under a manual override. */
    manualOverride: z.object({ setBy: z.string(), setAt: z.string() }).strict().nullable(),
    /** Milestones done of all milestones, as a whole percent. */
    progressPercent: z.number().int().min(0).max(100),
    milestonesDone: z.number().int().nonnegative(),
    touchModel: touchModelSchema,
    /** The company's CSM by name: the one assigned at hand-off, else the company's owner; null: neither. */
    csmName: z.string().nullable(),
    handoffDate: payloadCalendarDateSchema,
    daysSinceHandoff: z.number().int().nonnegative().nullable(),
    /** False when the app opened the onboarding after some milestones were due (an existing customer at install). */
    trackedFromHandoff: z.boolean(),
    timeToValueDays: z.number().int().nonnegative().nullable(),
    milestones: z.array(milestonePayloadSchema),
  })
  .strict();

export const adoptionPayloadSchema = z
  .object({
    activeUsers: trendMetricSchema,
    seats: z.number().int().nonnegative().nullable(),
    seatUtilizationPercent: trendMetricSchema,
    meanSessionMinutes: trendMetricSchema,
    /** Distinct features used. */
    featureBreadth: trendMetricSchema,
  })
  .strict();

export const healthComponentPayloadSchema = z
  .object({
    component: z.string(),
    label: z.string(),
    score: z.number(),
    weight: z.number(),
    points: z.number(),
    raw: z.array(z.object({ label: z.string(), value: z.number().nullable(), unit: measureUnitSchema }).strict()),
  })
  .strict();

export const healthPayloadSchema = z
  .object({
    score: z.number().int().min(0).max(100),
    band: healthBandSchema,
    components: z.array(healthComponentPayloadSchema),
    leftOut: z.array(z.object({ component: z.string(), label: z.string(), reason: z.string() }).strict()),
    change30Days: z.number().int().nullable(),
  })
  .strict();

/** The stored daily scores of the last 90 days and the last change, in a CSM's words (computed by the service). */
export const healthTrendPayloadSchema = z
  .object({
    days: z.array(
      z
        .object({ date: payloadCalendarDateSchema, score: z.number().int().min(0).max(100), band: healthBandSchema })
        .strict(),
    ),
    lastChange: z
      .object({
        date: payloadCalendarDateSchema,
        previousDate: payloadCalendarDateSchema,
        scoreBefore: z.number().int().min(0).max(100),
        scoreNow: z.number().int().min(0).max(100),
        /** Null when no single component's points moved (e.g. only a weight changed). */
        driver: z
          .object({
            component: z.string(),
            label: z.string(),
            componentScoreBefore: z.number().nullable(),
            componentScoreNow: z.number().nullable(),
            pointsChange: z.number(),
          })
          .strict()
          .nullable(),
        /** The change in one sentence a CSM reads. */
        summary: z.string(),
      })
      .strict()
      .nullable(),
  })
  .strict();

export const suggestionPayloadSchema = z
  .object({
    id: z.string().min(1),
    kind: suggestionKindSchema,
    product: z.string(),
    title: z.string(),
    evidence: z.array(z.object({ label: z.string(), value: z.string() }).strict()),
    estimatedMrr: payloadMoneySchema,
    /** The deal created from this suggestion, once someone did. */
    createdDealId: z.string().nullable(),
  })
  .strict();

export const suggestionsPayloadSchema = z
  .object({
    items: z.array(suggestionPayloadSchema),
    /** Why rules hold every suggestion back, in words; null when they do not. */
    suppressedReason: z.string().nullable(),
  })
  .strict();

export const contractPayloadSchema = z
  .object({
    dealId: z.string(),
    /** The deal's name in HubSpot, or 'Deal <id>' when it has none. */
    dealName: z.string(),
    kind: z.string(),
    kindLabel: z.string(),
    product: z.string(),
    /** The catalog's name of the product. */
    productName: z.string(),
    mrr: payloadMoneySchema,
    startDate: payloadCalendarDateSchema,
    endDate: payloadCalendarDateSchema,
    seats: z.number().int().nullable(),
    status: z.enum(['active', 'upcoming', 'ended']),
  })
  .strict();

export const revenuePayloadSchema = z
  .object({
    mrr: payloadMoneySchema,
    arr: payloadMoneySchema,
    /** End of the latest active contract; null when the company has none. */
    renewalDate: payloadCalendarDateSchema.nullable(),
    daysToRenewal: z.number().int().nullable(),
    contracts: z.array(contractPayloadSchema),
  })
  .strict()
  .refine((revenue) => revenue.mrr.currency === revenue.arr.currency, {
    error: 'mrr and arr must share a currency',
    path: ['arr', 'currency'],
  });

/** One reason behind a company's churn risk, in words a CSM reads. */
export const riskDriverPayloadSchema = z
  .object({ explanation: z.string(), effect: z.enum(['raises risk', 'lowers risk']) })
  .strict();

/** The next renewal: when, how much is up, the churn risk with its drivers, and the open renewal deal in HubSpot. */
export const renewalPayloadSchema = z
  .object({
    renewalDate: payloadCalendarDateSchema,
    daysToRenewal: z.number().int(),
    /** MRR of the contracts that end on the renewal date. */
    amountUp: payloadMoneySchema,
    risk: z
      .object({
        /** Chance of churn at the renewal, in percent; null when the portal uses the health score (too few past renewals). */
        churnPercent: z.number().min(0).max(100).nullable(),
        method: z.enum(['model', 'health-score']),
        /** Why this method: the backtest's verdict, in words. */
        reason: z.string(),
        drivers: z.array(riskDriverPayloadSchema),
        /** The day the risk was scored. */
        asOf: payloadCalendarDateSchema,
      })
      .strict()
      .nullable(),
    renewalDeal: z
      .object({
        dealId: z.string(),
        name: z.string(),
        stage: z.string().nullable(),
        closeDate: payloadCalendarDateSchema.nullable(),
      })
      .strict()
      .nullable(),
  })
  .strict();

/** An open playbook run of the company (held-out runs are not shown: they have no steps). */
export const playbookRunPayloadSchema = z
  .object({
    playbook: z.string(),
    openedOn: payloadCalendarDateSchema,
    /** Why it opened, in one sentence. */
    evidence: z.string(),
    tasks: z.array(
      z
        .object({
          title: z.string(),
          status: z.enum(['to_do', 'done', 'not_created']),
          dueOn: payloadCalendarDateSchema.nullable(),
        })
        .strict(),
    ),
  })
  .strict();

export type PlaybookRunPayload = z.infer<typeof playbookRunPayloadSchema>;

/** One company below this one in its group (a child, a child's child, ...), with its figures on the card's day. */
export const subsidiaryPayloadSchema = z
  .object({
    id: z.string().regex(/^[0-9]+$/, 'expected a HubSpot object id'),
    name: z.string(),
    /** 1 for a direct subsidiary, 2 for a subsidiary's subsidiary, ... */
    depth: z.number().int().positive(),
    /** The latest daily score; null before the first scoring. */
    health: z
      .object({ score: z.number().int().min(0).max(100), band: healthBandSchema })
      .strict()
      .nullable(),
    mrr: payloadMoneySchema,
    /** The next renewal: the earliest end among its active contracts; null when it has none. */
    renewalDate: payloadCalendarDateSchema.nullable(),
  })
  .strict();

/** The companies below this one, nearest first (at most `shown`), and the whole group's totals. */
export const subsidiariesPayloadSchema = z
  .object({
    items: z.array(subsidiaryPayloadSchema),
    /** Subsidiaries beyond those listed. */
    notShown: z.number().int().nonnegative(),
    /** All subsidiaries, listed or not. */
    total: z.number().int().positive(),
    /** This company's MRR plus every subsidiary's. */
    groupMrr: payloadMoneySchema,
    /** Companies of the group (this one included) with MRR on the day. */
    groupCustomers: z.number().int().nonnegative(),
  })
  .strict()
  .refine((section) => section.items.length + section.notShown === section.total, {
    error: 'listed and not shown subsidiaries must add up to the total',
    path: ['notShown'],
  });

export type SubsidiariesPayload = z.infer<typeof subsidiariesPayloadSchema>;

export const companyHealthCardPayloadSchema = z
  .object({
    version: z.literal(1),
    /** The day the figures are for, in the portal's time zone. */
    asOf: payloadCalendarDateSchema,
    company: z
      .object({
        id: z.string().regex(/^[0-9]+$/, 'expected a HubSpot object id'),
        name: z.string(),
        status: customerStatusSchema,
      })
      .strict(),
    /** Null until onboarding starts (at hand-off or by hand). */
    onboarding: onboardingPayloadSchema.nullable(),
    adoption: adoptionPayloadSchema,
    /** Null when no component has data. */
    health: healthPayloadSchema.nullable(),
    /** Absent from services that keep no health history. */
    healthTrend: healthTrendPayloadSchema.optional(),
    suggestions: suggestionsPayloadSchema,
    revenue: revenuePayloadSchema,
    /** Null when the company has no contract coming up for renewal. */
    renewal: renewalPayloadSchema.nullable(),
    /** Absent from services that predate playbooks. */
    playbookRuns: z.array(playbookRunPayloadSchema).optional(),
    /** Absent when no company names this one as its parent (and from services that predate hierarchies). */
    subsidiaries: subsidiariesPayloadSchema.optional(),
  })
  .strict();

/** The card's action requests; each answers with the refreshed payload. */
export const setStageRequestSchema = z
  .object({ companyId: z.string().regex(/^[0-9]+$/), stage: lifecycleStageSchema })
  .strict();
export const completeMilestoneRequestSchema = z
  .object({ companyId: z.string().regex(/^[0-9]+$/), milestoneKey: z.string().min(1).max(100) })
  .strict();
export const createSuggestedDealRequestSchema = z
  .object({ companyId: z.string().regex(/^[0-9]+$/), suggestionId: z.string().min(1).max(200) })
  .strict();
export const dismissSuggestionRequestSchema = z
  .object({
    companyId: z.string().regex(/^[0-9]+$/),
    suggestionId: z.string().min(1).max(200),
    reason: z.string().trim().min(1).max(1000),
  })
  .strict();

export const cardActionPaths = {
  setStage: '/stage',
  completeMilestone: '/milestones/complete',
  createSuggestedDeal: '/suggestions/create-deal',
  dismissSuggestion: '/suggestions/dismiss',
} as const;

export type CompanyHealthCardPayload = z.infer<typeof companyHealthCardPayloadSchema>;
export type OnboardingPayload = z.infer<typeof onboardingPayloadSchema>;
export type AdoptionPayload = z.infer<typeof adoptionPayloadSchema>;
export type HealthTrendPayload = z.infer<typeof healthTrendPayloadSchema>;
export type HealthPayload = z.infer<typeof healthPayloadSchema>;
export type SuggestionsPayload = z.infer<typeof suggestionsPayloadSchema>;
export type SuggestionPayload = z.infer<typeof suggestionPayloadSchema>;
export type RevenuePayload = z.infer<typeof revenuePayloadSchema>;
export type RenewalPayload = z.infer<typeof renewalPayloadSchema>;
export type TrendMetric = z.infer<typeof trendMetricSchema>;
export type MeasureUnit = z.infer<typeof measureUnitSchema>;
export type PayloadMoney = z.infer<typeof payloadMoneySchema>;
export type LifecycleStage = z.infer<typeof lifecycleStageSchema>;
export type CardActionName = keyof typeof cardActionPaths;
