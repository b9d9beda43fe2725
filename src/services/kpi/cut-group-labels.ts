import type { ManagerCut } from '../../../extensions/app/pages/shared/manager-payload';
import type { Executor } from '../../db/client';
import { ownerNames } from '../../db/repositories/manager-portfolio-repository';
import { inWords } from '../../domain/text/in-words';
import { tierLabel } from '../wording/labels';

/** What a cut groups by, in the words of the manager view. */
export const cutNames: Record<ManagerCut, string> = {
  owner: 'CSM',
  tier: 'Tier',
  industry: 'Industry',
  lifecycle_stage: 'Lifecycle stage',
  onboarding_cohort: 'Hand-off cohort',
};

const missingLabels: Record<ManagerCut, string> = {
  owner: 'Unassigned',
  tier: 'No tier',
  industry: 'No industry',
  lifecycle_stage: 'No lifecycle stage',
  onboarding_cohort: 'No hand-off',
};

/** A group of a cut as people read it: the CSM's name (`owners`: id -> name), the tier's label, the stage in words. */
export function cutGroupLabel(cut: ManagerCut, key: string | null, owners: ReadonlyMap<string, string>): string {
  if (key === null) return missingLabels[cut];
  if (cut === 'owner') return owners.get(key) ?? `Owner ${key}`;
  if (cut === 'tier') return tierLabel(key);
  return cut === 'onboarding_cohort' ? key : inWords(key);
}

/** Labels the groups of a cut of the portal's KPIs or cohorts, reading the owners' names once. */
export async function cutGroupLabeler(
  db: Executor,
  portalId: number,
  cut: ManagerCut,
): Promise<(key: string | null) => string> {
  const owners = cut === 'owner' ? await ownerNames(db, portalId) : new Map<string, string>();
  return (key) => cutGroupLabel(cut, key, owners);
}
