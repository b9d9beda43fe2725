import { and, eq, inArray, sql } from 'drizzle-orm';
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
  if (rows.length === 0) return;
  // Two replicas syncing at once: the other's uncommitted rows escape this delete, so its insert must not collide.
  await db
    .insert(pipelineStages)
    .values([...rows])
    .onConflictDoUpdate({
      target: [pipelineStages.portalId, pipelineStages.objectType, pipelineStages.pipelineId, pipelineStages.id],
      set: {
        pipelineLabel: sql`excluded.pipeline_label`,
        label: sql`excluded.label`,
        displayOrder: sql`excluded.display_order`,
        isClosed: sql`excluded.is_closed`,
        probability: sql`excluded.probability`,
        isClosedWon: sql`excluded.is_closed_won`,
        syncedAt: sql`excluded.synced_at`,
      },
    });
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

/** The portal's deal pipelines (id and label) as the last sync stored them. */
export async function dealPipelines(db: Executor, portalId: number): Promise<{ id: string; label: string }[]> {
  return db
    .selectDistinct({ id: pipelineStages.pipelineId, label: pipelineStages.pipelineLabel })
    .from(pipelineStages)
    .where(and(eq(pipelineStages.portalId, portalId), eq(pipelineStages.objectType, 'deals')))
    .orderBy(pipelineStages.pipelineId);
}
