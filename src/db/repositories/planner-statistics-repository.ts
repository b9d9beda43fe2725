import { getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../client';
import {
  usageDailyActiveUsers,
  usageDailyFeatures,
  usageMonthlyActiveUserCounts,
  usageMonthlyActiveUsers,
  usagePendingEvents,
  usageSessions,
} from '../schema/ingestion';
import { surveyResponses, usageEvents } from '../schema/usage';
import { healthScores, onboardingMilestones, onboardingRecords } from '../schema/customer-success';

/** What a bulk load of usage (a CSV import, the demo's activity) fills. */
export const usageTables: readonly PgTable[] = [
  usageEvents,
  usagePendingEvents,
  usageDailyActiveUsers,
  usageMonthlyActiveUsers,
  usageMonthlyActiveUserCounts,
  usageDailyFeatures,
  usageSessions,
  surveyResponses,
];

/** What a portal's first health run fills (every customer's onboarding, milestones and score). */
export const healthTables: readonly PgTable[] = [healthScores, onboardingRecords, onboardingMilestones];

/** Fewer rows than this leave the statistics to autovacuum. */
export const bulkLoadRows = 1_000;

/**
 * ANALYZE right after a bulk load (none given: every table). Autovacuum gets to a new portal's tables only
 * minutes later; until then the planner guesses from empty-table statistics and picks plans that are
 * seconds slow (the card's queries at 2,000 companies: 8-14 ms each instead of 2 ms).
 */
export async function refreshPlannerStatistics(db: Database, tables?: readonly PgTable[]): Promise<void> {
  if (tables === undefined) {
    await db.execute(sql`analyze`);
    return;
  }
  const names = sql.join(
    tables.map((table) => sql.identifier(getTableName(table))),
    sql`, `,
  );
  await db.execute(sql`analyze ${names}`);
}
