import { daysBetween, type CalendarDate } from '../time/calendar-date';
import { onboardingCompletedOn, type OnboardingRecord } from './onboarding';

/** Null before hand-off so a future hand-off never shows as negative days. */
export function daysSinceHandoff(handoffDate: CalendarDate, asOf: CalendarDate): number | null {
  const days = daysBetween(handoffDate, asOf);
  return days < 0 ? null : days;
}

/** Days from hand-off to the completion of onboarding; null while onboarding is open. */
export function timeToValueDays(record: OnboardingRecord, asOf: CalendarDate): number | null {
  const completedOn = onboardingCompletedOn(record, asOf);
  return completedOn === null ? null : Math.max(0, daysBetween(record.handoffDate, completedOn));
}
