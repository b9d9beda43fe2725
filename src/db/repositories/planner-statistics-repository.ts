import { getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Database } from '../client';
import { queryRows } from './query-rows';
import {
  usageDailyActiveUsers,
  usageDailyFeatures,
  usageDailySessionTotals,
  usageMonthlyActiveUserCounts,
  usageMonthlyActiveUsers,
  usageMonthlyFeatureUsers,
  usagePendingEvents,
  usageSessions,
} from '../schema/ingestion';
import { surveyResponses, usageEvents } from '../schema/usage';
import { healthScores, onboardingMilestones, onboardingRecords } from '../schema/customer-success';
import { companies, contracts } from '../schema/foundation';
import { playbookRuns, playbookRunSteps } from '../schema/playbooks';

/** What a bulk load of usage (a CSV import, the demo's activity) fills. */
export const usageTables: readonly PgTable[] = [
  usageEvents,
  usagePendingEvents,
  usageDailyActiveUsers,
  usageMonthlyActiveUsers,
  usageMonthlyActiveUserCounts,
  usageMonthlyFeatureUsers,
  usageDailyFeatures,
  usageSessions,
  usageDailySessionTotals,
  surveyResponses,
];

/** What a portal's first health run fills (every customer's onboarding, milestones and score). */
export const healthTables: readonly PgTable[] = [healthScores, onboardingRecords, onboardingMilestones];

/** What the health run reads: every customer's contracts and usage, and the onboarding it opens. */
export const healthInputTables: readonly PgTable[] = [
  companies,
  contracts,
  usageEvents,
  usageDailyActiveUsers,
  usageMonthlyActiveUsers,
  usageMonthlyFeatureUsers,
  usageDailyFeatures,
  usageSessions,
  usageDailySessionTotals,
  surveyResponses,
  onboardingRecords,
  onboardingMilestones,
];

/** What a portal's first playbook evaluation fills (a run, and its steps, per company a trigger holds for). */
export const playbookRunTables: readonly PgTable[] = [playbookRuns, playbookRunSteps];

/** Fewer rows than this leave the statistics to autovacuum. */
export const bulkLoadRows = 1_000;

/**
 * VACUUM ANALYZE right after a bulk load (none given: every table). Autovacuum gets to a new portal's tables only
 * minutes later (or never, where it is off); until then the planner guesses from empty-table statistics and picks
 * plans that are seconds slow (the card's queries at 2,000 companies: 8-14 ms each instead of 2 ms), and every
 * first read of a loaded row pays for the load: it sets the row's hint bits (dirtying a page that then has to be
 * written out) and index-only scans visit the heap. The VACUUM does that work here, once, instead of in the
 * first requests served (the card's p99 at 1,000/s right after a seed).
 */
export async function refreshPlannerStatistics(db: Database, tables?: readonly PgTable[]): Promise<void> {
  if (tables === undefined) {
    await db.execute(sql`vacuum (analyze)`);
    return;
  }
  const names = sql.join(
    tables.map((table) => sql.identifier(getTableName(table))),
    sql`, `,
  );
  await db.execute(sql`vacuum (analyze) ${names}`);
}

/**
 * ANALYZE of those of `tables` that were never analyzed (`reltuples` is -1 until the first ANALYZE or VACUUM,
 * on Postgres and PGlite alike, without waiting for the statistics collector). A new portal's first health run
 * over 1,000 customers took 57-86 s on tables without statistics and 2 s once they had them; autovacuum may be
 * off or minutes away.
 */
export async function analyzeNeverAnalyzed(db: Database, tables: readonly PgTable[]): Promise<void> {
  const names = tables.map((table) => getTableName(table));
  const rows = await queryRows(
    db,
    sql`select c.relname from pg_class c
    where c.relkind = 'r' and c.reltuples < 0 and c.relnamespace = current_schema()::regnamespace
      and c.relname in (select jsonb_array_elements_text(${JSON.stringify(names)}::jsonb))`,
    z.object({ relname: z.string() }),
  );
  const never = new Set(rows.map((row) => row.relname));
  const toAnalyze = tables.filter((table) => never.has(getTableName(table)));
  if (toAnalyze.length > 0) await refreshPlannerStatistics(db, toAnalyze);
}
