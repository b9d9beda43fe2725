import type { Database } from '../../db/client';
import { insertDismissal, listDismissals } from '../../db/repositories/customer-success-dismissals-repository';
import { findLatestScore } from '../../db/repositories/customer-success-health-repository';
import {
  companyExists,
  findOnboardingRecord,
  listMilestones,
  markMilestoneDone,
  updateManualStage,
  type OnboardingMilestoneRow,
  type OnboardingRecordRow,
} from '../../db/repositories/customer-success-onboarding-repository';
import { findPortal } from '../../db/repositories/portals-repository';
import { leftOutReasonText } from '../../domain/health/component-result';
import { healthChangeSchema } from '../../domain/health/health-change';
import { healthExplanationSchema } from '../../domain/health/health-score';
import { milestoneState, type OnboardingRecord } from '../../domain/lifecycle/onboarding';
import { resolveStage, type LifecycleStage } from '../../domain/lifecycle/stage';
import { daysSinceHandoff, timeToValueDays } from '../../domain/lifecycle/time-to-value';
import { suppressionReasonSchema, activeDismissalFor } from '../../domain/suggestions/suggest';
import { suggestionSchema } from '../../domain/suggestions/suggestion';
import { suggestionKindSchema } from '../../domain/suggestions/suggestion-inputs';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { AppError } from '../../http/app-error';
import { z } from 'zod';
import type { CompanySuccess, HealthView, ManualStage, MilestoneView, OnboardingView } from './company-success-schema';
import { defaultCustomerSuccessSettings, type CustomerSuccessSettings } from './customer-success-settings';
import { ensureOnboarding } from './onboarding-service';
import { suggestionId, toSuggestionView } from './suggestion-views';

export type { CompanySuccess } from './company-success-schema';

const storedSuggestionsSchema = z.object({
  candidates: z.array(suggestionSchema).default([]),
  suppressed: suppressionReasonSchema.nullable().default(null),
});

async function requireCompany(db: Database, portalId: number, companyId: string) {
  const portal = await findPortal(db, portalId);
  if (portal === undefined || !(await companyExists(db, portalId, companyId))) {
    throw new AppError('not_found', `Company ${companyId} is not synced in portal ${portalId}`);
  }
  return portal;
}

function toRecord(handoffDate: string, milestones: readonly OnboardingMilestoneRow[], timeZone: string): OnboardingRecord {
  return {
    handoffDate,
    milestones: milestones.map((milestone) => ({
      key: milestone.key,
      label: milestone.label,
      required: milestone.required,
      dueDate: milestone.dueDate,
      doneDate: milestone.doneAt === null ? null : instantToLocalDate(Date.parse(milestone.doneAt), timeZone),
    })),
  };
}

