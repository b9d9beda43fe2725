import type { Client } from '@hubspot/api-client';
import type { Database } from '../../db/client';
import { knownDealStageIds } from '../../db/repositories/pipelines-repository';
import { withRetry, type RetryOptions } from '../../hubspot/client';
import { loadContractSettings } from './contract-settings';
import { fetchDealPipelineStages } from '../../hubspot/sync/pipelines-sync';
import { storeDealPipelineStages } from './pipeline-stages';
import type { HubSpotObject } from '../../hubspot/sync/record-mapping';
import type { ContractSettings } from './contract-settings';

export interface DealStageCatalog {
  /** The settings to apply `deals` with: pipelines are read again first if one of their stages is unknown. */
  settingsFor(deals: readonly HubSpotObject[]): Promise<ContractSettings>;
}

/**
 * HubSpot sends no webhook when a pipeline is added or changed, so a deal in a pipeline created after the last full
 * sync would never count as closed won. Its unknown stage triggers one re-read of the pipelines per run; a stage
 * still unknown after that (deleted meanwhile) does not trigger another.
 */
export async function createDealStageCatalog(
  client: Client,
  db: Database,
  portalId: number,
  retry: RetryOptions = {},
): Promise<DealStageCatalog> {
  let settings = await loadContractSettings(db, portalId);
  let refreshed = false;
  return {
    async settingsFor(deals) {
      if (refreshed) return settings;
      const stageIds = [
        ...new Set(deals.flatMap((deal) => (deal.properties.dealstage ? [deal.properties.dealstage] : []))),
      ];
      const known = await knownDealStageIds(db, portalId, stageIds);
      if (stageIds.every((stageId) => known.has(stageId))) return settings;
      refreshed = true;
      const rows = await withRetry(
        'GET /crm/v3/pipelines/deals',
        () => fetchDealPipelineStages(client, portalId),
        retry,
      );
      await db.transaction((transaction) => storeDealPipelineStages(transaction, portalId, rows));
      settings = await loadContractSettings(db, portalId);
      return settings;
    },
  };
}
