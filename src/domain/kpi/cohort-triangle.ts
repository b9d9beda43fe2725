import { z } from 'zod';
import {
  addCalendarMonths,
  calendarDateSchema,
  calendarMonthSchema,
  lastDayOfMonth,
  monthOf,
  type CalendarDate,
  type CalendarMonth,
} from '../time/calendar-date';
import { kpiValueSchema, ratio } from './kpi-value';

/** The longest triangle a report shows: cohorts and offsets over at most this many months. */
export const maximumCohortMonths = 36;

export const cohortCutSchema = z.enum(['owner', 'tier', 'industry']);
export type CohortCut = z.infer<typeof cohortCutSchema>;

/** One cell of the triangle: cohort month c, offset k, measured on month c + k's last day (or today, while it runs). */
export const cohortMonthSchema = z.object({
  offset: z.number().int().nonnegative(),
  month: calendarMonthSchema,
  /** The month is still running: it is measured on `measuredOn` (today), not on its last day. */
  partial: z.boolean(),
  measuredOn: calendarDateSchema,
  customers: z.number().int().nonnegative(),
  logoRetention: kpiValueSchema,
  mrrMinor: z.number().int().nonnegative(),
  revenueRetention: kpiValueSchema,
});

export const cohortSchema = z.object({
  cohort: calendarMonthSchema,
  size: z.number().int().positive(),
  startMrrMinor: z.number().int().nonnegative(),
  months: z.array(cohortMonthSchema),
});

export const cohortGroupSchema = z.object({ group: z.string().nullable(), cohorts: z.array(cohortSchema) });

export type Cohort = z.infer<typeof cohortSchema>;
export type CohortGroup = z.infer<typeof cohortGroupSchema>;

export const cohortRequestSchema = z
  .object({
    from: calendarMonthSchema,
    to: calendarMonthSchema,
    asOfDate: calendarDateSchema,
    cut: cohortCutSchema.nullable().default(null),
  })
  .superRefine((request, context) => {
    const months = monthsFrom(request.from, request.to) + 1;
    if (months < 1) context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    if (months > maximumCohortMonths)
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the range is ${months} months; at most ${maximumCohortMonths}`,
      });
  });

/** Whole months from `from` to `to` (negative when `to` is earlier). */
export function monthsFrom(from: CalendarMonth, to: CalendarMonth): number {
  const index = (month: CalendarMonth) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
  return index(to) - index(from);
}

export type ReportMonth = { month: CalendarMonth; measuredOn: CalendarDate; partial: boolean };

/**
 * The months the report measures: `from` through `to`, but no later than the month of `asOfDate`, which is the
 * report's last month while it runs. Each is measured on its last day, the running one on `asOfDate`.
 */
export function cohortReportMonths(from: CalendarMonth, to: CalendarMonth, asOfDate: CalendarDate): ReportMonth[] {
  const current = monthOf(asOfDate);
  const last = to < current ? to : current;
  const months: ReportMonth[] = [];
  for (let month = from; month <= last; month = addCalendarMonths(month, 1)) {
    const lastDay = lastDayOfMonth(month);
    months.push({ month, measuredOn: lastDay <= asOfDate ? lastDay : asOfDate, partial: lastDay > asOfDate });
  }
  return months;
}

/** The cohort's members counted on one report month: customers among them and their MRR on that day. */
export type CohortCount = { month: CalendarMonth; customers: number; mrrMinor: number };

/**
 * Domain §3.2's rates from the counts of a cohort on each report month from its own on: logo retention over the
 * cohort's size, revenue retention over its MRR on offset 0's day (no value when that is 0).
 */
export function toCohort(
  cohort: CalendarMonth,
  size: number,
  counts: ReadonlyMap<CalendarMonth, Omit<CohortCount, 'month'>>,
  months: readonly ReportMonth[],
): Cohort {
  const ownMonths = months.filter((reportMonth) => reportMonth.month >= cohort);
  const startMrrMinor = counts.get(cohort)?.mrrMinor ?? 0;
  return {
    cohort,
    size,
    startMrrMinor,
    months: ownMonths.map((reportMonth) => {
      const count = counts.get(reportMonth.month) ?? { customers: 0, mrrMinor: 0 };
      return {
        offset: monthsFrom(cohort, reportMonth.month),
        month: reportMonth.month,
        partial: reportMonth.partial,
        measuredOn: reportMonth.measuredOn,
        customers: count.customers,
        logoRetention: ratio(count.customers, size, 'percent', 'the cohort has no companies'),
        mrrMinor: count.mrrMinor,
        revenueRetention: ratio(
          count.mrrMinor,
          startMrrMinor,
          'percent',
          "the cohort's MRR at the end of its first month is 0",
        ),
      };
    }),
  };
}

/** Groups sorted by name, the group without a value last; cohorts in month order. */
export function sortCohortGroups(groups: readonly CohortGroup[]): CohortGroup[] {
  return [...groups]
    .sort((left, right) =>
      left.group === null
        ? 1
        : right.group === null
          ? -1
          : left.group < right.group
            ? -1
            : left.group > right.group
              ? 1
              : 0,
    )
    .map((group) => ({
      group: group.group,
      cohorts: [...group.cohorts].sort((left, right) => (left.cohort < right.cohort ? -1 : 1)),
    }));
}
