import type { Client } from '@hubspot/api-client';
import type { PipelineStageRow } from '../../db/repositories/pipelines-repository';
import { isClosedWonStage } from '../../domain/contracts/closed-won';

/** Deal pipelines come in one call (HubSpot does not page them). */
export async function fetchDealPipelineStages(client: Client, portalId: number): Promise<PipelineStageRow[]> {
  const response = await client.crm.pipelines.pipelinesApi.getAll('deals');
  return response.results.flatMap((pipeline) =>
    pipeline.stages.map((stage) => {
      const metadata = stage.metadata ?? {};
      return {
        portalId,
        objectType: 'deals',
        pipelineId: pipeline.id,
        pipelineLabel: pipeline.label,
        id: stage.id,
        label: stage.label,
        displayOrder: stage.displayOrder,
        isClosed: metadata.isClosed === 'true',
        probability: metadata.probability ?? null,
        isClosedWon: isClosedWonStage(metadata),
      };
    }),
  );
}
