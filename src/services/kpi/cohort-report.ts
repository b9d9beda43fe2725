import { z } from 'zod';
import type { CohortGroup } from '../../domain/kpi/cohort-triangle';
import { roundForDisplay } from '../../domain/kpi/kpi-value';
import { toMajorUnits } from '../../domain/money/major-units';

/** One cell as the API and the CLI print it: money in major units, rates in percent, null without a value. */
export const cohortMonthReportSchema = z.object({
  offset: z.number().int(),
  month: z.string(),
  partial: z.boolean(),
  customers: z.number().int(),
  logoRetention: z.number().nullable(),
  mrr: z.number(),
  revenueRetention: z.number().nullable(),
});

export const cohortReportSchema = z.object({
  cohort: z.string(),
  size: z.number().int(),
  startMrr: z.number(),
  months: z.array(cohortMonthReportSchema),
});

export type CohortMonthReport = z.infer<typeof cohortMonthReportSchema> & { noValue: Record<string, string> };
export type CohortReport = Omit<z.infer<typeof cohortReportSchema>, 'months'> & { months: CohortMonthReport[] };
export type CohortGroupReport = { group: string | null; cohorts: CohortReport[] };

export function toCohortGroupReports(groups: readonly CohortGroup[], minorUnitDigits: number): CohortGroupReport[] {
  return groups.map((group) => ({
    group: group.group,
    cohorts: group.cohorts.map((cohort) => ({
      cohort: cohort.cohort,
      size: cohort.size,
      startMrr: toMajorUnits(cohort.startMrrMinor, minorUnitDigits),
      months: cohort.months.map((month) => {
        const noValue: Record<string, string> = {};
        if (month.logoRetention.kind === 'none') noValue.logoRetention = month.logoRetention.reason;
        if (month.revenueRetention.kind === 'none') noValue.revenueRetention = month.revenueRetention.reason;
        return {
          offset: month.offset,
          month: month.month,
          partial: month.partial,
          customers: month.customers,
          logoRetention: roundForDisplay(month.logoRetention),
          mrr: toMajorUnits(month.mrrMinor, minorUnitDigits),
          revenueRetention: roundForDisplay(month.revenueRetention),
          noValue,
        };
      }),
    })),
  }));
}

/** The CLI's `--json` cohort: exactly the report's fields, without the reasons. */
export function cohortWithoutReasons(cohort: CohortReport): z.infer<typeof cohortReportSchema> {
  return cohortReportSchema.parse(cohort);
}
