import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { dealCompanies, deals } from '../schema';

export type DealRow = typeof deals.$inferInsert;
export type DealCompanyRow = typeof dealCompanies.$inferInsert;

export async function upsertDeals(db: Executor, rows: readonly DealRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(deals)
    .values([...rows])
    .onConflictDoUpdate({
      target: [deals.portalId, deals.id],
      set: {
        name: sql`excluded.name`,
        amount: sql`excluded.amount`,
        closeDate: sql`excluded.close_date`,
        pipelineId: sql`excluded.pipeline_id`,
        stageId: sql`excluded.stage_id`,
        dealType: sql`excluded.deal_type`,
        ownerId: sql`excluded.owner_id`,
        primaryCompanyId: sql`excluded.primary_company_id`,
        properties: sql`excluded.properties`,
        hubspotCreatedAt: sql`excluded.hubspot_created_at`,
        hubspotUpdatedAt: sql`excluded.hubspot_updated_at`,
        archived: sql`excluded.archived`,
        syncedAt: sql`now()`,
      },
    });
}

/** Makes the stored deal-company links of these deals exactly the given ones. */
export async function replaceDealCompanies(
  db: Executor,
  portalId: number,
  dealIds: readonly string[],
  links: readonly DealCompanyRow[],
): Promise<void> {
  if (dealIds.length === 0) return;
  await db
    .delete(dealCompanies)
    .where(and(eq(dealCompanies.portalId, portalId), inArray(dealCompanies.dealId, [...dealIds])));
  if (links.length > 0)
    await db
      .insert(dealCompanies)
      .values([...links])
      .onConflictDoNothing();
}

export async function countDeals(db: Executor, portalId: number): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(deals)
    .where(eq(deals.portalId, portalId));
  return row?.count ?? 0;
}
