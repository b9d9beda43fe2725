import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { chunks } from '../../domain/collections/chunks';
import type { Executor } from '../client';
import { surveyResponses, usageEvents } from '../schema';
import { queryRows } from './query-rows';

export type UsageEventRow = typeof usageEvents.$inferInsert;
export type SurveyResponseRow = typeof surveyResponses.$inferInsert;

// Postgres takes at most 65,535 bind parameters per statement; 1,000 rows stay well below.
const rowsPerStatement = 1_000;

/** Stores survey answers not seen before (by portal and response id); returns how many were new. */
export async function insertSurveyResponses(db: Executor, rows: readonly SurveyResponseRow[]): Promise<number> {
  let inserted = 0;
  for (const chunk of chunks(rows, rowsPerStatement)) {
    const result = await db
      .insert(surveyResponses)
      .values(chunk)
      .onConflictDoNothing()
      .returning({ id: surveyResponses.id });
    inserted += result.length;
  }
  return inserted;
}

/** Whether any company of the portal had an active user on a day of [firstDay, lastDay]: one index probe. */
export async function portalHadUsage(
  db: Executor,
  portalId: number,
  days: { readonly firstDay: string; readonly lastDay: string },
): Promise<boolean> {
  const [row] = await queryRows(
    db,
    sql`select exists(select 1 from usage_daily_active_users where portal_id = ${portalId}
      and day between ${days.firstDay}::date and ${days.lastDay}::date) as used`,
    z.object({ used: z.boolean() }),
  );
  return row?.used ?? false;
}
