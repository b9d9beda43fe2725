import { z } from 'zod';

const percent = z.number().min(0).max(100);

/** Where each maturity criterion's bar sits (domain §7); every threshold is a setting with this default. */
export const maturitySettingsSchema = z.object({
  /** Insight and action: share of alerted companies a CSM acted on within `alertActionDays` of the first alert. */
  alertsActedOnPercent: percent.default(50),
  /** Insight and action: days after a company's first alert within which an action counts as acting on it. */
  alertActionDays: z.number().int().min(1).max(90).default(7),
  /** Insight and action: CSM actions recorded in the window per 100 customers. */
  actionsPerHundredCustomers: z.number().nonnegative().default(20),
  /** Outcome: share of treated playbook runs opened in the window with a task completed (the playbooks are run). */
  playbookRunsProgressingPercent: percent.default(50),
  /** Outcome: playbooks whose outcome against the holdout has enough runs to compare. */
  measuredPlaybooks: z.number().int().min(1).default(1),
  /** Outcome: share of opened onboardings whose time to value is measured (onboarding complete). */
  timeToValueMeasuredPercent: percent.default(50),
  /** Outcome: share of customers with an NPS or CSAT answer in the window. */
  surveyCoveragePercent: percent.default(30),
  /** Transformation: share of customers with an NPS or CSAT answer in the window. */
  broadSurveyCoveragePercent: percent.default(60),
  /** Transformation: months of NRR needed to call a trend. */
  nrrTrendMonths: z.number().int().min(2).default(6),
  /** Transformation: NRR the recent months must average at least. */
  nrrTargetPercent: z.number().positive().default(100),
});

export type MaturitySettings = z.infer<typeof maturitySettingsSchema>;

export const defaultMaturitySettings: MaturitySettings = maturitySettingsSchema.parse({});
