import { z } from 'zod';
import { addDays, calendarDateSchema, earliestDate, latestDate, type CalendarDate } from '../time/calendar-date';
import { milestoneKeySchema, type LifecycleSettings } from './lifecycle-settings';

export const contractKindSchema = z.enum(['new', 'renewal', 'upsell', 'cross_sell', 'downgrade']);

/** The part of a contract the hand-off needs; the contracts module owns the full shape. */
export const handoffContractSchema = z.object({
  kind: contractKindSchema,
  startDate: calendarDateSchema,
});

export const milestoneSchema = z.object({
  key: milestoneKeySchema,
  label: z.string().min(1),
  required: z.boolean(),
  dueDate: calendarDateSchema,
  doneDate: calendarDateSchema.nullable(),
  /** Recorded as done because it was already due when the app opened the onboarding (`beforeTrackingActor`). */
  doneBeforeTracking: z.boolean().optional(),
});

export const onboardingRecordSchema = z.object({
  handoffDate: calendarDateSchema,
  milestones: z.array(milestoneSchema),
});

/**
 * Who "did" a milestone that was already due when the app opened the company's onboarding: nobody the app saw. A
 * customer of years has long been onboarded, and the app cannot know how; recording those milestones as overdue
 * would flood a new portal with alerts, playbook tasks and onboarding scores of 0 for its established customers.
 */
export const beforeTrackingActor = 'before-tracking';

/** A stored milestone's `doneBy` as the domain reads it: whether it was recorded done before the app tracked it. */
export function doneBeforeTrackingBy(doneBy: string | null): Pick<Milestone, 'doneBeforeTracking'> {
  return doneBy === beforeTrackingActor ? { doneBeforeTracking: true } : {};
}

/**
 * Whether the app saw this onboarding from its hand-off: false when it opened it with milestones already due, whose
 * completion it assumed. Such an onboarding has no time to value and stays out of the onboarding KPIs and cohorts.
 */
export function trackedFromHandoff(record: OnboardingRecord): boolean {
  return !record.milestones.some((milestone) => milestone.doneBeforeTracking === true);
}

export const milestoneStateSchema = z.enum(['on_track', 'behind', 'done']);

export type HandoffContract = z.infer<typeof handoffContractSchema>;
export type Milestone = z.infer<typeof milestoneSchema>;
export type OnboardingRecord = z.infer<typeof onboardingRecordSchema>;
export type MilestoneState = z.infer<typeof milestoneStateSchema>;

/** Hand-off is the start of the company's first `new` contract; null when it has none. */
export function findHandoffDate(contracts: readonly HandoffContract[]): CalendarDate | null {
  return earliestDate(contracts.filter((contract) => contract.kind === 'new').map((contract) => contract.startDate));
}

export function createOnboarding(handoffDate: CalendarDate, settings: LifecycleSettings): OnboardingRecord {
  return {
    handoffDate,
    milestones: settings.milestones.map((definition) => ({
      key: definition.key,
      label: definition.label,
      required: definition.required,
      dueDate: addDays(handoffDate, definition.dueOffsetDays),
      doneDate: null,
    })),
  };
}

export function completeMilestone(record: OnboardingRecord, key: string, doneDate: CalendarDate): OnboardingRecord {
  if (!record.milestones.some((milestone) => milestone.key === key)) {
    throw new RangeError(`Unknown onboarding milestone: ${key}`);
  }
  return {
    ...record,
    milestones: record.milestones.map((milestone) => (milestone.key === key ? { ...milestone, doneDate } : milestone)),
  };
}

/**
 * Completes usage-driven milestones on the day the Nth distinct user was first active.
 * `usersFirstActiveOn` holds one date per distinct user of the company.
 */
export function applyUsageMilestones(
  record: OnboardingRecord,
  usersFirstActiveOn: readonly CalendarDate[],
  settings: LifecycleSettings,
): OnboardingRecord {
  const sortedDates = [...usersFirstActiveOn].sort();
  return {
    ...record,
    milestones: record.milestones.map((milestone) => {
      const threshold = settings.milestones.find(
        (definition) => definition.key === milestone.key,
      )?.completesWhenActiveUsersReach;
      const reachedOn = threshold === undefined ? undefined : sortedDates[threshold - 1];
      if (milestone.doneDate !== null || reachedOn === undefined) return milestone;
      return { ...milestone, doneDate: reachedOn < record.handoffDate ? record.handoffDate : reachedOn };
    }),
  };
}

function isDoneBy(milestone: Milestone, asOf: CalendarDate): boolean {
  // A completion dated after `asOf` did not exist yet on that day.
  return milestone.doneDate !== null && milestone.doneDate <= asOf;
}

export function milestoneState(milestone: Milestone, asOf: CalendarDate): MilestoneState {
  if (isDoneBy(milestone, asOf)) return 'done';
  return asOf > milestone.dueDate ? 'behind' : 'on_track';
}

/** The day the last required milestone was done, or null while onboarding is still open on `asOf`. */
export function onboardingCompletedOn(record: OnboardingRecord, asOf: CalendarDate): CalendarDate | null {
  const required = record.milestones.filter((milestone) => milestone.required);
  if (!required.every((milestone) => isDoneBy(milestone, asOf))) return null;
  return (
    latestDate(required.flatMap((milestone) => (milestone.doneDate === null ? [] : [milestone.doneDate]))) ??
    record.handoffDate
  );
}

export const milestoneSummarySchema = z.object({
  done: z.number().int().nonnegative(),
  onTrack: z.number().int().nonnegative(),
  behind: z.number().int().nonnegative(),
  overdue: z.array(z.object({ key: milestoneKeySchema, label: z.string(), dueDate: calendarDateSchema })),
});

export type MilestoneSummary = z.infer<typeof milestoneSummarySchema>;

/** Counts over the required milestones only: optional ones never hold onboarding back. */
export function summarizeMilestones(record: OnboardingRecord, asOf: CalendarDate): MilestoneSummary {
  const summary: MilestoneSummary = { done: 0, onTrack: 0, behind: 0, overdue: [] };
  for (const milestone of record.milestones.filter((candidate) => candidate.required)) {
    const state = milestoneState(milestone, asOf);
    if (state === 'done') summary.done += 1;
    if (state === 'on_track') summary.onTrack += 1;
    if (state === 'behind') {
      summary.behind += 1;
      summary.overdue.push({ key: milestone.key, label: milestone.label, dueDate: milestone.dueDate });
    }
  }
  return summary;
}
