import { z } from 'zod';

// Shared by the service (which builds the payload) and the home page (which parses it), so it
// imports nothing but zod: the home page bundle must build from this folder alone. It also holds the one
// list of domain §3.1's fields, which the KPI service builds its report (API, CLI) with.

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const count = z.number().int().nonnegative();
/** A rate, ratio or money figure; null where its denominator is empty (domain §3: no value, never 0). */
const rate = z.number().nullable();
const money = z.number();

/**
 * One period as the API, the CLI and the manager view show it, with the names of domain §3.1: money in
 * major units, rates in percent, null without a value; `partial` marks a period still running.
 */
export const periodReportSchema = z.object({
  period: z.string(),
  customersStart: count,
  customersEnd: count,
  newCustomers: count,
  churnedCustomers: count,
  customerChurnRate: rate,
  retentionRate: rate,
  startMrr: money,
  newMrr: money,
  expansionMrr: money,
  contractionMrr: money,
  churnedMrr: money,
  endMrr: money,
  nrr: rate,
  grr: rate,
  revenueChurnRate: rate,
  averageRevenuePerAccount: rate,
  lifetimeValue: rate,
  upsellCustomers: count,
  upsellRate: rate,
  upsellMrr: money,
  crossSellCustomers: count,
  crossSellRate: rate,
  crossSellMrr: money,
  onboardingCohortSize: count,
  onboardingCompletedWithinTarget: count,
  onboardingCompletionRate: rate,
  onboardingProvisional: z.boolean(),
  medianDaysToComplete: rate,
  nps: rate,
  npsResponses: count,
  csatPercent: rate,
  csatMean: rate,
  csatResponses: count,
  dailyActiveUsers: count,
  weeklyActiveUsers: count,
  mau: count,
  meanSessionMinutes: rate,
  medianSessionMinutes: rate,
  minutesPerActiveUser: rate,
  seatUtilization: rate,
  partial: z.boolean(),
});

export type PeriodReport = z.infer<typeof periodReportSchema>;

/** For each null figure, why it has no value, in words (keyed by the figure's name). */
export const noValueSchema = z.record(z.string(), z.string());

/** The report row plus, for each null, why there is no value. */
export const periodReportWithReasonsSchema = periodReportSchema.extend({ noValue: noValueSchema });
export type PeriodReportWithReasons = z.infer<typeof periodReportWithReasonsSchema>;

/** The company attributes a KPI report can be cut by (domain §3, after §3.2). */
export const kpiCutNames = ['owner', 'industry', 'tier', 'lifecycle_stage', 'onboarding_cohort'] as const;

export const managerCutSchema = z.enum(kpiCutNames);
export type ManagerCut = z.infer<typeof managerCutSchema>;

export const bandCountsSchema = z.object({ red: count, yellow: count, green: count }).strict();
export const lifecycleStageNames = ['introduction', 'operation', 'adoption', 'established'] as const;
export const maturityStageNames = ['reactive', 'insight_and_action', 'outcome', 'transformation'] as const;

/**
 * A month of the trend: every KPI of domain §3.1 by the names the KPI report (API, CLI) gives them, and
 * for each null figure the reason in `noValue`; `partial` marks a month still running, measured as of `asOf`.
 */
export const monthKpisSchema = periodReportWithReasonsSchema.extend({ period: month }).strict();

/** A group of a cut (its company attribute's value, null for companies without one, and its label) with the same figures. */
export const groupKpisSchema = periodReportWithReasonsSchema
  .extend({ key: z.string().nullable(), label: z.string() })
  .strict();

export const stageCountsSchema = z
  .object({ introduction: count, operation: count, adoption: count, established: count })
  .strict();

export const cohortSchema = z
  .object({
    cohort: month,
    opened: count,
    completed: count,
    medianDaysToValue: z.number().nullable(),
    stages: stageCountsSchema,
  })
  .strict();

/** One start-month cohort's logo and revenue retention (domain §3.2): money in major units, rates in percent. */
export const retentionCohortSchema = z
  .object({
    cohort: month,
    size: count,
    startMrr: z.number(),
    months: z.array(
      z
        .object({
          offset: count,
          month,
          partial: z.boolean(),
          customers: count,
          logoRetention: rate,
          mrr: z.number(),
          revenueRetention: rate,
        })
        .strict(),
    ),
  })
  .strict();

