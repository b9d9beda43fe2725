import { chunks } from '../../domain/collections/chunks';
import type { Executor } from '../client';
import { surveyResponses, usageEvents } from '../schema';

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
