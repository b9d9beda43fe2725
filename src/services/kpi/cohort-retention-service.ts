import { z } from 'zod';
import type { Executor } from '../../db/client';
import { cohortCells } from '../../db/repositories/cohort-retention-repository';
import {
  cohortCutSchema,
  cohortReportMonths,
  cohortRequestSchema,
  sortCohortGroups,
  toCohort,
  type CohortCount,
  type CohortGroup,
} from '../../domain/kpi/cohort-triangle';
import { calendarDateSchema, calendarMonthSchema } from '../../domain/time/calendar-date';
import { instantToLocalDate } from '../../domain/time/time-zone';
import type { CustomerCounting } from '../../domain/kpi/customer-counting';
import { kpiSettingsSchema } from '../../domain/kpi/kpi-settings';
import { customerCounting } from './customer-counting-service';

export const cohortServiceRequestSchema = z.object({
  portalId: z.number().int().positive(),
  timeZone: z.string().min(1),
  from: calendarMonthSchema,
  to: calendarMonthSchema,
  cut: cohortCutSchema.nullable().default(null),
  /** Today in the portal's time zone unless given: the running month is measured on it. */
  asOfDate: calendarDateSchema.optional(),
  /** What one customer is; default: the portal's KPI setting `customers`. */
  customers: kpiSettingsSchema.shape.customers.optional(),
});

export type CohortServiceRequest = z.input<typeof cohortServiceRequestSchema>;

/** The portfolio's cohort triangles (domain §3.2), one per group of the cut, from the MRR kept with the contracts. */
export async function cohortRetention(db: Executor, requestInput: CohortServiceRequest): Promise<CohortGroup[]> {
  return (await cohortRetentionAsOf(db, requestInput)).groups;
}

/** The same, with the day the running month was measured on. */
export async function cohortRetentionAsOf(
  db: Executor,
  requestInput: CohortServiceRequest,
): Promise<{ asOfDate: string; customers: CustomerCounting; groups: CohortGroup[] }> {
  const parsed = cohortServiceRequestSchema.parse(requestInput);
  const request = cohortRequestSchema.parse({
    ...parsed,
    asOfDate: parsed.asOfDate ?? instantToLocalDate(Date.now(), parsed.timeZone),
  });
  const months = cohortReportMonths(request.from, request.to, request.asOfDate);
  const customers = parsed.customers ?? (await customerCounting(db, parsed.portalId));
  const cells = await cohortCells(db, { portalId: parsed.portalId, months, cut: request.cut, customers });
  const groups = new Map<
    string | null,
    Map<string, { size: number; counts: Map<string, Omit<CohortCount, 'month'>> }>
  >();
  for (const cell of cells) {
    const cohorts =
      groups.get(cell.group) ?? new Map<string, { size: number; counts: Map<string, Omit<CohortCount, 'month'>> }>();
    groups.set(cell.group, cohorts);
    const cohort = cohorts.get(cell.cohort) ?? {
      size: cell.size,
      counts: new Map<string, Omit<CohortCount, 'month'>>(),
    };
    cohorts.set(cell.cohort, cohort);
    cohort.counts.set(cell.month, { customers: cell.customers, mrrMinor: cell.mrrMinor });
  }
  const sorted = sortCohortGroups(
    [...groups].map(([group, cohorts]) => ({
      group,
      cohorts: [...cohorts].map(([cohort, { size, counts }]) => toCohort(cohort, size, counts, months)),
    })),
  );
  return { asOfDate: request.asOfDate, customers, groups: sorted };
}
