import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
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
  await db.insert(cardActions).values({ ...action, id: randomUUID(), resultId: action.resultId ?? null, details: action.details ?? {} });
}

export async function listCardActions(db: Executor, portalId: number, companyId: string): Promise<CardActionRow[]> {
  return db
    .select()
    .from(cardActions)
    .where(and(eq(cardActions.portalId, portalId), eq(cardActions.companyId, companyId)))
    .orderBy(cardActions.createdAt);
}
