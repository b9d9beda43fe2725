// Reference only: the product computes KPIs in SQL (src/services/kpi); this exists to check it (test/kpi/sql-matches-domain.test.ts).
import { addDays, daysBetween, type CalendarDate } from '../time/calendar-date';
import { periodContains, type Period } from '../time/periods';
import type { OnboardingRecordInput } from './kpi-input';
import { median, ratio, type KpiValue } from './kpi-value';

export type OnboardingCompletion = {
  cohortSize: number;
  completedWithinTarget: number;
  completionRate: KpiValue;
  /** True while the target window of the cohort's last start has not elapsed: the rate can still rise. */
  provisional: boolean;
  /** Time to value: median days from start to completion over the cohort's completed onboardings. */
  medianDaysToComplete: KpiValue;
};

/** Completion as known on `asOfDate`: a completion date after it is not known yet. */
function daysToComplete(record: OnboardingRecordInput, asOfDate: CalendarDate): number | null {
  return record.completedOn !== null && record.completedOn <= asOfDate
    ? daysBetween(record.startedOn, record.completedOn)
    : null;
}

/**
 * The cohort is the onboardings started in the period (domain §3, onboarding completion rate) that the app saw from
 * their hand-off.
 */
export function onboardingCompletion(
  records: readonly OnboardingRecordInput[],
  cohort: Period,
  asOfDate: CalendarDate,
  targetDays: number,
): OnboardingCompletion {
  const members = records.filter(
    (record) => record.trackedFromHandoff !== false && periodContains(cohort, record.startedOn),
  );
  const completionDays = members.map((record) => daysToComplete(record, asOfDate)).filter((days) => days !== null);
  const completedWithinTarget = completionDays.filter((days) => days <= targetDays).length;
  return {
    cohortSize: members.length,
    completedWithinTarget,
    completionRate: ratio(completedWithinTarget, members.length, 'percent', 'no onboarding started in the period'),
    provisional: asOfDate < addDays(cohort.lastDay, targetDays),
    medianDaysToComplete: median(completionDays, 'days', 'no onboarding of the cohort is complete'),
  };
}