function toOnboardingView(
  stored: OnboardingRecordRow | null,
  milestones: readonly OnboardingMilestoneRow[],
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
      : { stage: stored.manualStage, setBy: stored.manualStageSetBy ?? '', setAt: new Date(stored.manualStageSetAt ?? 0).toISOString() };
  const derived = resolveStage({ asOf, onboarding: record, adoptionSince, override: null }, settings.lifecycle);
  const derivedStage = derived.stage ?? 'introduction';
  return {
    stage: manualOverride?.stage ?? derivedStage,
    stageSource: manualOverride === undefined ? 'derived' : 'manual',
    ...(manualOverride === undefined ? {} : { manualOverride }),
    derivedStage,
    touchModel: stored.touchModel,
    handoffDate: stored.handoffDate,
    daysSinceHandoff: daysSinceHandoff(stored.handoffDate, asOf),
    timeToValueDays: timeToValueDays(record, asOf),
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
export async function loadCompanySuccess(
  db: Database,
  portalId: number,
  companyId: string,
  asOf: string,
  settings: CustomerSuccessSettings = defaultCustomerSuccessSettings(),
): Promise<CompanySuccess | null> {
  // Independent reads, issued together: the card waits for the slowest one instead of their sum.
  const [portal, exists, score, onboardingRow, milestones, dismissalRows] = await Promise.all([
    findPortal(db, portalId),
    companyExists(db, portalId, companyId),
    findLatestScore(db, portalId, companyId, asOf),
    findOnboardingRecord(db, portalId, companyId),
    listMilestones(db, portalId, companyId),
    listDismissals(db, portalId, companyId),
  ]);
  if (portal === undefined || !exists) return null;
  const onboarding = toOnboardingView(onboardingRow, milestones, asOf, portal.timeZone, score?.adoptionSince ?? null, settings);
  const stored = storedSuggestionsSchema.safeParse(score?.suggestions ?? {});
  const dismissals = dismissalRows.map((row) => ({
    kind: row.kind,
    productId: row.product,
    dismissedOn: instantToLocalDate(Date.parse(row.dismissedAt), portal.timeZone),
  }));
  const stillOnboarding = onboarding !== null && onboarding.stage === 'introduction';
  const suppressed = stored.success ? (stored.data.suppressed ?? (stillOnboarding ? 'onboarding_incomplete' : null)) : null;
  const candidates = stored.success && suppressed === null ? stored.data.candidates : [];
  return {
    companyId,
    asOf,
    currency: portal.currency,
    onboarding,
    health: score === null ? null : toHealthView(score.explanation, score.scoreDate),
    suggestions: candidates
      .filter((suggestion) => activeDismissalFor(suggestion, dismissals, asOf, settings.suggestions) === undefined)
      .map((suggestion) => toSuggestionView(suggestion, settings.catalog)),
    suggestionsSuppressed: suppressed,
  };
}

async function requireOnboarding(db: Database, portalId: number, companyId: string) {
  await requireCompany(db, portalId, companyId);
  const record = await findOnboardingRecord(db, portalId, companyId);
  if (record === null) throw new AppError('not_found', `Company ${companyId} has no onboarding: it has no \`new\` contract yet`);
  return record;
}

/**
 * A CSM sets the stage by hand; it wins over the derived stage until cleared. Setting `introduction` on a
 * company without onboarding starts one today: the card's "start onboarding" for a customer whose deal
 * has not reached a closed-won stage yet.
 */
export async function setManualStage(db: Database, portalId: number, companyId: string, stage: LifecycleStage, actor: string): Promise<ManualStage> {
  await requireCompany(db, portalId, companyId);
  if (stage === 'introduction' && (await findOnboardingRecord(db, portalId, companyId)) === null) {
    const portal = await findPortal(db, portalId);
    await ensureOnboarding(db, portalId, companyId, instantToLocalDate(Date.now(), portal?.timeZone ?? 'UTC'));
  }
  await requireOnboarding(db, portalId, companyId);
  const override = { stage, setBy: actor, setAt: new Date().toISOString() };
  await updateManualStage(db, portalId, companyId, override);
  return override;
}

export async function clearManualStage(db: Database, portalId: number, companyId: string, actor: string): Promise<void> {
  void actor;
  await requireOnboarding(db, portalId, companyId);
  await updateManualStage(db, portalId, companyId, null);
}

/** Ticks a milestone off now; a milestone already done keeps its first completion. */
export async function completeMilestone(db: Database, portalId: number, companyId: string, milestoneKey: string, actor: string): Promise<void> {
  await requireOnboarding(db, portalId, companyId);
  const milestones = await listMilestones(db, portalId, companyId);
  if (!milestones.some((milestone) => milestone.key === milestoneKey)) {
    throw new AppError('not_found', `Unknown onboarding milestone: ${milestoneKey}`, { fields: [{ field: 'milestoneKey', message: 'unknown milestone' }] });
  }
  await markMilestoneDone(db, portalId, companyId, milestoneKey, new Date().toISOString(), actor);
}

/** Hides the suggestion `<kind>:<product>` for the configured number of days, recording why and who. */
export async function dismissSuggestion(
  db: Database,
  portalId: number,
  companyId: string,
  id: string,
  reason: string,
  actor: string,
): Promise<{ id: string; dismissedAt: string }> {
  await requireCompany(db, portalId, companyId);
  const [kindText, product] = id.split(':');
  const kind = suggestionKindSchema.safeParse(kindText);
  if (!kind.success || product === undefined || product === '' || suggestionId({ kind: kind.data, productId: product }) !== id) {
    throw new AppError('validation_failed', `Not a suggestion id: ${id}`, { fields: [{ field: 'suggestionId', message: 'expected <kind>:<product>' }] });
  }
  const dismissedAt = new Date().toISOString();
  await insertDismissal(db, { portalId, companyId, kind: kind.data, product, reason, dismissedBy: actor, dismissedAt });
  return { id, dismissedAt };
}
