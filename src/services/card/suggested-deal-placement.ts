import type { Env } from '../../config/env';
import type { Executor } from '../../db/client';
import { dealPipelineStages } from '../../db/repositories/pipelines-repository';
import {
  placeSuggestedDeal,
  suggestedDealSettingsSchema,
  type SuggestedDealSettings,
} from '../../domain/deals/suggested-deal-placement';
import { ServiceError } from '../service-error';

// The suggested deal's pipeline and stage come from the environment for now; a per-portal settings store can take this module's place.
export function suggestedDealSettingsFromEnv(
  env: Pick<Env, 'CS_SUGGESTED_DEAL_PIPELINE' | 'CS_SUGGESTED_DEAL_STAGE'>,
): SuggestedDealSettings {
  return suggestedDealSettingsSchema.parse({
    pipelineId: env.CS_SUGGESTED_DEAL_PIPELINE,
    stageId: env.CS_SUGGESTED_DEAL_STAGE,
  });
}

/** The synced pipeline and stage a portal's suggested deals go to; a setting the portal cannot honour is a 409 naming it. */
export async function suggestedDealPlacement(
  db: Executor,
  portalId: number,
  settings: SuggestedDealSettings = {},
): Promise<{ pipelineId: string; stageId: string }> {
  const placement = placeSuggestedDeal(await dealPipelineStages(db, portalId), settings);
  if (!placement.ok)
    throw new ServiceError(
      'conflict',
      `Portal ${portalId}: ${placement.message} (CS_SUGGESTED_DEAL_PIPELINE, CS_SUGGESTED_DEAL_STAGE)`,
    );
  return { pipelineId: placement.pipelineId, stageId: placement.stageId };
}
