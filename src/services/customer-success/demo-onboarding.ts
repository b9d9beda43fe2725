import type { Database } from '../../db/client';
import { completeDemoMilestones } from '../../db/repositories/customer-success-onboarding-repository';
import { findPortal } from '../../db/repositories/portals-repository';
import { customerSuccessSettingsFor, type CustomerSuccessSettings } from './customer-success-settings';
import { ensureOnboardingForCustomers } from './onboarding-service';

// Some recent customers (their last milestone due within the last weeks) are still waiting for their first value,
// so the demo shows overdue milestones, each overdue by days or weeks as a real portfolio would be.
const demoBehindPercent = 30;

/**
 * The sandbox demo has no CSM clicking milestones, so this plays their part deterministically:
 * opens every onboarding and completes the milestones due by `asOf`, holding the last one back
 * for some companies. Apply it once after syncing the demo portfolio, before `recomputeHealth`.
 */
export async function seedDemoOnboarding(
  db: Database,
  portalId: number,
  asOf: string,
  settingsGiven?: CustomerSuccessSettings,
): Promise<void> {
  const portal = await findPortal(db, portalId);
  if (portal === undefined) throw new RangeError(`Portal ${portalId} has not been synced`);
  const settings = settingsGiven ?? (await customerSuccessSettingsFor(db, portalId));
  await ensureOnboardingForCustomers(db, portalId, asOf, settings, { assumeEarlierMilestonesDone: false });
  const last = settings.lifecycle.milestones.filter((milestone) => milestone.required).at(-1);
  if (last === undefined) return;
  await completeDemoMilestones(db, portalId, asOf, portal.timeZone, last.key, demoBehindPercent);
}
