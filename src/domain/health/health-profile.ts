import type { LifecycleStage } from '../lifecycle/stage';
import type { HealthSettings, HealthWeights } from './health-settings';

/** Picks the first profile rule whose segment and stage (when given) both match. */
export function resolveHealthProfile(
  settings: HealthSettings,
  company: { segment?: string | null; stage?: LifecycleStage | null },
): string {
  const rule = settings.profileRules.find(
    (candidate) =>
      (candidate.segment === undefined || candidate.segment === company.segment) &&
      (candidate.stage === undefined || candidate.stage === company.stage),
  );
  return rule?.profile ?? 'default';
}

export function healthWeightsFor(settings: HealthSettings, profile: string): HealthWeights {
  const weights = settings.profiles[profile];
  if (weights === undefined) throw new RangeError(`Unknown health profile: ${profile}`);
  return weights;
}
