import type { TouchModel } from '../lifecycle/touch-model';
import type { HandoffSettings } from './handoff-settings';

export type CsmAssignmentReason = 'company_owner_is_csm' | 'least_loaded_csm';

export interface CsmChoice {
  readonly ownerId: string;
  readonly reason: CsmAssignmentReason;
  readonly detail: string;
}

export interface CsmChoiceInput {
  readonly companyOwnerId: string | null;
  readonly touchModel: TouchModel;
  /** Owners that are not archived, so a departed CSM is never picked. */
  readonly activeOwnerIds: readonly string[];
  /** Active owners in the CS team of HubSpot (settings.csmTeamName); used when no CSM list is configured. */
  readonly teamOwnerIds?: readonly string[];
  /** Customers each owner looks after now; an owner missing from the map has none. */
  readonly loads: ReadonlyMap<string, number>;
  readonly settings: Pick<HandoffSettings, 'csmOwnerIds' | 'csmOwnerIdsByTouchModel'>;
}

export function isCsmListConfigured(settings: CsmChoiceInput['settings']): boolean {
  return (
    settings.csmOwnerIds.length > 0 || Object.values(settings.csmOwnerIdsByTouchModel).some((ids) => ids.length > 0)
  );
}

/** The active owners in the HubSpot team named by the settings. */
function hubSpotTeam(input: Pick<CsmChoiceInput, 'activeOwnerIds' | 'teamOwnerIds'>): readonly string[] {
  return (input.teamOwnerIds ?? []).filter((id) => input.activeOwnerIds.includes(id));
}

/** Without a configured list: the HubSpot CS team's owners, or every active owner when that team is empty. */
function unconfiguredTeam(input: Pick<CsmChoiceInput, 'activeOwnerIds' | 'teamOwnerIds'>): readonly string[] {
  const team = hubSpotTeam(input);
  return team.length > 0 ? team : input.activeOwnerIds;
}

/** The whole CS team: every configured CSM, else the HubSpot CS team, else every active owner. */
export function csmTeam(input: Pick<CsmChoiceInput, 'activeOwnerIds' | 'teamOwnerIds' | 'settings'>): Set<string> {
  const active = new Set(input.activeOwnerIds);
  if (!isCsmListConfigured(input.settings)) return new Set(unconfiguredTeam(input));
  const configured = [...input.settings.csmOwnerIds, ...Object.values(input.settings.csmOwnerIdsByTouchModel).flat()];
  return new Set(configured.filter((id) => active.has(id)));
}

function eligibleFor(input: CsmChoiceInput): string[] {
  const active = new Set(input.activeOwnerIds);
  const forModel = input.settings.csmOwnerIdsByTouchModel[input.touchModel];
  const listed =
    forModel ?? (input.settings.csmOwnerIds.length > 0 ? input.settings.csmOwnerIds : unconfiguredTeam(input));
  return [...new Set(listed)].filter((id) => active.has(id));
}

const byOwnerId = (left: string, right: string) => left.localeCompare(right, 'en', { numeric: true });

/**
 * The company owner when they are on the CS team already; else the eligible CSM for the touch model with the
 * fewest customers (ties: the lowest owner id, so a replay picks the same one). Null when nobody is eligible.
 */
export function chooseCsm(input: CsmChoiceInput): CsmChoice | null {
  const teamFound = hubSpotTeam(input).length > 0;
  const unconfigured = isCsmListConfigured(input.settings)
    ? ''
    : teamFound
      ? ' (no CSM list configured: the HubSpot CS team)'
      : ' (no CSM list configured and no HubSpot CS team: every owner is eligible)';
  if (input.companyOwnerId !== null && csmTeam(input).has(input.companyOwnerId)) {
    return {
      ownerId: input.companyOwnerId,
      reason: 'company_owner_is_csm',
      detail: `the company owner is on the CS team${unconfigured}`,
    };
  }
  const eligible = eligibleFor(input);
  const loadOf = (id: string) => input.loads.get(id) ?? 0;
  const [chosen] = eligible.sort((left, right) => loadOf(left) - loadOf(right) || byOwnerId(left, right));
  if (chosen === undefined) return null;
  return {
    ownerId: chosen,
    reason: 'least_loaded_csm',
    detail: `fewest customers (${loadOf(chosen)}) among ${eligible.length} ${input.touchModel} CSMs${unconfigured}`,
  };
}
