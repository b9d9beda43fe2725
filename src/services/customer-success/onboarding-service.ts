import type { Executor } from '../../db/client';
import {
  completeMilestonesFromUsage,
  insertOnboardingIfMissing,
  insertOnboardingsIfMissing,
  listCompaniesAwaitingOnboarding,
} from '../../db/repositories/customer-success-onboarding-repository';
import type { CalendarDate } from '../../domain/time/calendar-date';
import { createOnboarding } from '../../domain/lifecycle/onboarding';
import { touchModelFor } from '../../domain/lifecycle/touch-model';
import { customerSuccessSettingsFor, type CustomerSuccessSettings } from './customer-success-settings';

export interface EnsureOnboardingOptions {
  /** Company MRR at hand-off, for the touch model; 0 puts it in the lowest tier. */
  readonly mrrMinor?: number;
  readonly settings?: CustomerSuccessSettings;
}

/**
 * Opens the onboarding of a customer at hand-off with the portal's milestones; does nothing when
 * the company already has one. The sync calls it for each first `new` contract, the closed-won
 * webhook hand-off calls it too.
 */
export async function ensureOnboarding(
  db: Executor,
  portalId: number,
  companyId: string,
  handoffDate: CalendarDate,
  options: EnsureOnboardingOptions = {},
): Promise<boolean> {
  const settings = options.settings ?? (await customerSuccessSettingsFor(db, portalId));
  const { milestones, ...record } = newOnboarding(portalId, companyId, handoffDate, options.mrrMinor ?? 0, settings);
  return insertOnboardingIfMissing(db, record, milestones);
}

function newOnboarding(
  portalId: number,
  companyId: string,
  handoffDate: CalendarDate,
  mrrMinor: number,
  settings: CustomerSuccessSettings,
) {
  return {
    portalId,
    companyId,
    handoffDate,
    touchModel: touchModelFor(mrrMinor, settings.lifecycle),
    milestones: createOnboarding(handoffDate, settings.lifecycle).milestones.map((milestone, position) => ({
      key: milestone.key,
      label: milestone.label,
      required: milestone.required,
      position,
      dueDate: milestone.dueDate,
    })),
  };
}

/** Every company whose first `new` contract has started by `asOf` gets its onboarding; returns how many were opened. */
export async function ensureOnboardingForCustomers(
  db: Executor,
  portalId: number,
  asOf: CalendarDate,
  settingsGiven?: CustomerSuccessSettings,
): Promise<number> {
  const settings = settingsGiven ?? (await customerSuccessSettingsFor(db, portalId));
  const awaiting = await listCompaniesAwaitingOnboarding(db, portalId, asOf);
  return insertOnboardingsIfMissing(
    db,
    awaiting.map((company) =>
      newOnboarding(portalId, company.companyId, company.handoffDate, company.mrrMinor, settings),
    ),
  );
}

/** Milestones that product usage completes (e.g. "first 3 users active"), for the whole portal at once. */
export async function applyUsageMilestones(
  db: Executor,
  portalId: number,
  asOf: CalendarDate,
  timeZone: string,
  settings: CustomerSuccessSettings,
): Promise<void> {
  for (const definition of settings.lifecycle.milestones) {
    if (definition.completesWhenActiveUsersReach === undefined) continue;
    await completeMilestonesFromUsage(
      db,
      portalId,
      definition.key,
      definition.completesWhenActiveUsersReach,
      asOf,
      timeZone,
    );
  }
}
