import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client';
import { queryRows } from './query-rows';
import { cardActions } from '../schema';

export type CardActionRow = typeof cardActions.$inferSelect;
export type CardActionName = CardActionRow['action'];

export interface NewCardAction {
  readonly portalId: number;
  readonly companyId: string;
  readonly action: CardActionName;
  readonly subject: string;
  readonly actor: string;
  readonly resultId?: string | null;
  readonly details?: Record<string, unknown>;
}

export async function recordCardAction(db: Executor, action: NewCardAction): Promise<void> {
  await db
    .insert(cardActions)
    .values({ ...action, id: randomUUID(), resultId: action.resultId ?? null, details: action.details ?? {} });
}

export async function listCardActions(db: Executor, portalId: number, companyId: string): Promise<CardActionRow[]> {
  return db
    .select()
    .from(cardActions)
    .where(and(eq(cardActions.portalId, portalId), eq(cardActions.companyId, companyId)))
    .orderBy(cardActions.createdAt);
}

/** The one row per company and suggestion that guards creating its HubSpot deal. */
export function suggestedDealActionId(companyId: string, suggestionId: string): string {
  return `suggested_deal:${companyId}:${suggestionId}`;
}

export type SuggestedDealClaim = { readonly claimed: true } | { readonly claimed: false; readonly row: CardActionRow };

/**
 * Claims the creation of a suggestion's deal before HubSpot is called: the primary key lets exactly one
 * request in, however many arrive at once or are replayed; the others see the claim.
 */
export async function claimSuggestedDeal(
  db: Executor,
  action: NewCardAction & { readonly details: Record<string, unknown> },
): Promise<SuggestedDealClaim> {
  return claimCardAction(db, suggestedDealActionId(action.companyId, action.subject), action);
}

/** The one row per company and renewal date that guards creating its HubSpot renewal deal. */
export function renewalDealActionId(companyId: string, renewalDate: string): string {
  return `renewal_deal:${companyId}:${renewalDate}`;
}

/** Claims the row `id` (see `claimSuggestedDeal`); a row already there is returned instead. */
export async function claimCardAction(
  db: Executor,
  id: string,
  action: NewCardAction & { readonly details: Record<string, unknown> },
): Promise<SuggestedDealClaim> {
  const inserted = await db
    .insert(cardActions)
    .values({ ...action, id, resultId: null })
    .onConflictDoNothing()
    .returning({ id: cardActions.id });
  if (inserted.length > 0) return { claimed: true };
  const [row] = await db
    .select()
    .from(cardActions)
    .where(and(eq(cardActions.portalId, action.portalId), eq(cardActions.id, id)));
  if (!row) return claimCardAction(db, id, action);
  return { claimed: false, row };
}

/** Takes over a claim whose creation was never confirmed; false when another request took it first. */
export async function retakeSuggestedDeal(
  db: Executor,
  portalId: number,
  id: string,
  seenClaim: string,
  details: Record<string, unknown>,
): Promise<boolean> {
  const updated = await db
    .update(cardActions)
    .set({ details })
    .where(
      and(
        eq(cardActions.portalId, portalId),
        eq(cardActions.id, id),
        isNull(cardActions.resultId),
        sql`${cardActions.details} ->> 'claim' = ${seenClaim}`,
      ),
    )
    .returning({ id: cardActions.id });
  return updated.length > 0;
}

export async function settleSuggestedDeal(
  db: Executor,
  portalId: number,
  id: string,
  outcome: { dealId: string; details: Record<string, unknown> } | { unconfirmed: Record<string, unknown> } | 'release',
): Promise<void> {
  const where = and(eq(cardActions.portalId, portalId), eq(cardActions.id, id), isNull(cardActions.resultId));
  if (outcome === 'release') await db.delete(cardActions).where(where);
  else if ('dealId' in outcome)
    await db.update(cardActions).set({ resultId: outcome.dealId, details: outcome.details }).where(where);
  else await db.update(cardActions).set({ details: outcome.unconfirmed }).where(where);
}

const createdRenewalDealRow = z.object({
  company_id: z.string(),
  renewal_date: z.string(),
  deal_id: z.string(),
  name: z.string().nullable(),
  stage: z.string().nullable(),
});

/**
 * Renewal deals the app created that the sync has not brought in yet, by company and renewal date; once
 * synced, the deal itself (open or closed) answers instead.
 */
export async function unsyncedRenewalDeals(
  db: Executor,
  portalId: number,
): Promise<{ companyId: string; renewalDate: string; dealId: string; name: string | null; stage: string | null }[]> {
  const rows = await queryRows(
    db,
    sql`select ca.company_id, ca.subject as renewal_date, ca.result_id as deal_id,
      ca.details->>'dealName' as name, ca.details->>'stageLabel' as stage
    from card_actions ca
    where ca.portal_id = ${portalId} and ca.action = 'create_renewal_deal' and ca.result_id is not null
      and not exists (select 1 from deals d where d.portal_id = ca.portal_id and d.id = ca.result_id)`,
    createdRenewalDealRow,
  );
  return rows.map((row) => ({
    companyId: row.company_id,
    renewalDate: row.renewal_date,
    dealId: row.deal_id,
    name: row.name,
    stage: row.stage,
  }));
}
