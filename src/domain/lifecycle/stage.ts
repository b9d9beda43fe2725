import { z } from 'zod';
import { addDays, calendarDateSchema, daysBetween, type CalendarDate } from '../time/calendar-date';
import type { LifecycleSettings } from './lifecycle-settings';
import { onboardingCompletedOn, onboardingRecordSchema } from './onboarding';

export const lifecycleStageSchema = z.enum(['introduction', 'operation', 'adoption', 'established']);

export const stageOverrideSchema = z.object({
  stage: lifecycleStageSchema,
  setBy: z.string().min(1),
  setAt: z.iso.datetime({ offset: true }),
});

/** One day's view of the adoption criteria, measured over the trailing adoption window. */
export const adoptionSnapshotSchema = z.object({
  date: calendarDateSchema,
  seatUtilizationPercent: z.number().nonnegative().nullable(),
  coreFeaturesUsed: z.number().int().nonnegative(),
});

export const derivedStageReasonSchema = z.enum([
  'no_handoff',
  'onboarding_open',
  'adoption_criteria_not_met',
  'adoption_criteria_met',
  'adoption_held',
]);

export const stageResultSchema = z.discriminatedUnion('source', [
  z.object({
    source: z.literal('manual'),
    stage: lifecycleStageSchema,
    setBy: z.string(),
    setAt: z.string(),
    derivedStage: lifecycleStageSchema.nullable(),
  }),
  z.object({
    source: z.literal('derived'),
    stage: lifecycleStageSchema.nullable(),
    reason: derivedStageReasonSchema,
    adoptionSince: calendarDateSchema.nullable(),
  }),
]);

export type LifecycleStage = z.infer<typeof lifecycleStageSchema>;
export type AdoptionSnapshot = z.infer<typeof adoptionSnapshotSchema>;
export type StageResult = z.infer<typeof stageResultSchema>;

export function meetsAdoptionCriteria(snapshot: AdoptionSnapshot, settings: LifecycleSettings): boolean {
  return (
    snapshot.seatUtilizationPercent !== null &&
    snapshot.seatUtilizationPercent >= settings.adoption.minSeatUtilizationPercent &&
    snapshot.coreFeaturesUsed >= settings.adoption.minCoreFeaturesUsed
  );
}

/**
 * First day of the unbroken run of days, ending on `asOf`, that met the adoption criteria.
 * A day missing from the history breaks the run: unknown is not adopted.
 */
export function adoptionStreakStart(
  history: readonly AdoptionSnapshot[],
  asOf: CalendarDate,
  settings: LifecycleSettings,
): CalendarDate | null {
  const metOn = new Set(
    history.filter((snapshot) => meetsAdoptionCriteria(snapshot, settings)).map((snapshot) => snapshot.date),
  );
  let start: CalendarDate | null = null;
  for (let day = asOf; metOn.has(day); day = addDays(day, -1)) start = day;
  return start;
}

export const stageInputSchema = z.object({
  asOf: calendarDateSchema,
  onboarding: onboardingRecordSchema.nullable(),
  adoptionSince: calendarDateSchema.nullable(),
  override: stageOverrideSchema.nullable(),
});

export type StageInput = z.infer<typeof stageInputSchema>;

function deriveStage(input: StageInput, settings: LifecycleSettings): Extract<StageResult, { source: 'derived' }> {
  const { asOf, onboarding, adoptionSince } = input;
  const derived = (stage: LifecycleStage | null, reason: z.infer<typeof derivedStageReasonSchema>) => ({
    source: 'derived' as const,
    stage,
    reason,
    adoptionSince,
  });
  if (onboarding === null) return derived(null, 'no_handoff');
  if (onboardingCompletedOn(onboarding, asOf) === null) return derived('introduction', 'onboarding_open');
  if (adoptionSince === null || adoptionSince > asOf) return derived('operation', 'adoption_criteria_not_met');
  const daysHeld = daysBetween(adoptionSince, asOf) + 1;
  return daysHeld >= settings.establishedAfterDays
    ? derived('established', 'adoption_held')
    : derived('adoption', 'adoption_criteria_met');
}

/**
 * Stages follow each other: adoption counts only once onboarding is complete, and
 * "established" lasts only while the adoption run continues. A manual stage always wins.
 */
export function resolveStage(input: StageInput, settings: LifecycleSettings): StageResult {
  const derived = deriveStage(input, settings);
  if (input.override === null) return derived;
  return {
    source: 'manual',
    stage: input.override.stage,
    setBy: input.override.setBy,
    setAt: input.override.setAt,
    derivedStage: derived.stage,
  };
}
