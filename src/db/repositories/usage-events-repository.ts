import type { Executor } from '../client';
import { surveyResponses, usageEvents } from '../schema';

export type UsageEventRow = typeof usageEvents.$inferInsert;
export type SurveyResponseRow = typeof surveyResponses.$inferInsert;

// Postgres takes at most 65,535 bind parameters per statement; 1,000 rows of either table stay well below.
const rowsPerStatement = 1_000;

function chunks<T>(rows: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < rows.length; start += rowsPerStatement) result.push(rows.slice(start, start + rowsPerStatement));
  return result;
}

/** Stores events not seen before (by portal and message id); returns how many were new. */
export async function insertUsageEvents(db: Executor, rows: readonly UsageEventRow[]): Promise<number> {
  let inserted = 0;
  for (const chunk of chunks(rows)) {
    const result = await db.insert(usageEvents).values(chunk).onConflictDoNothing().returning({ messageId: usageEvents.messageId });
    inserted += result.length;
  }
  return inserted;
}

/** Stores survey answers not seen before (by portal and response id); returns how many were new. */
export async function insertSurveyResponses(db: Executor, rows: readonly SurveyResponseRow[]): Promise<number> {
  let inserted = 0;
  for (const chunk of chunks(rows)) {
    const result = await db.insert(surveyResponses).values(chunk).onConflictDoNothing().returning({ id: surveyResponses.id });
    inserted += result.length;
  }
  return inserted;
}
