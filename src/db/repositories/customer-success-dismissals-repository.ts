import { and, eq } from 'drizzle-orm';
import type { Executor } from '../client';
import { dismissedSuggestions } from '../schema';

export type DismissalRow = typeof dismissedSuggestions.$inferSelect;

export async function insertDismissal(db: Executor, row: DismissalRow): Promise<void> {
  await db.insert(dismissedSuggestions).values(row).onConflictDoNothing();
}

export async function listDismissals(db: Executor, portalId: number, companyId?: string): Promise<DismissalRow[]> {
  return db
    .select()
    .from(dismissedSuggestions)
    .where(
      and(
        eq(dismissedSuggestions.portalId, portalId),
        companyId === undefined ? undefined : eq(dismissedSuggestions.companyId, companyId),
      ),
    )
    .orderBy(dismissedSuggestions.companyId, dismissedSuggestions.dismissedAt);
}
