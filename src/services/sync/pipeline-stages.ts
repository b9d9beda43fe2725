import type { Executor } from '../../db/client';
import { replacePipelineStages, type PipelineStageRow } from '../../db/repositories/pipelines-repository';

export async function storeDealPipelineStages(
  db: Executor,
  portalId: number,
  rows: readonly PipelineStageRow[],
): Promise<void> {
  await replacePipelineStages(db, portalId, 'deals', rows);
}
