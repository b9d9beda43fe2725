import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client';
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
  const id = suggestedDealActionId(action.companyId, action.subject);
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
  if (!row) return claimSuggestedDeal(db, action);
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
