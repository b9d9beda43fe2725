import type { Executor } from '../../db/client';
import {
  completeMilestonesFromUsage,
  insertOnboardingIfMissing,
  insertOnboardingsIfMissing,
  listCompaniesAwaitingOnboarding,
} from '../../db/repositories/customer-success-onboarding-repository';
import type { CalendarDate } from '../../domain/time/calendar-date';
import { beforeTrackingActor, createOnboarding } from '../../domain/lifecycle/onboarding';
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
  openedOn?: CalendarDate,
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
      // Noon UTC falls on the due date in every portal time zone the card shows it in.
      ...(openedOn !== undefined && milestone.dueDate < openedOn
        ? { doneAt: `${milestone.dueDate}T12:00:00.000Z`, doneBy: beforeTrackingActor }
        : {}),
    })),
  };
}

/**
 * Every company whose first `new` contract has started by `asOf` gets its onboarding; returns how many were opened.
 * Opened after its hand-off (a portal's existing customers on its first run, a contract entered late), the
 * milestones due before `asOf` are recorded as done before the app tracked the company (`beforeTrackingActor`), and
 * the later ones are tracked. The demo passes `assumeEarlierMilestonesDone: false` and plays the CSMs itself.
 */
export async function ensureOnboardingForCustomers(
  db: Executor,
  portalId: number,
  asOf: CalendarDate,
  settingsGiven?: CustomerSuccessSettings,
  { assumeEarlierMilestonesDone = true }: { readonly assumeEarlierMilestonesDone?: boolean } = {},
): Promise<number> {
  const settings = settingsGiven ?? (await customerSuccessSettingsFor(db, portalId));
  const awaiting = await listCompaniesAwaitingOnboarding(db, portalId, asOf);
  const openedOn = assumeEarlierMilestonesDone ? asOf : undefined;
  return insertOnboardingsIfMissing(
    db,
    awaiting.map((company) =>
      newOnboarding(portalId, company.companyId, company.handoffDate, company.mrrMinor, settings, openedOn),
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
