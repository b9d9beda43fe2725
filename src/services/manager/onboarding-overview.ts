import type { CohortPayload, ManagerPortfolioPayload } from '../../../extensions/app/pages/shared/manager-payload';
import type { OnboardingMilestoneState, OnboardingStageRow } from '../../db/repositories/manager-portfolio-repository';
import { median, roundForDisplay } from '../../domain/kpi/kpi-value';
import { doneBeforeTrackingBy, trackedFromHandoff, type OnboardingRecord } from '../../domain/lifecycle/onboarding';
import { timeToValueDays } from '../../domain/lifecycle/time-to-value';
import { monthOf, type CalendarMonth } from '../../domain/time/calendar-date';

type StageCounts = ManagerPortfolioPayload['onboarding']['stages'];

const emptyStages = (): StageCounts => ({ introduction: 0, operation: 0, adoption: 0, established: 0 });

/** Each company's onboarding record as the lifecycle domain reads it. */
export function onboardingRecordsByCompany(rows: readonly OnboardingMilestoneState[]): Map<string, OnboardingRecord> {
  const records = new Map<string, OnboardingRecord>();
  for (const row of rows) {
    const record = records.get(row.companyId) ?? { handoffDate: row.handoffDate, milestones: [] };
    if (row.key !== '')
      record.milestones.push({
        key: row.key,
        label: row.label,
        required: row.required,
        dueDate: row.dueDate,
        doneDate: row.doneDate,
        ...doneBeforeTrackingBy(row.doneBy),
      });
    records.set(row.companyId, record);
  }
  return records;
}

function medianDays(days: readonly number[]): number | null {
  return roundForDisplay(median(days, 'days', 'no onboarding complete'), 1);
}

export interface OnboardingOverview {
  readonly payload: ManagerPortfolioPayload['onboarding'];
  /** Onboardings with at least one milestone done: the playbook is being run. */
  readonly progressing: number;
  /** Onboardings the app saw from their hand-off: those whose time to value can be measured. */
  readonly tracked: number;
}

/**
 * The funnel by lifecycle stage (domain §4) today and per hand-off cohort in `from`..`to`, and time
 * to value: the median days from hand-off to the completion of onboarding (lifecycle/time-to-value).
 */
export function onboardingOverview(
  stages: readonly OnboardingStageRow[],
  records: ReadonlyMap<string, OnboardingRecord>,
  asOf: string,
  from: CalendarMonth,
  to: CalendarMonth,
): OnboardingOverview {
  const today = emptyStages();
  const cohorts = new Map<CalendarMonth, { opened: number; days: number[]; stages: StageCounts }>();
  for (const row of stages) {
    if (row.stage !== null) today[row.stage] += 1;
    if (row.handoffDate === null) continue;
    const cohort = monthOf(row.handoffDate);
    if (cohort < from || cohort > to) continue;
    const record = records.get(row.companyId);
    // As in the onboarding KPIs: an onboarding the app did not see from its hand-off belongs to no cohort.
    if (record !== undefined && !trackedFromHandoff(record)) continue;
    const entry = cohorts.get(cohort) ?? { opened: 0, days: [], stages: emptyStages() };
    entry.opened += 1;
    if (row.stage !== null) entry.stages[row.stage] += 1;
    const days = record === undefined ? null : timeToValueDays(record, asOf);
    if (days !== null) entry.days.push(days);
    cohorts.set(cohort, entry);
  }
  const allDays: number[] = [];
  let progressing = 0;
  let open = 0;
  // An onboarding left unfinished by a company that has since left is over, not open.
  const current = new Set(stages.filter((row) => row.contractAhead).map((row) => row.companyId));
  let tracked = 0;
  for (const [companyId, record] of records) {
    // One handed off before the app is still open while its later milestones are, but has no time to value.
    const measured = trackedFromHandoff(record);
    if (measured) tracked += 1;
    const days = timeToValueDays(record, asOf);
    if (days === null) {
      if (current.has(companyId)) open += 1;
    } else if (measured) allDays.push(days);
    const doneByTheTeam = (milestone: OnboardingRecord['milestones'][number]) =>
      milestone.doneDate !== null && milestone.doneDate <= asOf && milestone.doneBeforeTracking !== true;
    if (record.milestones.some(doneByTheTeam)) progressing += 1;
  }
  const cohortRows: CohortPayload[] = [...cohorts]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([cohort, entry]) => ({
      cohort,
      opened: entry.opened,
      completed: entry.days.length,
      medianDaysToValue: medianDays(entry.days),
      stages: entry.stages,
    }));
  return {
    payload: {
      stages: today,
      cohorts: cohortRows,
      medianDaysToValue: medianDays(allDays),
      measured: allDays.length,
      open,
    },
    progressing,
    tracked,
  };
}
