// The reference for cohort retention (domain §3.2): the SQL in src/db/repositories/cohort-retention-query.ts is held equal to it by a differential test.
import { companyMrrOnDay, groupContractsByCompany } from '../contracts/company-mrr';
import type { Contract } from '../contracts/contract-schema';
import { monthOf, type CalendarDate, type CalendarMonth } from '../time/calendar-date';
import {
  cohortReportMonths,
  cohortRequestSchema,
  sortCohortGroups,
  toCohort,
  type CohortCount,
  type CohortCut,
  type CohortGroup,
} from './cohort-triangle';
import type { KpiCompany } from './kpi-input';

export type CohortInput = { companies: readonly KpiCompany[]; contracts: readonly Contract[] };

const cutAttribute: Record<CohortCut, (company: KpiCompany) => string | null> = {
  owner: (company) => company.ownerId,
  tier: (company) => company.tier,
  industry: (company) => company.industry,
};

/**
 * The first day the company has MRR > 0, up to `asOfDate`. MRR only rises on a contract's start day, so the
 * start days are the only candidates.
 */
export function firstCustomerDay(contracts: readonly Contract[], asOfDate: CalendarDate): CalendarDate | null {
  const starts = [...new Set(contracts.map((contract) => contract.startDate))].filter((day) => day <= asOfDate).sort();
  return starts.find((day) => companyMrrOnDay(contracts, day) > 0) ?? null;
}

/**
 * Logo and revenue retention by start-month cohort (domain §3.2) for the cohorts of `from`..`to`, per group of
 * the cut (one group, null, without one). A company's cohort is the month of its first day as a customer; a
 * company that leaves and comes back stays in it. Only cohorts with at least one company are listed.
 */
export function computeCohortRetention(
  input: CohortInput,
  requestInput: { from: string; to: string; asOfDate: string; cut?: CohortCut | null },
): CohortGroup[] {
  const request = cohortRequestSchema.parse(requestInput);
  const months = cohortReportMonths(request.from, request.to, request.asOfDate);
  const reported = new Set(months.map((reportMonth) => reportMonth.month));
  const companies = new Map(input.companies.map((company) => [company.id, company]));
  // group -> cohort -> member contracts by company
  const groups = new Map<string | null, Map<CalendarMonth, Contract[][]>>();
  for (const [companyId, contracts] of groupContractsByCompany(input.contracts)) {
    const firstDay = firstCustomerDay(contracts, request.asOfDate);
    if (firstDay === null || !reported.has(monthOf(firstDay))) continue;
    const company = companies.get(companyId);
    const group = request.cut === null || company === undefined ? null : cutAttribute[request.cut](company);
    const cohorts = groups.get(group) ?? new Map<CalendarMonth, Contract[][]>();
    groups.set(group, cohorts);
    cohorts.set(monthOf(firstDay), [...(cohorts.get(monthOf(firstDay)) ?? []), contracts]);
  }
  return sortCohortGroups(
    [...groups].map(([group, cohorts]) => ({
      group,
      cohorts: [...cohorts].map(([cohort, members]) => {
        const counts = new Map<CalendarMonth, Omit<CohortCount, 'month'>>();
        for (const reportMonth of months.filter((candidate) => candidate.month >= cohort)) {
          const mrrs = members.map((contracts) => companyMrrOnDay(contracts, reportMonth.measuredOn));
          counts.set(reportMonth.month, {
            customers: mrrs.filter((mrr) => mrr > 0).length,
            mrrMinor: mrrs.reduce((sum, mrr) => sum + mrr, 0),
          });
        }
        return toCohort(cohort, members.length, counts, months);
      }),
    })),
  );
}
