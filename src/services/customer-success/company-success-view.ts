import { z } from 'zod';
import type { DismissalRow } from '../../db/repositories/customer-success-dismissals-repository';
import type { StoredHealthScore } from '../../db/repositories/customer-success-health-repository';
import type {
  OnboardingMilestoneRow,
  OnboardingRecordRow,
} from '../../db/repositories/customer-success-onboarding-repository';
import type { Portal } from '../../db/repositories/portals-repository';
import { leftOutReasonText } from '../../domain/health/component-result';
import { healthChangeSchema } from '../../domain/health/health-change';
import { healthExplanationSchema } from '../../domain/health/health-score';
import {
  doneBeforeTrackingBy,
  milestoneState,
  trackedFromHandoff,
  type OnboardingRecord,
} from '../../domain/lifecycle/onboarding';
import { resolveStage } from '../../domain/lifecycle/stage';
import { daysSinceHandoff, timeToValueDays } from '../../domain/lifecycle/time-to-value';
import { activeDismissalFor, suppressionReasonSchema } from '../../domain/suggestions/suggest';
import { suggestionSchema } from '../../domain/suggestions/suggestion';
import { instantToLocalDate } from '../../domain/time/time-zone';
import type { CompanySuccess, HealthView, ManualStage, MilestoneView, OnboardingView } from './company-success-schema';
import type { CustomerSuccessSettings } from './customer-success-settings';
import { toSuggestionView } from './suggestion-views';

type StoredOnboarding = Pick<
  OnboardingRecordRow,
  'handoffDate' | 'touchModel' | 'manualStage' | 'manualStageSetBy' | 'manualStageSetAt'
>;
type StoredMilestone = Pick<OnboardingMilestoneRow, 'key' | 'label' | 'required' | 'dueDate' | 'doneAt' | 'doneBy'>;

/** The stored rows one company's success view is made of (read one by one, or in the card's single statement). */
export interface CompanySuccessRows {
  readonly portal: Pick<Portal, 'timeZone' | 'currency'>;
  readonly score: Pick<StoredHealthScore, 'scoreDate' | 'adoptionSince' | 'explanation' | 'suggestions'> | null;
  readonly onboarding: StoredOnboarding | null;
  /** In position order. */
  readonly milestones: readonly StoredMilestone[];
  /** Oldest first. */
  readonly dismissals: ReadonlyArray<Pick<DismissalRow, 'kind' | 'product' | 'dismissedAt'>>;
}

const storedSuggestionsSchema = z.object({
  candidates: z.array(suggestionSchema).default([]),
  suppressed: suppressionReasonSchema.nullable().default(null),
});

function toRecord(handoffDate: string, milestones: readonly StoredMilestone[], timeZone: string): OnboardingRecord {
  return {
    handoffDate,
    milestones: milestones.map((milestone) => ({
      key: milestone.key,
      label: milestone.label,
      required: milestone.required,
      dueDate: milestone.dueDate,
      doneDate: milestone.doneAt === null ? null : instantToLocalDate(Date.parse(milestone.doneAt), timeZone),
      ...doneBeforeTrackingBy(milestone.doneBy),
    })),
  };
}

function toOnboardingView(
  stored: StoredOnboarding | null,
  milestones: readonly StoredMilestone[],
  asOf: string,
  timeZone: string,
  adoptionSince: string | null,
  settings: CustomerSuccessSettings,
): OnboardingView | null {
  if (stored === null) return null;
  const record = toRecord(stored.handoffDate, milestones, timeZone);
  const manualOverride: ManualStage | undefined =
    stored.manualStage === null
      ? undefined
      : {
          stage: stored.manualStage,
          setBy: stored.manualStageSetBy ?? '',
          setAt: new Date(stored.manualStageSetAt ?? 0).toISOString(),
        };
  const derived = resolveStage({ asOf, onboarding: record, adoptionSince, override: null }, settings.lifecycle);
  const derivedStage = derived.stage ?? 'introduction';
  const tracked = trackedFromHandoff(record);
  return {
    stage: manualOverride?.stage ?? derivedStage,
    stageSource: manualOverride === undefined ? 'derived' : 'manual',
    ...(manualOverride === undefined ? {} : { manualOverride }),
    derivedStage,
    touchModel: stored.touchModel,
    handoffDate: stored.handoffDate,
    daysSinceHandoff: daysSinceHandoff(stored.handoffDate, asOf),
    trackedFromHandoff: tracked,
    // Milestones the app assumed done have no real completion day: the time they took is not known.
    timeToValueDays: tracked ? timeToValueDays(record, asOf) : null,
    milestones: record.milestones.map((milestone, index): MilestoneView => {
      const row = milestones[index];
      const state = milestoneState(milestone, asOf);
      return {
        key: milestone.key,
        label: milestone.label,
        required: milestone.required,
        dueDate: milestone.dueDate,
        doneAt: state === 'done' && row?.doneAt ? new Date(row.doneAt).toISOString() : null,
        doneBy: state === 'done' ? (row?.doneBy ?? null) : null,
        state,
      };
    }),
  };
}

function toHealthView(explanation: unknown, scoreDate: string): HealthView | null {
  const parsed = healthExplanationSchema.safeParse(explanation);
  if (!parsed.success || parsed.data.score === null || parsed.data.band === null) return null;
  const change = healthChangeSchema.safeParse((explanation as { change?: unknown }).change);
  return {
    asOf: scoreDate,
    score: parsed.data.score,
    band: parsed.data.band,
    profile: parsed.data.profile,
    components: parsed.data.components,
    leftOut: parsed.data.leftOut.map((entry) => ({ ...entry, reasonText: leftOutReasonText[entry.reason] })),
    change30Days: change.success ? change.data.change : null,
    drivers: change.success ? change.data.drivers : [],
  };
}

/**
 * Everything the company card shows: onboarding and stage (live, so a CSM's change shows at once),
 * the newest stored health score on or before `asOf`, and that day's suggestions minus dismissals.
 */
export function companySuccessFromRows(
  rows: CompanySuccessRows,
  companyId: string,
  asOf: string,
  settings: CustomerSuccessSettings,
): CompanySuccess {
  const { portal, score } = rows;
  const onboarding = toOnboardingView(
    rows.onboarding,
    rows.milestones,
    asOf,
    portal.timeZone,
    score?.adoptionSince ?? null,
    settings,
  );
  const stored = storedSuggestionsSchema.safeParse(score?.suggestions ?? {});
  const dismissals = rows.dismissals.map((row) => ({
    kind: row.kind,
    productId: row.product,
    dismissedOn: instantToLocalDate(Date.parse(row.dismissedAt), portal.timeZone),
  }));
  const stillOnboarding = onboarding !== null && onboarding.stage === 'introduction';
  const suppressed = stored.success
    ? (stored.data.suppressed ?? (stillOnboarding ? 'onboarding_incomplete' : null))
    : null;
  const candidates = stored.success && suppressed === null ? stored.data.candidates : [];
  return {
    companyId,
    asOf,
    currency: portal.currency,
    onboarding,
    health: score === null ? null : toHealthView(score.explanation, score.scoreDate),
    suggestions: candidates
      .filter((suggestion) => activeDismissalFor(suggestion, dismissals, asOf, settings.suggestions) === undefined)
      .map((suggestion) => toSuggestionView(suggestion, settings.catalog, portal.currency)),
    suggestionsSuppressed: suppressed,
  };
}
