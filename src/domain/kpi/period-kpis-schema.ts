// Shared: the fields every KPI report carries (domain §3.1); the product's rows (src/services/kpi) have exactly these.
import { z } from 'zod';
import { periodSchema } from '../time/periods';
import { kpiValueSchema } from './kpi-value';

const count = z.number().int().nonnegative();
const minorUnits = z.number().int();

/** One period's KPIs with the names of domain §3.1: counts and money as integers, rates as exact KPI values. */
export const periodKpisSchema = z.object({
  period: periodSchema,
  customersStart: count,
  customersEnd: count,
  newCustomers: count,
  churnedCustomers: count,
  customerChurnRate: kpiValueSchema,
  retentionRate: kpiValueSchema,
  startMrr: minorUnits,
  newMrr: minorUnits,
  expansionMrr: minorUnits,
  contractionMrr: minorUnits,
  churnedMrr: minorUnits,
  endMrr: minorUnits,
  nrr: kpiValueSchema,
  grr: kpiValueSchema,
  revenueChurnRate: kpiValueSchema,
  averageRevenuePerAccount: kpiValueSchema,
  lifetimeValue: kpiValueSchema,
  upsellCustomers: count,
  upsellRate: kpiValueSchema,
  upsellMrr: minorUnits,
  crossSellCustomers: count,
  crossSellRate: kpiValueSchema,
  crossSellMrr: minorUnits,
  onboardingCohortSize: count,
  onboardingCompletedWithinTarget: count,
  onboardingCompletionRate: kpiValueSchema,
  onboardingProvisional: z.boolean(),
  medianDaysToComplete: kpiValueSchema,
  nps: kpiValueSchema,
  npsResponses: count,
  csatPercent: kpiValueSchema,
  csatMean: kpiValueSchema,
  csatResponses: count,
  dailyActiveUsers: count,
  weeklyActiveUsers: count,
  mau: count,
  meanSessionMinutes: kpiValueSchema,
  medianSessionMinutes: kpiValueSchema,
  minutesPerActiveUser: kpiValueSchema,
  seatUtilization: kpiValueSchema,
  /** A running period (issue 16): measured as of today, its last day still to come. */
  partial: z.boolean(),
});

export type PeriodKpis = z.infer<typeof periodKpisSchema>;

/** The fields of domain §3.1 plus `partial`, in the page's order: every KPI report carries exactly these. */
export const periodKpiFields = Object.keys(periodKpisSchema.shape) as (keyof PeriodKpis)[];
