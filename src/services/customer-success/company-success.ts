import type { Database } from '../../db/client';
import { insertDismissal, listDismissals } from '../../db/repositories/customer-success-dismissals-repository';
import { findLatestScore } from '../../db/repositories/customer-success-health-repository';
import {
  companyExists,
  findOnboardingRecord,
  listMilestones,
  markMilestoneDone,
  updateManualStage,
} from '../../db/repositories/customer-success-onboarding-repository';
import { findPortal } from '../../db/repositories/portals-repository';
import type { LifecycleStage } from '../../domain/lifecycle/stage';
import { suggestionKindSchema } from '../../domain/suggestions/suggestion-inputs';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { ServiceError } from '../service-error';
import type { CompanySuccess, ManualStage } from './company-success-schema';
import { companySuccessFromRows } from './company-success-view';
import {
  customerSuccessSettingsFor,
  customerSuccessSettingsForReading,
  type CustomerSuccessSettings,
} from './customer-success-settings';
import { ensureOnboarding } from './onboarding-service';
import { suggestionId } from './suggestion-views';

export type { CompanySuccess } from './company-success-schema';

async function requireCompany(db: Database, portalId: number, companyId: string) {
  const portal = await findPortal(db, portalId);
  if (portal === undefined || !(await companyExists(db, portalId, companyId))) {
    throw new ServiceError('not_found', `Company ${companyId} is not synced in portal ${portalId}`);
  }
  return portal;
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
  settingsGiven?: CustomerSuccessSettings,
): Promise<CompanySuccess | null> {
  // Independent reads, issued together: the card waits for the slowest one instead of their sum.
  const [settings, portal, exists, score, onboarding, milestones, dismissals] = await Promise.all([
    settingsGiven ?? customerSuccessSettingsForReading(db, portalId),
    findPortal(db, portalId),
    companyExists(db, portalId, companyId),
    findLatestScore(db, portalId, companyId, asOf),
    findOnboardingRecord(db, portalId, companyId),
    listMilestones(db, portalId, companyId),
    listDismissals(db, portalId, companyId),
  ]);
  if (portal === undefined || !exists) return null;
  return companySuccessFromRows({ portal, score, onboarding, milestones, dismissals }, companyId, asOf, settings);
}

async function requireOnboarding(db: Database, portalId: number, companyId: string) {
  await requireCompany(db, portalId, companyId);
  const record = await findOnboardingRecord(db, portalId, companyId);
  if (record === null)
    throw new ServiceError('not_found', `Company ${companyId} has no onboarding: it has no \`new\` contract yet`);
  return record;
}

/**
 * A CSM sets the stage by hand; it wins over the derived stage until cleared. Setting `introduction` on a
 * company without onboarding starts one today: the card's "start onboarding" for a customer whose deal
 * has not reached a closed-won stage yet.
 */
export async function setManualStage(
  db: Database,
  portalId: number,
  companyId: string,
  stage: LifecycleStage,
  actor: string,
): Promise<ManualStage> {
  await requireCompany(db, portalId, companyId);
  if (stage === 'introduction' && (await findOnboardingRecord(db, portalId, companyId)) === null) {
    const portal = await findPortal(db, portalId);
    await ensureOnboarding(db, portalId, companyId, instantToLocalDate(Date.now(), portal?.timeZone ?? 'UTC'), {
      settings: await customerSuccessSettingsFor(db, portalId),
    });
  }
  await requireOnboarding(db, portalId, companyId);
  const override = { stage, setBy: actor, setAt: new Date().toISOString() };
  await updateManualStage(db, portalId, companyId, override);
  return override;
}

/** Back to the derived stage; who cleared it, and when, stay on the record. */
export async function clearManualStage(
  db: Database,
  portalId: number,
  companyId: string,
  actor: string,
): Promise<void> {
  await requireOnboarding(db, portalId, companyId);
  await updateManualStage(db, portalId, companyId, { stage: null, setBy: actor, setAt: new Date().toISOString() });
}

/** Ticks a milestone off now; a milestone already done keeps its first completion. */
export async function completeMilestone(
  db: Database,
  portalId: number,
  companyId: string,
  milestoneKey: string,
  actor: string,
): Promise<void> {
  await requireOnboarding(db, portalId, companyId);
  const milestones = await listMilestones(db, portalId, companyId);
  if (!milestones.some((milestone) => milestone.key === milestoneKey)) {
    throw new ServiceError('not_found', `Unknown onboarding milestone: ${milestoneKey}`, {
      fields: [{ field: 'milestoneKey', message: 'unknown milestone' }],
    });
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
  if (
    !kind.success ||
    product === undefined ||
    product === '' ||
    suggestionId({ kind: kind.data, productId: product }) !== id
  ) {
    throw new ServiceError('validation_failed', `Not a suggestion id: ${id}`, {
      fields: [{ field: 'suggestionId', message: 'expected <kind>:<product>' }],
    });
  }
  const dismissedAt = new Date().toISOString();
  await insertDismissal(db, { portalId, companyId, kind: kind.data, product, reason, dismissedBy: actor, dismissedAt });
  return { id, dismissedAt };
}
