import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../client';
import { pipelineStages } from '../schema';

export type PipelineStageRow = typeof pipelineStages.$inferInsert;

/** Replaces an object type's pipelines with what HubSpot returned, so deleted stages disappear too. */
export async function replacePipelineStages(
  db: Executor,
  portalId: number,
  objectType: string,
  rows: readonly PipelineStageRow[],
): Promise<void> {
  await db
    .delete(pipelineStages)
    .where(and(eq(pipelineStages.portalId, portalId), eq(pipelineStages.objectType, objectType)));
  if (rows.length > 0) await db.insert(pipelineStages).values([...rows]);
}

/** HubSpot deal stage ids are unique across a portal's pipelines, so the id alone identifies the stage. */
export async function closedWonStageIds(db: Executor, portalId: number): Promise<string[]> {
  const rows = await db
    .select({ stageId: pipelineStages.id })
    .from(pipelineStages)
    .where(
      and(
        eq(pipelineStages.portalId, portalId),
        eq(pipelineStages.objectType, 'deals'),
        eq(pipelineStages.isClosedWon, true),
      ),
    );
  return rows.map((row) => row.stageId);
}

/** The subset of `stageIds` the portal's stored deal pipelines know. */
export async function knownDealStageIds(
  db: Executor,
  portalId: number,
  stageIds: readonly string[],
): Promise<Set<string>> {
  if (stageIds.length === 0) return new Set();
  const rows = await db
    .select({ stageId: pipelineStages.id })
    .from(pipelineStages)
    .where(
      and(
        eq(pipelineStages.portalId, portalId),
        eq(pipelineStages.objectType, 'deals'),
        inArray(pipelineStages.id, [...stageIds]),
      ),
    );
  return new Set(rows.map((row) => row.stageId));
}

/** The portal's synced deal pipeline stages. */
export async function dealPipelineStages(db: Executor, portalId: number) {
  return db
    .select({
      pipelineId: pipelineStages.pipelineId,
      pipelineLabel: pipelineStages.pipelineLabel,
      id: pipelineStages.id,
      label: pipelineStages.label,
      displayOrder: pipelineStages.displayOrder,
      isClosed: pipelineStages.isClosed,
    })
    .from(pipelineStages)
    .where(and(eq(pipelineStages.portalId, portalId), eq(pipelineStages.objectType, 'deals')));
}