export const alertItemSchema = z
  .object({
    companyId: z.string(),
    companyName: z.string().nullable(),
    /** The company's CSM by name: the one assigned at hand-off, else the company's owner. */
    csm: z.string().nullable(),
    score: z.number(),
    band: z.enum(['red', 'yellow', 'green']),
    alerts: z.array(z.string()),
  })
  .strict();

/** An open playbook run of a treated company: its tasks done of all, and those past their due day. */
export const openPlaybookRunSchema = z
  .object({
    companyId: z.string(),
    companyName: z.string().nullable(),
    /** The company's CSM by name: the one assigned at hand-off, else the company's owner. */
    csm: z.string().nullable(),
    playbook: z.string(),
    openedOn: day,
    tasks: count,
    tasksDone: count,
    tasksOverdue: count,
  })
  .strict();

export const maturityCriterionSchema = z
  .object({
    key: z.string(),
    stage: z.enum(maturityStageNames),
    label: z.string(),
    met: z.boolean(),
    evidence: z.string(),
    next: z.string(),
  })
  .strict();

export const managerPortfolioPayloadSchema = z
  .object({
    version: z.literal(1),
    portalId: z.number().int().positive(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    asOf: day,
    from: month,
    to: month,
    /** The month the headline figures show: the last complete month of the range unless asked otherwise. */
    headlineMonth: month.nullable(),
    months: z.array(monthKpisSchema),
    /** Companies with MRR > 0 on `on` (domain §1.1): the view's last day, `asOf` or the end of `to` when earlier. */
    customers: z.object({ on: day, count }).strict(),
    health: z
      .object({
        /** The day of the newest scores, null before the first health run. */
        scoredOn: day.nullable(),
        /** Whether any company had an active user in the 60 days to `scoredOn`; false: the scores left usage out. */
        usageReceived: z.boolean(),
        today: bandCountsSchema,
        byMonth: z.array(z.object({ month, scoredOn: day }).extend(bandCountsSchema.shape).strict()),
      })
      .strict(),
    onboarding: z
      .object({
        stages: stageCountsSchema,
        cohorts: z.array(cohortSchema),
        medianDaysToValue: z.number().nullable(),
        measured: count,
        /** Onboardings not complete of current and upcoming customers (a company that left ends its onboarding). */
        open: count,
      })
      .strict(),
    groups: z
      .object({
        cut: managerCutSchema,
        /** The trailing twelve months ending with the headline month, the KPI service's `T12M-…` period; partial while that month runs. */
        period: z.string(),
        rows: z.array(groupKpisSchema),
      })
      .strict(),
    alerts: z.object({ scoredOn: day.nullable(), total: count, items: z.array(alertItemSchema) }).strict(),
    /** Open playbook runs, most overdue tasks first, then oldest; `total` counts them all. */
    playbookRuns: z.object({ total: count, items: z.array(openPlaybookRunSchema) }).strict(),
    /** The cohorts of from..to followed to `to` (the running month measured today, partial). */
    retention: z
      .object({ cohorts: z.array(retentionCohortSchema) })
      .strict()
      .optional(),
    maturity: z
      .object({
        stage: z.enum(maturityStageNames),
        stages: z.array(
          z
            .object({
              stage: z.enum(maturityStageNames),
              label: z.string(),
              description: z.string(),
              reached: z.boolean(),
            })
            .strict(),
        ),
        criteria: z.array(maturityCriterionSchema),
        nextSteps: z.array(z.string()),
        windowStart: day,
        context: z.string(),
      })
      .strict(),
    /** Usage events whose account matches no company yet, and how to make them match. */
    unmatchedEvents: z.object({ count, hint: z.string() }).strict(),
    /** Deals that look like renewals of a term ending near them: whether they follow on or count as domain §1.1 says. */
    renewalsNote: z.string().nullable(),
  })
  .strict();

export type ManagerPortfolioPayload = z.infer<typeof managerPortfolioPayloadSchema>;
export type MonthKpis = z.infer<typeof monthKpisSchema>;
export type GroupKpis = z.infer<typeof groupKpisSchema>;
export type BandCounts = z.infer<typeof bandCountsSchema>;
export type CohortPayload = z.infer<typeof cohortSchema>;
export type AlertItem = z.infer<typeof alertItemSchema>;
export type OpenPlaybookRun = z.infer<typeof openPlaybookRunSchema>;
export type RetentionCohort = z.infer<typeof retentionCohortSchema>;
