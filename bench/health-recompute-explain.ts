// EXPLAIN (ANALYZE, BUFFERS) of the statements a health recompute runs, for bench/health-recompute.ts --explain.
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../src/db/client';
import { useAnalyticPlannerSettings } from '../src/db/repositories/analytic-query';
import { dailyActivityQuery } from '../src/db/repositories/customer-success-activity-repository';
import { companyRanges, healthInputQuery } from '../src/db/repositories/customer-success-inputs-repository';
import { findPortal } from '../src/db/repositories/portals-repository';
import { queryRows } from '../src/db/repositories/query-rows';
import { coreFeatureKeys } from '../src/domain/catalog/catalog-queries';
import { addDays } from '../src/domain/time/calendar-date';
import { z } from 'zod';
import { defaultCustomerSuccessSettings } from '../src/services/customer-success/customer-success-settings';
import { parallelInputStatements } from '../src/services/customer-success/recompute-health';

async function explain(db: Database, label: string, query: SQL): Promise<void> {
  const lines = await db.transaction(async (transaction) => {
    await useAnalyticPlannerSettings(transaction);
    const result = await transaction.execute(sql`explain (analyze, buffers) ${query}`);
    return (result as { rows: Array<Record<string, string>> }).rows.map((row) => Object.values(row)[0]);
  });
  process.stdout.write(`\n== ${label}\n${lines.join('\n')}\n`);
}

export async function explainStatements(db: Database, portalId: number, asOf: string): Promise<void> {
  const portal = await findPortal(db, portalId);
  const settings = defaultCustomerSuccessSettings();
  const window = {
    portalId,
    asOf,
    timeZone: portal?.timeZone ?? 'UTC',
    sessionGapMinutes: settings.sessions.inactivityMinutes,
    useSessionIds: settings.sessions.useSessionId,
    coreProductId: settings.catalog.coreProductId,
  };
  // One of the statements the recompute runs at once.
  const [partition] = await companyRanges(db, window, parallelInputStatements);
  await explain(
    db,
    `health inputs (first of ${parallelInputStatements} partitions)`,
    healthInputQuery(window, partition),
  );
  // A first run rebuilds the missing daily history of about a tenth of the customers (the bench portfolio's share).
  const sample = await queryRows(
    db,
    sql`select id from companies where portal_id = ${portalId} and abs(hashtext(id)) % 10 = 0`,
    z.object({ id: z.string() }),
  );
  await explain(
    db,
    `rebuilt daily history of ${sample.length} companies (first run)`,
    dailyActivityQuery({
      portalId,
      companyIds: sample.map((row) => row.id),
      from: addDays(asOf, -settings.lifecycle.establishedAfterDays),
      to: addDays(asOf, -1),
      timeZone: window.timeZone,
      features: coreFeatureKeys(settings.catalog),
      seatProductId: settings.catalog.coreProductId,
    }),
  );
}
