import { eq } from 'drizzle-orm';
import type { Executor } from '../client';
import { webhooksJournalCursors } from '../schema';

export async function journalOffset(db: Executor, journal: string): Promise<string | undefined> {
  const [row] = await db
    .select({ offset: webhooksJournalCursors.offset })
    .from(webhooksJournalCursors)
    .where(eq(webhooksJournalCursors.journal, journal));
  return row?.offset;
}

export async function saveJournalOffset(db: Executor, journal: string, offset: string | null): Promise<void> {
  if (offset === null) {
    await db.delete(webhooksJournalCursors).where(eq(webhooksJournalCursors.journal, journal));
    return;
  }
  await db
    .insert(webhooksJournalCursors)
    .values({ journal, offset, updatedAt: new Date() })
    .onConflictDoUpdate({ target: webhooksJournalCursors.journal, set: { offset, updatedAt: new Date() } });
}
