import type { Client } from '@hubspot/api-client';
import type { PipelineStageRow } from '../../db/repositories/pipelines-repository';
import { isClosedWonStage } from '../../domain/contracts/closed-won';

/** A deal pipeline as HubSpot's pipelines API answers it. */
export interface DealPipelineView {
  readonly id: string;
  readonly label: string;
  readonly stages: readonly {
    readonly id: string;
    readonly label: string;
    readonly displayOrder: number;
    readonly metadata?: Record<string, string>;
  }[];
}

/** Each stage of the deal pipelines as the product keeps it. */
export function dealPipelineStageRows(portalId: number, pipelines: readonly DealPipelineView[]): PipelineStageRow[] {
  return pipelines.flatMap((pipeline) =>
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

/** Deal pipelines come in one call (HubSpot does not page them). */
export async function fetchDealPipelineStages(client: Client, portalId: number): Promise<PipelineStageRow[]> {
  const response = await client.crm.pipelines.pipelinesApi.getAll('deals');
  return dealPipelineStageRows(portalId, response.results);
}
